"""Fixtures of the events tests.

- ``make_event(district, days=7, hours=2, **fields)``: an event starting ``days`` days from now
  (negative: in the past), lasting ``hours``; registration open, private, no seat limit unless
  given;
- ``event``: a Carpi seminar in a week with 2 seats, a place and an online link;
- ``register(event, user, firm=None)``: a confirmed registration written straight to the
  database.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from filiera.district.models import Event, Registration

ONLINE = "https://meet.example.test/secret-room-4711"


def make_event(district, days: float = 7, hours: float = 2, **fields) -> Event:
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    values = {
        "kind": Event.Kind.SEMINAR,
        "title_it": "Seminario sul passaporto digitale",
        "title_en": "Seminar on the digital passport",
        "description_it": "Cosa cambia per le imprese.",
        "description_en": "What changes for firms.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "place": "Sala del Consorzio, Via Roma 1, Carpi",
        **fields,
    }
    return Event.objects.create(district=district, **values)


def register(event: Event, user, firm=None, **fields) -> Registration:
    return Registration.objects.create(event=event, user=user, firm=firm, **fields)


@pytest.fixture
def event(carpi) -> Event:
    return make_event(carpi, capacity=2, online_url=ONLINE)
