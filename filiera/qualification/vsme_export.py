"""The VSME Basic module (B1-B11) filled from one assessment's answers.

Methodology questions and profile fields name the VSME concepts they report (``vsme:`` lists).
For every datapoint of :func:`filiera.qualification.vsme.basic_module` the export gives its
disclosure, concept, English and Italian labels, the value, unit, the question that supplied it
and whether it is ``covered`` or ``missing``. Values: yes/no as true/false (``partial`` stays
the text "partial"), numbers as numbers, a choice as its label in the requested language, dates
as ISO text, other answers as text. An empty or "not applicable" answer leaves the datapoint
missing. When several questions report the same concept, profile items come first, then the
areas in methodology order; the first with a value wins.

:func:`build` is plain Python; :func:`xlsx_bytes` writes the workbook with openpyxl.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from filiera.qualification import vsme
from filiera.qualification.methodology.schema import Methodology

COVERED = "covered"
MISSING = "missing"
TAXONOMY = "EFRAG VSME XBRL taxonomy 2025-07-30"


@dataclass(frozen=True, slots=True)
class Source:
    """A question or profile item that reports a concept."""

    code: str
    type: str
    unit: str
    choices: dict[str, dict[str, str]]  # choice code → {"en": label, "it": label}


@dataclass(frozen=True, slots=True)
class Row:
    disclosure: str
    concept: str
    label_en: str
    label_it: str
    value: Any
    unit: str
    source: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Report:
    rows: list[Row]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.status == COVERED)

    @property
    def missing(self) -> int:
        return self.total - self.covered


def sources(methodology: Methodology) -> dict[str, list[Source]]:
    """Concept → the profile items and questions reporting it, profile first."""
    found: dict[str, list[Source]] = {}

    def add(item: Any) -> None:
        choices = {c.code: {"en": c.label.en, "it": c.label.it} for c in item.choices}
        for concept in item.vsme:
            found.setdefault(concept, []).append(Source(item.code, item.type, item.unit, choices))

    for item in methodology.profile:
        add(item)
    for area in methodology.areas:
        for question in area.questions:
            if question.enabled:
                add(question)
    return found


def _number(text: str) -> int | float | None:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def value_of(source: Source, raw: str, language: str) -> Any:
    """The reported value of a stored answer, or ``None`` when it reports nothing."""
    raw = (raw or "").strip()
    if not raw or raw == "na":
        return None
    if source.type == "yesno":
        return {"yes": True, "no": False}.get(raw, raw)
    if source.type == "number":
        return _number(raw)
    if source.type == "choice":
        labels = source.choices.get(raw)
        if labels is None:
            return None
        return labels["en"] if (language or "it").startswith("en") else labels["it"]
    return raw


def build(methodology: Methodology, answers: Mapping[str, str], language: str = "it") -> Report:
    """The Basic module rows for the answers (question or profile code → stored value)."""
    by_concept = sources(methodology)
    rows: list[Row] = []
    for dp in vsme.basic_module():
        candidates = by_concept.get(dp.concept, [])
        value, chosen = None, None
        for source in candidates:
            value = value_of(source, answers.get(source.code, ""), language)
            if value is not None:
                chosen = source
                break
        shown = chosen or (candidates[0] if candidates else None)
        rows.append(
            Row(
                disclosure=dp.disclosure,
                concept=dp.concept,
                label_en=dp.label_en,
                label_it=dp.label_it,
                value=value if chosen else None,
                unit=shown.unit if shown else "",
                source=shown.code if shown else "",
                status=COVERED if chosen else MISSING,
            )
        )
    return Report(rows)


def as_json(report: Report, **about: Any) -> dict[str, Any]:
    """The report as JSON-ready data; ``about`` describes the assessment (firm, period…)."""
    return {
        **about,
        "taxonomy": TAXONOMY,
        "module": "basic",
        "summary": {"total": report.total, "covered": report.covered, "missing": report.missing},
        "datapoints": [row.as_dict() for row in report.rows],
    }


def xlsx_bytes(
    report: Report,
    *,
    headers: Sequence[str],
    status_labels: Mapping[str, str],
    summary: Sequence[tuple[str, Any]],
    sheet_names: tuple[str, str],
) -> bytes:
    """A workbook: a summary sheet (label, value pairs) and one row per datapoint under
    ``headers`` (disclosure, concept, label EN, label IT, value, unit, source, status)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = sheet_names[0][:31]
    for label, value in summary:
        first.append([label, value])
    first.column_dimensions["A"].width = 40
    first.column_dimensions["B"].width = 40
    sheet = book.create_sheet(sheet_names[1][:31])
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append(
            [
                row.disclosure,
                row.concept,
                row.label_en,
                row.label_it,
                row.value,
                row.unit,
                row.source,
                status_labels.get(row.status, row.status),
            ]
        )
    for column, width in zip("ABCDEFGH", (10, 50, 60, 60, 30, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    for ws in (first, sheet):
        _no_formulas(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _no_formulas(sheet) -> None:
    """Text typed by people is never a formula, even when it starts with "=" (openpyxl would
    otherwise store it as one and a spreadsheet would run it)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
