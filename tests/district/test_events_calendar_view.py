"""The events calendar page: the month asked for, events on their days, the upcoming list."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from tests.district import factories_events as fixtures


def test_month_grid_shows_events_on_their_days(client_for, owner_a, carpi):
    # 10:00 on 30 June 2031 to 12:00 on 1 July (Italian time): two days, two months.
    fair = fixtures.make_event(
        carpi,
        starts_at=datetime(2031, 6, 30, 8, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 10, 0, tzinfo=UTC),
        title_it="Fiera a cavallo del mese",
    )
    url = reverse("event_calendar")
    response = client_for(owner_a).get(url, {"month": "2031-06"})
    assert response.status_code == 200
    month = response.context["month"]
    assert (month.key, month.previous, month.next) == ("2031-06", "2031-05", "2031-07")
    by_day = {d.date.isoformat(): [r.event.pk for r in d.items] for w in month.weeks for d in w}
    assert by_day["2031-06-30"] == [fair.pk]
    assert by_day["2031-07-01"] == [fair.pk]  # shown in the grid's last week too
    assert by_day["2031-06-29"] == []
    html = response.content.decode()
    assert "?month=2031-05" in html and "?month=2031-07" in html
    assert reverse("event_detail", args=[fair.pk]) in html
    july = client_for(owner_a).get(url, {"month": "2031-07"}).context["month"]
    assert [r.event.pk for r in july.days_with_items()[0].items] == [fair.pk]


def test_bad_month_shows_this_month_with_today_marked(client_for, owner_a):
    response = client_for(owner_a).get(reverse("event_calendar"), {"month": "2031-13"})
    today = timezone.localdate()
    month = response.context["month"]
    assert (month.year, month.month) == (today.year, today.month)
    assert 'aria-current="date"' in response.content.decode()


def test_upcoming_list_marks_registration_and_seats(client_for, owner_a, owner_b, carpi):
    mine = fixtures.make_event(carpi, days=2, capacity=3, title_it="Il mio seminario")
    fixtures.register(mine, owner_a)
    fixtures.register(mine, owner_b)
    fixtures.make_event(carpi, days=-2, title_it="Evento passato")
    cancelled = fixtures.make_event(carpi, days=4, cancelled=True, title_it="Evento annullato")
    response = client_for(owner_a).get(reverse("event_calendar"))
    rows = {r.event.pk: r for r in response.context["upcoming"]}
    assert set(rows) == {mine.pk, cancelled.pk}
    assert (rows[mine.pk].mine, rows[mine.pk].left) == (True, 1)
    assert rows[cancelled.pk].mine is False
    html = response.content.decode()
    assert "Evento passato" not in html.split('id="upcoming"')[1]
