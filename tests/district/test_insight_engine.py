"""The dashboard's plain arithmetic and charts, without the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from filiera.district import insight_charts
from filiera.district import insight_engine as engine

DAY = date(2026, 11, 22)


def test_months():
    assert engine.month_start(DAY) == date(2026, 11, 1)
    assert engine.add_months(date(2026, 11, 1), 2) == date(2027, 1, 1)
    assert engine.add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert engine.month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert engine.months_from(date(2026, 10, 5), date(2026, 12, 1)) == [
        date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1),
    ]  # fmt: skip


def test_backfill_months():
    current = date(2026, 11, 1)
    assert engine.backfill_months(current, None) == []
    assert engine.backfill_months(current, date(2026, 11, 3)) == []
    assert engine.backfill_months(current, date(2026, 8, 20)) == [
        date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1),
    ]  # fmt: skip
    long_ago = engine.backfill_months(current, date(2020, 1, 1))
    assert len(long_ago) == 12 and long_ago[0] == date(2025, 11, 1)


def test_hide_and_share():
    assert [engine.hide(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]
    assert engine.share(3, 4) is None  # fewer than 5 firms
    assert engine.share(3, 10) is None  # the count itself is hidden
    assert engine.share(0, 10) == 0.0
    assert engine.share(5, 8) == 62.5
    assert engine.grade_shares({"A": 2, "B": 3}, 9) == 55.6
    assert engine.grade_shares({"A": 2, "B": 1}, 9) is None


def doc(kind, until, valid_from=None, created=date(2026, 1, 1)):
    return engine.Document(kind, valid_from, until, created)


def test_certificates():
    result = engine.certificates(
        [
            doc("durc", DAY + timedelta(days=20)),
            doc("durc", DAY + timedelta(days=300)),  # renewed: the longest counts
            doc("iso_14001", DAY + timedelta(days=60)),
            doc("gots", DAY - timedelta(days=1)),  # expired
            doc("sa8000", None),  # never expires
            doc("other", DAY + timedelta(days=5)),  # not a certificate
            doc("oeko_tex_100", DAY + timedelta(days=10), valid_from=DAY + timedelta(days=1)),
            doc("emas", DAY + timedelta(days=10), created=DAY + timedelta(days=1)),  # not yet
        ],
        DAY,
    )
    assert (result.valid, result.expiring) == (3, 1)
    assert result.expiries == f"iso_14001:{DAY + timedelta(days=60)}"
    by_month, by_kind = engine.read_expiries(
        [result.expiries, "", "durc:2026-12-31;gots:2027-01-02"]
    )
    assert by_month == {date(2027, 1, 1): 2, date(2026, 12, 1): 1}
    assert by_kind == {"iso_14001": 1, "durc": 1, "gots": 1}


def test_expiries_stop_after_six_months():
    end = engine.month_end(engine.add_months(date(2026, 11, 1), 5))  # April 30th, 2027
    inside = engine.certificates([doc("durc", end)], DAY)
    outside = engine.certificates([doc("durc", end + timedelta(days=1))], DAY)
    assert inside.expiries and not outside.expiries


def test_area_grades_and_key():
    areas = {
        "social": {"score": 90, "grade": "A"},
        "environment": {"score": 60.0, "grade": "C"},
        "chemicals": {"score": None, "grade": ""},
    }
    grades = engine.area_grades(areas)
    assert grades == {"social": "A", "environment": "C"}
    key = engine.area_key(grades)
    assert key == ";environment=C;social=A;"
    assert engine.area_pattern("social", "A") in key
    assert engine.area_key({}) == "" and engine.area_grades(None) == {}


def at(day: int) -> datetime:
    return datetime(2026, 6, day, 12, tzinfo=UTC)


def test_stage_at_a_moment():
    steps = [
        engine.Step("verified", at(1), at(2), at(10)),
        engine.Step("in_review", at(15), at(20), None),
    ]
    assert engine.stage_at(steps, at(1)) == "none"
    assert engine.stage_at(steps, at(5)) == "submitted"
    assert engine.stage_at(steps, at(12)) == "verified"
    assert engine.stage_at(steps, at(16)) == "draft"
    assert engine.stage_at(steps, at(25)) == "submitted"


def test_latest_grade_before():
    grades = [engine.Grade(at(d), 50.0, g, "qualified", {}) for d, g in ((3, "C"), (9, "B"))]
    assert engine.latest_before(grades, at(2)) is None
    assert engine.latest_before(grades, at(5)).grade == "C"
    assert engine.latest_before(grades, at(30)).grade == "B"


def test_count_bars_hide_small_counts():
    svg = insight_charts.count_bars(
        [("Firms", 120), ("With an account", "<5"), ("Active", 0)],
        title="Firms", desc="Same as the table", chart_id="c",
    )  # fmt: skip
    assert svg.startswith("<svg") and 'aria-labelledby="c-title c-desc"' in svg
    assert svg.count('class="bar"') == 1
    assert "&lt;5" in svg


def test_grade_stacks_letters_and_hidden_part():
    svg = insight_charts.grade_stacks(
        [
            insight_charts.Stack("Overall", {"A": 10, "B": "<5", "C": 20, "D": 0, "E": 0}, 33),
            insight_charts.Stack("Water", {g: "<5" for g in "ABCDE"}, None),
        ],
        title="Grades", desc="d", chart_id="g",
    )  # fmt: skip
    assert svg.count('class="segment"') == 3  # A, C and the hidden rest
    assert ">A<" in svg and ">C<" in svg and "&lt;5" in svg


def test_trend_lines_gap_for_hidden_months():
    svg = insight_charts.trend_lines(
        ["01/2026", "02/2026", "03/2026"],
        [("Firms", [10, 12, 14]), ("Assessed", [None, 6, 8])],
        title="Trend", desc="d", chart_id="t",
    )  # fmt: skip
    assert svg.count("<polyline") == 2 and "Assessed" in svg and 'stroke-dasharray="6 3"' in svg
