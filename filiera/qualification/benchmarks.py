"""Benchmarks: where a score stands among comparable firms (plain Python, no Django).

A cohort is a list of scores (0-100), one per firm, the firm itself included. DESIGN.md asks
for benchmarks only on cohorts of at least :data:`MIN_COHORT` firms, so that no figure lets
anyone work out another firm's score: below that size every function here returns ``None``,
and pages say "fewer than 5 comparable firms".

* **Percentile** of a value: 100 * (values strictly below + 1/2 * values equal) / n, rounded to one
  decimal. With the firm in its own cohort, the single best firm of five gets 90, the median
  one 50; five equal scores all get 50.
* **Quartiles** by linear interpolation between the sorted values (position p * (n - 1), as in
  spreadsheets' QUARTILE.INC): for 10, 20, 30, 40, 50 they are 20, 30 and 40.
* **Grade counts**: how many scores fall in each grade; a page hides every count below
  :data:`MIN_COHORT` (:func:`suppress`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_COHORT = 5
GRADES = ("A", "B", "C", "D", "E")
SUPPRESSED = "<5"


@dataclass(frozen=True, slots=True)
class CohortSummary:
    n: int
    min: float
    q1: float
    median: float
    q3: float
    max: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """A firm's value against its cohort: what a benchmark page shows."""

    value: float
    percentile: float
    summary: CohortSummary


def _clean(values: Iterable[float | None]) -> list[float]:
    return sorted(float(v) for v in values if v is not None and math.isfinite(float(v)))


def enough(values: Sequence[float | None]) -> bool:
    """Whether a cohort is large enough to show figures about it."""
    return len(_clean(values)) >= MIN_COHORT


def quantile(ordered: Sequence[float], p: float) -> float:
    """The p-quantile (0..1) of already sorted values, by linear interpolation."""
    if not ordered:
        raise ValueError("no values")
    position = p * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return round(ordered[low] + (ordered[high] - ordered[low]) * fraction, 1)


def percentile(value: float, cohort: Sequence[float | None]) -> float | None:
    """Share of the cohort below ``value`` (ties count half), 0-100; ``None`` if too small."""
    values = _clean(cohort)
    if len(values) < MIN_COHORT:
        return None
    below = sum(1 for v in values if v < value)
    ties = sum(1 for v in values if v == value)
    return round(100.0 * (below + 0.5 * ties) / len(values), 1)


def summary(cohort: Sequence[float | None]) -> CohortSummary | None:
    """n, min, quartiles, median and max of the cohort; ``None`` when it is too small."""
    values = _clean(cohort)
    if len(values) < MIN_COHORT:
        return None
    return CohortSummary(
        n=len(values),
        min=values[0],
        q1=quantile(values, 0.25),
        median=quantile(values, 0.5),
        q3=quantile(values, 0.75),
        max=values[-1],
    )


def compare(value: float | None, cohort: Sequence[float | None]) -> Comparison | None:
    """The firm's value, percentile and cohort summary; ``None`` when it cannot be shown."""
    if value is None:
        return None
    stats = summary(cohort)
    pct = percentile(value, cohort)
    if stats is None or pct is None:
        return None
    return Comparison(value=float(value), percentile=pct, summary=stats)


def grade_counts(grades: Iterable[str]) -> dict[str, int]:
    """How many firms hold each grade A-E (other values are ignored)."""
    counts = dict.fromkeys(GRADES, 0)
    for grade in grades:
        if grade in counts:
            counts[grade] += 1
    return counts


def suppress(count: int) -> int | str:
    """A count as it may be shown: below MIN_COHORT (zero included) it becomes "<5"."""
    return count if count >= MIN_COHORT else SUPPRESSED
