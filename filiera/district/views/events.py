"""Labs, seminars, trainings and events: calendar, registration, attendance, materials, ICS."""

from __future__ import annotations

urlpatterns: list = []
