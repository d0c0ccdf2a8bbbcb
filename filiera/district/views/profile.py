"""A firm's public profile settings (what it shows in the showcase) and the contact requests visitors sent it."""

from __future__ import annotations

urlpatterns: list = []
