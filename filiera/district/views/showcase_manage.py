"""District managers publish the showcase, write its story and its news."""

from __future__ import annotations

urlpatterns: list = []
