"""Networks of firms: pages for members and district staff, and their management."""

from __future__ import annotations

urlpatterns: list = []
