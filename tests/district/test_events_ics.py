"""Calendar files: they parse, carry the right times in UTC, a stable UID and the status."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse

from filiera.district import ics
from filiera.district.models import Event
from filiera.district.public import public_url
from tests.district import factories_events as fixtures

event = fixtures.event
WHEN = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)  # 10:30 in Italy


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://filiera.example.org:8443"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def fixed(carpi) -> Event:
    return fixtures.make_event(
        carpi,
        starts_at=WHEN,
        ends_at=WHEN.replace(hour=12),
        online_url=fixtures.ONLINE,
        public=True,
        title_it="Laboratorio: sostanze chimiche; gestione",
        title_en="Lab on chemical management",
    )


def test_event_file_has_uid_times_and_texts(client_for, owner_a, fixed):
    response = client_for(owner_a).get(
        reverse("event_ics", args=[fixed.pk]), headers={"accept-language": "en"}
    )
    assert 'filename="event-' in response["Content-Disposition"]
    cal = parse(response)
    [item] = cal.events
    assert str(item["uid"]) == f"event-{fixed.pk}@filiera.example.org"
    assert item.start == WHEN and item.start.utcoffset().total_seconds() == 0
    assert item.end == WHEN.replace(hour=12)
    assert b"DTSTART:20300304T093000Z" in response.content
    assert str(item["summary"]) == "Lab on chemical management"
    assert str(item["description"]) == "What changes for firms."
    assert str(item["location"]) == fixed.place
    assert str(item["url"]).endswith(reverse("event_detail", args=[fixed.pk]))
    assert str(item["status"]) == "CONFIRMED"
    # Not registered: the join link is not in the file.
    assert fixtures.ONLINE not in response.content.decode()


def test_registered_people_get_the_join_link(client_for, owner_a, fixed):
    fixtures.register(fixed, owner_a)
    response = client_for(owner_a).get(reverse("event_ics", args=[fixed.pk]))
    assert fixtures.ONLINE in parse(response).events[0]["description"]


def test_italian_text_when_english_is_missing(client_for, owner_a, carpi):
    only_it = fixtures.make_event(carpi, title_en="", description_en="")
    response = client_for(owner_a).get(
        reverse("event_ics", args=[only_it.pk]), headers={"accept-language": "en"}
    )
    item = parse(response).events[0]
    assert str(item["summary"]) == only_it.title_it
    assert str(item["description"]) == only_it.description_it


def test_cancelled_event_is_marked(client_for, owner_a, fixed):
    Event.objects.filter(pk=fixed.pk).update(cancelled=True)
    item = parse(client_for(owner_a).get(reverse("event_ics", args=[fixed.pk]))).events[0]
    assert str(item["status"]) == "CANCELLED"


def test_public_event_file(client_for, carpi_showcase, fixed):
    url = public_url("showcase_event_ics", "en", slug="carpi", pk=fixed.pk)
    item = parse(client_for(None).get(url)).events[0]
    assert str(item["uid"]) == ics.uid(fixed) == f"event-{fixed.pk}@filiera.example.org"
    assert item.start == WHEN
    assert str(item["summary"]) == "Lab on chemical management"
    assert str(item["url"]) == "https://filiera.example.org:8443" + public_url(
        "showcase_event", "en", slug="carpi", pk=fixed.pk
    )
    assert fixtures.ONLINE not in client_for(None).get(url).content.decode()
    italian = client_for(None).get(
        public_url("showcase_event_ics", "it", slug="carpi", pk=fixed.pk)
    )
    assert "sostanze chimiche" in str(parse(italian).events[0]["summary"])


def test_public_event_file_only_for_public_events(client_for, carpi_showcase, event):
    url = public_url("showcase_event_ics", "it", slug="carpi", pk=event.pk)
    assert client_for(None).get(url).status_code == 404
    Event.objects.filter(pk=event.pk).update(public=True)
    assert client_for(None).get(url).status_code == 200


def test_district_feed_lists_public_upcoming_events(client_for, carpi_showcase, carpi, prato):
    shown = fixtures.make_event(carpi, public=True, title_it="Fiera")
    cancelled = fixtures.make_event(carpi, public=True, cancelled=True, title_it="Annullato")
    fixtures.make_event(carpi, public=False, title_it="Riservato")
    fixtures.make_event(carpi, days=-30, public=True, title_it="Passato")
    fixtures.make_event(prato, public=True, title_it="Altrove")
    response = client_for(None).get(public_url("showcase_events_ics", "it", slug="carpi"))
    cal = parse(response)
    assert response["Content-Disposition"].startswith("inline")
    found = {str(e["uid"]): str(e["status"]) for e in cal.events}
    assert found == {ics.uid(shown): "CONFIRMED", ics.uid(cancelled): "CANCELLED"}
    assert "Riservato" not in response.content.decode()


def test_files_need_a_published_showcase(client_for, carpi, fixed):
    for url in (
        public_url("showcase_events_ics", "it", slug="carpi"),
        public_url("showcase_event_ics", "it", slug="carpi", pk=fixed.pk),
    ):
        assert client_for(None).get(url).status_code == 404


def test_calendar_function_round_trips(fixed):
    body = ics.calendar([(fixed, "https://x.test/e")], lang="it", name="Eventi")
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["version"]) == "2.0"
    assert str(cal["x-wr-calname"]) == "Eventi"
    assert str(cal.events[0]["summary"]) == fixed.title_it
