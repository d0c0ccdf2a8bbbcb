"""The district dashboard as sections, each with its tables (and on the page its chart): the same
figures feed the page, the CSV and XLSX exports and the PDF report.

Every count of 1 to 4 firms shows as "<5" and every share over fewer than 5 firms is hidden
(``insight_engine.hide`` / ``share``). When fewer than 5 firms match the filters there are no
sections at all. Texts are translated here, in the request's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from filiera.district import insight, insight_charts
from filiera.district import insight_engine as engine
from filiera.district.insight import Filters
from filiera.district.models import DistrictSnapshot, FirmFact
from filiera.district.public import reader_lang
from filiera.qualification import charts
from filiera.registry.models import District

Cell = int | float | str | None
KEYS = ("onboarding", "progress", "grades", "trends", "certificates", "indicators")
GRADES = engine.GRADES


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    title: str = ""
    keys: list[str] = field(default_factory=list)  # one per row, for pages and tests

    @property
    def lines(self) -> list[tuple[str, list[Cell]]]:
        """(key, row) pairs for templates."""
        keys = self.keys + [""] * (len(self.rows) - len(self.keys))
        return list(zip(keys, self.rows, strict=False))


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    note: str = ""
    # What the bar chart of the PDF report draws: (label, count or "<5").
    bars: list[tuple[str, Cell]] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)  # (caption, SVG): page only


@dataclass
class Board:
    district: District
    filters: Filters
    month: date | None
    snapshot: DistrictSnapshot | None
    firms: int = 0  # firms matching the filters in the current month
    sections: list[Section] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        return self.month is not None

    @property
    def enough(self) -> bool:
        return self.firms >= engine.MIN_COHORT

    @property
    def computed_at(self) -> datetime | None:
        return self.snapshot.computed_at if self.snapshot else None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def named(texts: dict | str | None, fallback: str = "") -> str:
    """The page's language of a two-language text from the snapshot."""
    if isinstance(texts, dict):
        return str(texts.get(reader_lang()) or texts.get("it") or fallback)
    return str(texts or fallback)


def month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _count_table(rows: list[tuple[str, str, int]], firms: int) -> Table:
    """Rows of (key, label, count) with each count's share of the firms."""
    return Table(
        [_("Figure"), _("Firms"), _("Share of firms (%)")],
        [[label, engine.hide(n), engine.share(n, firms)] for _key, label, n in rows],
        keys=[key for key, _label, _n in rows],
    )


def onboarding(t: dict) -> Section:
    rows = [
        ("firms", _("Firms in the registry"), t["firms"]),
        ("with_account", _("With an account"), t["with_account"]),
        ("active", _("Active (someone logged in within 90 days)"), t["active"]),
        ("onboarded_year", _("Added in the last 12 months"), t["onboarded_year"]),
    ]
    table = _count_table(rows, t["firms"])
    return Section(
        "onboarding",
        _("Firms onboarded and active"),
        [table],
        bars=[(str(row[0]), row[1]) for row in table.rows],
    )


def progress(t: dict) -> Section:
    labels = dict(FirmFact.Stage.choices)
    rows = [(s, str(labels[s]).capitalize(), t[f"stage_{s}"]) for s in engine.STAGES]
    table = _count_table(rows, t["firms"])
    return Section(
        "progress",
        _("Assessment progress"),
        [table],
        note=_("Each firm counts once, at the stage of its latest assessment."),
        bars=[(str(row[0]), row[1]) for row in table.rows],
    )


def grades(t: dict, areas: list[dict]) -> Section:
    columns = [_("Area"), _("Firms with a grade"), *GRADES, _("Share A-B (%)")]
    rows: list[list[Cell]] = []
    keys = ["overall"]
    counts = {g: t[f"grade_{g}"] for g in GRADES}
    rows.append(_grade_row(_("Overall"), counts, t["graded"]))
    for index, area in enumerate(areas):
        counts = {g: t.get(f"area_{index}_{g}", 0) for g in GRADES}
        rows.append(
            _grade_row(named(area.get("name"), area["code"]), counts, t.get(f"area_{index}", 0))
        )
        keys.append(area["code"])
    return Section(
        "grades",
        _("Grade distribution, overall and per area"),
        [Table(columns, rows, keys=keys)],
        note=_("Latest official score of each firm; an area counts when it applies to the firm."),
        bars=[(g, rows[0][2 + i]) for i, g in enumerate(GRADES)],
    )


