"""The supplier table of a brand's chain as CSV, XLSX or PDF, with the same visibility as the
page: undisclosed suppliers have no name and no data, grades only where shared, area scores only
where those are shared.

The rows come in as ``selectors.SupplierRow``; the texts are translated here at build time (the
view runs in the reader's language).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from filiera.chains.selectors import SupplierRow
from filiera.qualification.pdf import latin1


@dataclass
class Table:
    header: list[str]
    rows: list[list[object]]  # plain values: str, int, float, None


@dataclass
class Summary:
    """The indicators printed above the PDF table: (label, value) lines."""

    title: str
    subtitle: str
    lines: list[tuple[str, str]] = field(default_factory=list)


def shared_text(row: SupplierRow) -> str:
    if not row.disclosed:
        return _("nothing")
    parts = [row.level_label]
    if row.profile:
        parts.append(_("profile"))
    if row.sites:
        parts.append(_("sites"))
    return ", ".join(parts)


def table(rows: list[SupplierRow], areas: list[tuple[str, str]]) -> Table:
    header = [
        _("Supplier"),
        _("Tier"),
        _("Processes"),
        _("Shared with you"),
        _("Grade"),
        _("Status"),
        _("Score"),
        *[name for _code, name in areas],
        _("Documents expiring"),
    ]
    body = []
    for row in rows:
        graded = row.shows_grade
        shown_areas = row.areas if row.shows_areas else {}
        cells: list[object] = [
            row.name if row.disclosed else _("Undisclosed supplier"),
            row.tier,
            ", ".join(row.process_labels),
            shared_text(row),
            (row.grade or _("not assessed")) if graded else "",
            row.status_label if graded and row.status else "",
            row.overall if graded and row.overall is not None else None,
        ]
        for code, _name in areas:
            area = shown_areas.get(code) or {}
            cells.append(area.get("score"))
        cells.append(row.expiring_on.isoformat() if graded and row.expiring_on else "")
        body.append(cells)
    return Table(header, body)


def to_csv(data: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(data.header)
    for row in data.rows:
        writer.writerow(
            ["" if v is None else (round(v, 1) if isinstance(v, float) else v) for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: Table, sheet: str) -> bytes:
    book = Workbook(write_only=False)
    ws = book.active
    ws.title = sheet[:31] or "Suppliers"
    ws.append(data.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        ws.append([round(v, 1) if isinstance(v, float) else v for v in row])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PDF_COLUMNS = (0, 1, 2, 3, 4, 5, 6)  # name, tier, processes, shared, grade, status, score
PDF_WIDTHS = (70, 12, 70, 45, 16, 40, 14)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(236, 239, 241))


def _cell_text(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return number_format(value, 1)
    return str(value)


def to_pdf(data: Table, summary: Summary, *, compress: bool = True) -> bytes:
    """A landscape A4 report: the indicators, then the table (without the area columns)."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(latin1(summary.title))
    pdf.set_author("Filiera")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=8)
    pdf.cell(0, 5, "FILIERA", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", style="B", size=15)
    pdf.multi_cell(0, 8, latin1(summary.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, 5, latin1(summary.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, value in summary.lines:
        pdf.set_font("helvetica", style="B", size=9)
        pdf.cell(70, 5, latin1(label))
        pdf.set_font("helvetica", size=9)
        pdf.multi_cell(0, 5, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    if not data.rows:
        pdf.multi_cell(0, 5, latin1(_("No supplier in the chain yet.")))
        return bytes(pdf.output())
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    pdf.set_font("helvetica", size=8)
    with pdf.table(
        col_widths=PDF_WIDTHS,
        width=sum(PDF_WIDTHS),
        headings_style=HEADINGS,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=4.5,
        align="LEFT",
        padding=(0.6, 1.2),
    ) as pdf_table:
        head = pdf_table.row()
        for index in PDF_COLUMNS:
            head.cell(latin1(data.header[index]))
        for values in data.rows:
            line = pdf_table.row()
            for index in PDF_COLUMNS:
                line.cell(latin1(_cell_text(values[index])))
    return bytes(pdf.output())


def summary_lines(indicators) -> list[tuple[str, str]]:
    """The headline indicators in words (percentages rounded)."""

    def percent(share: float | None) -> str:
        return "-" if share is None else f"{round(share * 100)} %"

    totals = indicators.totals
    short = indicators.short_chain
    lines = [
        (_("Suppliers"), str(indicators.suppliers)),
        (_("Not shared"), str(totals.not_shared)),
        (
            _("Qualified"),
            f"{percent(totals.share_qualified)} ({totals.qualified} / {totals.total})",
        ),
        (
            _("Traceability"),
            f"{percent(indicators.traceability.share)} "
            f"({indicators.traceability.located} / {indicators.traceability.steps})",
        ),
        (
            _("Short supply chain index"),
            "-" if short.index is None else number_format(short.index, 1),
        ),
    ]
    if short.shares:
        labels = {
            "district": _("within the district"),
            "region": _("within the region"),
            "italy": _("within Italy"),
            "eu": _("within the EU"),
            "outside_eu": _("outside the EU"),
        }
        lines.append(
            (
                _("Where the work is done"),
                ", ".join(f"{percent(short.shares.get(k))} {v}" for k, v in labels.items()),
            )
        )
    for tier, counts in sorted(indicators.by_tier.items()):
        if counts.total:
            lines.append(
                (
                    _("Tier %(n)s") % {"n": tier},
                    _("%(total)s suppliers, %(q)s qualified (%(share)s)")
                    % {
                        "total": counts.total,
                        "q": counts.qualified,
                        "share": percent(counts.share_qualified),
                    },
                )
            )
    return lines


def dated(day) -> str:
    return date_format(day) if day else ""
