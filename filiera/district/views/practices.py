"""The good-practice library: list, write, publish, evaluate, adopt."""

from __future__ import annotations

urlpatterns: list = []