def _grade_row(label: str, counts: dict[str, int], graded: int) -> list[Cell]:
    return [
        label,
        engine.hide(graded),
        *(engine.hide(counts[g]) for g in GRADES),
        engine.grade_shares(counts, graded),
    ]


def trends(rows: list[dict]) -> Section:
    columns = [
        _("Month"), _("Firms"), _("Active"), _("Assessed"), _("Qualified"),
        _("Share A-B of the assessed (%)"),
    ]  # fmt: skip
    body: list[list[Cell]] = []
    for row in rows:
        enough = row["firms"] >= engine.MIN_COHORT
        counts = {g: row[f"grade_{g}"] for g in GRADES}
        body.append(
            [
                month_label(row["month"]),
                engine.hide(row["firms"]),
                engine.hide(row["active"]) if enough else engine.SUPPRESSED,
                engine.hide(row["graded"]) if enough else engine.SUPPRESSED,
                engine.hide(row["qualified"]) if enough else engine.SUPPRESSED,
                engine.grade_shares(counts, row["graded"]) if enough else None,
            ]
        )
    return Section(
        "trends",
        _("Trends over time"),
        [Table(columns, body, keys=[f"{r['month']:%Y-%m}" for r in rows])],
        note=_("One line per month, as the figures stood at the month's last refresh."),
        bars=[(str(r[0]), r[1]) for r in body],
    )


def certificates(t: dict, month: date, by_month, by_kind, kinds: dict) -> Section:
    overview = Table(
        [_("Figure"), _("Count")],
        [
            [_("Firms with a valid certificate"), engine.hide(t["certified"])],
            [_("Valid certificates"), engine.hide(t["certificates"])],
            [_("Certificates expiring within 90 days"), engine.hide(t["expiring"])],
            [_("Firms with a certificate expiring within 90 days"), engine.hide(t["expiring_firms"])],
        ],
        keys=["certified", "certificates", "expiring", "expiring_firms"],
    )  # fmt: skip
    months = [engine.add_months(month, i) for i in range(engine.EXPIRY_MONTHS)]
    per_month = Table(
        [_("Month"), _("Certificates ending")],
        [[month_label(m), engine.hide(by_month.get(m, 0))] for m in months],
        title=_("By month of expiry"),
        keys=[f"{m:%Y-%m}" for m in months],
    )
    ordered = sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
    per_kind = Table(
        [_("Kind of certificate"), _("Certificates ending")],
        [[named(kinds.get(code), code), engine.hide(n)] for code, n in ordered],
        title=_("By kind, over the same six months"),
        keys=[code for code, _n in ordered],
    )
    return Section(
        "certificates",
        _("Certificates expiring"),
        [overview, per_month, per_kind],
        note=_("One certificate per kind per firm: the one valid the longest."),
        bars=[(str(r[0]), r[1]) for r in per_month.rows],
    )


def indicators(figures: dict) -> Section | None:
    tables = []
    columns = [_("Figure"), _("Value"), _("Unit")]
    for chain in figures.get("chains", []):
        tables.append(_figure_table(named(chain["title"]), chain["figures"], columns))
    if figures.get("symbiosis"):
        tables.append(_figure_table(_("Industrial symbiosis"), figures["symbiosis"], columns))
    if not tables:
        return None
    bars: list[tuple[str, Cell]] = [
        (str(row[0]), row[1])
        for table in tables
        for row in table.rows
        if row[2] == "%" and isinstance(row[1], int | float)
    ]
    return Section(
        "indicators",
        _("Supply-chain and symbiosis indicators"),
        tables,
        note=_("For the whole district: these figures do not follow the filters."),
        bars=bars,
    )


