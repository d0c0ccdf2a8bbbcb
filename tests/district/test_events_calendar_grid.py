"""The month grid of the events calendar: plain Python, no database."""

from __future__ import annotations

from datetime import date

from filiera.district.calendar_grid import group_by_day, month_grid, parse_month, shift, spread

TODAY = date(2026, 5, 14)


def test_parse_month_reads_year_and_month():
    assert parse_month("2026-02", TODAY) == (2026, 2)
    assert parse_month(" 2027-12 ", TODAY) == (2027, 12)


def test_parse_month_falls_back_to_today_on_bad_input():
    for text in (
        None,
        "",
        "2026-13",
        "2026-00",
        "26-05",
        "may",
        "2026-5",
        "0000-05",
        "9999-12",
        "0001-01",
    ):
        assert parse_month(text, TODAY) == (2026, 5), text


def test_shift_crosses_years():
    assert shift(2026, 1, -1) == (2025, 12)
    assert shift(2026, 12, 1) == (2027, 1)
    assert shift(2026, 5, 0) == (2026, 5)
    assert shift(2026, 5, -17) == (2024, 12)


def test_grid_covers_the_month_in_whole_weeks_starting_on_monday():
    grid = month_grid(2026, 5, today=TODAY)
    assert all(len(week) == 7 for week in grid.weeks)
    assert grid.grid_first == date(2026, 4, 27)  # a Monday
    assert grid.grid_first.weekday() == 0
    assert grid.grid_last == date(2026, 5, 31)  # a Sunday
    inside = [d.date for week in grid.weeks for d in week if d.in_month]
    assert inside[0] == date(2026, 5, 1) and inside[-1] == date(2026, 5, 31)
    assert len(inside) == 31
    assert not grid.weeks[0][0].in_month


def test_grid_marks_today_once_and_navigates():
    grid = month_grid(2026, 5, today=TODAY)
    todays = [d for week in grid.weeks for d in week if d.is_today]
    assert [d.date for d in todays] == [TODAY]
    assert (grid.key, grid.previous, grid.next) == ("2026-05", "2026-04", "2026-06")
    assert month_grid(2026, 12).next == "2027-01"
    assert month_grid(2026, 1).previous == "2025-12"
    assert not any(d.is_today for week in month_grid(2026, 6, today=TODAY).weeks for d in week)


def test_february_of_a_leap_year():
    grid = month_grid(2028, 2)
    assert grid.last == date(2028, 2, 29)
    assert sum(d.in_month for week in grid.weeks for d in week) == 29


def test_items_land_on_their_days():
    items = {date(2026, 5, 3): ["a", "b"], date(2026, 6, 1): ["c"]}
    grid = month_grid(2026, 5, items, today=TODAY)
    by_day = {d.date: list(d.items) for week in grid.weeks for d in week}
    assert by_day[date(2026, 5, 3)] == ["a", "b"]
    assert by_day[date(2026, 5, 4)] == []
    # The list shown on phones: only the month's own days with something on them.
    assert [d.date for d in grid.days_with_items()] == [date(2026, 5, 3)]


def test_spread_clips_to_the_grid():
    first, last = date(2026, 4, 27), date(2026, 5, 31)
    assert spread(date(2026, 5, 2), date(2026, 5, 4), first, last) == [
        date(2026, 5, 2),
        date(2026, 5, 3),
        date(2026, 5, 4),
    ]
    assert spread(date(2026, 5, 30), date(2026, 6, 2), first, last) == [
        date(2026, 5, 30),
        date(2026, 5, 31),
    ]
    assert spread(date(2026, 6, 2), date(2026, 6, 3), first, last) == []
    # An end before the start counts as the start day alone.
    assert spread(date(2026, 5, 5), date(2026, 5, 1), first, last) == [date(2026, 5, 5)]


def test_very_long_items_show_on_first_and_last_day_only():
    first, last = date(2026, 4, 27), date(2026, 5, 31)
    assert spread(date(2026, 1, 1), date(2026, 5, 10), first, last) == [date(2026, 5, 10)]


def test_group_by_day_keeps_order():
    first, last = date(2026, 4, 27), date(2026, 5, 31)
    days = group_by_day(
        [(date(2026, 5, 1), date(2026, 5, 2), "fair"), (date(2026, 5, 2), date(2026, 5, 2), "lab")],
        first,
        last,
    )
    assert days == {date(2026, 5, 1): ["fair"], date(2026, 5, 2): ["fair", "lab"]}
