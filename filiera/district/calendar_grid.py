"""A month as a grid of weeks for the events calendar. Plain Python: dates in, dates out.

``month_grid(year, month, items, today)`` gives the weeks (Monday first) that cover the month,
each day with the items that fall on it and whether it is today or outside the month;
``parse_month("2026-05", today)`` reads the ``?month=`` parameter (today's month when it is
missing or wrong); ``spread(start, end, first, last)`` lists the days an item covers within the
grid, so an event of two days shows on both.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# Months outside these years fall back to today's (the grid's edges must stay valid dates).
MIN_YEAR, MAX_YEAR = 1900, 2200
# Longest span shown day by day; longer items show on their first and last day only.
MAX_SPAN_DAYS = 62


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    items: Sequence[Any] = field(default_factory=tuple)


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day]]

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        return month_key(self.year, self.month)

    @property
    def previous(self) -> str:
        return month_key(*shift(self.year, self.month, -1))

    @property
    def next(self) -> str:
        return month_key(*shift(self.year, self.month, 1))

    @property
    def grid_first(self) -> date:
        return self.weeks[0][0].date

    @property
    def grid_last(self) -> date:
        return self.weeks[-1][-1].date

    def days_with_items(self) -> list[Day]:
        """The month's own days that hold something, in order (the list shown on phones)."""
        return [day for week in self.weeks for day in week if day.in_month and day.items]


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    """The month ``by`` months after (or before, when negative) the given one."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def parse_month(text: str | None, today: date) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); today's month when empty or not a real month."""
    found = MONTH_PATTERN.match((text or "").strip())
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
            return year, month
    return today.year, today.month


def spread(start: date, end: date, first: date, last: date) -> list[date]:
    """The days from ``start`` to ``end`` (both included) that fall within ``first`` to ``last``.
    An end before the start counts as the start day alone."""
    end = max(start, end)
    if (end - start).days > MAX_SPAN_DAYS:
        return [d for d in (start, end) if first <= d <= last]
    lo, hi = max(start, first), min(end, last)
    return [lo + timedelta(days=n) for n in range((hi - lo).days + 1)] if lo <= hi else []


def month_grid(
    year: int,
    month: int,
    items: Mapping[date, Sequence[Any]] | None = None,
    today: date | None = None,
    first_weekday: int = calendar.MONDAY,
) -> Month:
    """The weeks that cover ``year``-``month``, with ``items[day]`` on each day."""
    items = items or {}
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    return Month(
        year,
        month,
        [
            [Day(d, d.month == month, d == today, tuple(items.get(d, ()))) for d in week]
            for week in weeks
        ],
    )


def group_by_day(
    entries: Iterable[tuple[date, date, Any]], first: date, last: date
) -> dict[date, list[Any]]:
    """``{day: [item, …]}`` from (start day, end day, item) triples, within ``first`` to ``last``;
    items keep the order they come in."""
    days: dict[date, list[Any]] = {}
    for start, end, item in entries:
        for day in spread(start, end, first, last):
            days.setdefault(day, []).append(item)
    return days