def _figure_table(title: str, items: list[dict], columns: list[str]) -> Table:
    return Table(
        columns,
        [
            [named(item["label"], item["key"]), item["value"], item.get("unit", "")]
            for item in items
        ],
        title=title,
        keys=[item["key"] for item in items],
    )


def from_request(district: District, data, *, with_charts: bool = True):
    """The filter form read from ``data`` (GET parameters) and the board it selects."""
    from filiera.district.forms_insight import InsightFilterForm

    month = insight.latest_month(district)
    options = insight.options(district, month) if month else []
    form = InsightFilterForm(data or None, options)
    return form, build(district, form.filters(), month=month, with_charts=with_charts)


_LATEST = date.min


def build(
    district: District, filters: Filters, *, month: date | None = _LATEST, with_charts: bool = True
) -> Board:
    """The board of the latest refreshed month (``month`` when given, None: not computed)."""
    if month == _LATEST:
        month = insight.latest_month(district)
    board = Board(district, filters, month, insight.snapshot(district))
    if month is None:
        return board
    figures = board.snapshot.figures if board.snapshot else {}
    areas = figures.get("areas", [])
    facts = insight.month_facts(district, month, filters)
    on = date.fromisoformat(figures["on"]) if figures.get("on") else timezone.localdate()
    t = insight.totals(facts, [a["code"] for a in areas], on)
    board.firms = t["firms"]
    if not board.enough:
        return board
    by_month, by_kind = insight.expiries(facts)
    board.sections = [
        onboarding(t),
        progress(t),
        grades(t, areas),
        trends(insight.trend(district, filters, month)),
        certificates(t, month, by_month, by_kind, figures.get("kinds", {})),
    ]
    extra = indicators(figures)
    if extra is not None:
        board.sections.append(extra)
    if with_charts:
        for section in board.sections:
            section.charts = section_charts(section)
    return board


def section_charts(section: Section) -> list[tuple[str, str]]:
    """The section's charts as (caption, SVG) pairs."""
    chart_id = f"insight-{section.key}"
    desc = _("The table below holds the same figures.")
    table = section.tables[0]
    if section.key == "grades":
        stacks = [
            insight_charts.Stack(
                str(row[0]),
                dict(zip(GRADES, row[2:7], strict=True)),  # type: ignore[arg-type]
                row[1] if isinstance(row[1], int) and row[1] else None,
            )
            for row in table.rows
        ]
        svg = insight_charts.grade_stacks(stacks, title=section.title, desc=desc, chart_id=chart_id)
        return [("", svg)]
    if section.key == "trends":
        labels = [f"{key[5:]}/{key[:4]}" for key in table.keys]
        series: list[tuple[str, list[int | None]]] = []
        for i in (1, 3, 4):
            values: list[int | None] = []
            for r in table.rows:
                cell = r[i]
                values.append(cell if isinstance(cell, int) else None)
            series.append((str(table.columns[i]), values))
        counts = insight_charts.trend_lines(
            labels, series, title=section.title, desc=desc, chart_id=chart_id
        )
        caption = _("Share of grades A and B among the assessed firms (%)")
        points = [
            charts.Point(label, r[5] if isinstance(r[5], float) else None)
            for label, r in zip(labels, table.rows, strict=True)
        ]
        shares = charts.history_chart(
            points, title=caption, desc=desc, chart_id=f"{chart_id}-share", bands=()
        )
        return [("", counts), (caption, shares)]
    if section.key == "indicators":
        if not section.bars:
            return []
        bars = [charts.Bar(label, float(value)) for label, value in section.bars]  # type: ignore[arg-type]
        caption = _("The figures in %")
        return [(caption, charts.area_bars(bars, title=caption, desc=desc, chart_id=chart_id))]
    rows = [(label, value if value is not None else "") for label, value in section.bars]
    svg = insight_charts.count_bars(rows, title=section.title, desc=desc, chart_id=chart_id)
    return [("", svg)]
