"""The district report for the annual presentation: an A4 PDF with a cover, then every section
of the dashboard with a simple bar chart and its tables, the same hidden counts as the page.

Built with fpdf2 as the scorecard (``filiera.qualification.pdf``): the core Helvetica font covers
every Italian letter, ``latin1`` replaces the few signs it cannot print. Texts come translated
(the view runs in the reader's language).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import TableBordersLayout

from filiera.district.insight_sections import Board, Cell, Section
from filiera.qualification.charts import GRADE_COLOURS
from filiera.qualification.pdf import HEADINGS, Document, latin1, rgb, text_line

BAR = (55, 71, 79)
CONTENT_WIDTH = 180.0


def _text(value: Cell) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _cover(pdf: FPDF, title: str, board: Board, lines: list[str]) -> None:
    pdf.add_page()
    pdf.set_y(60)
    pdf.set_text_color(30, 30, 30)
    text_line(pdf, "FILIERA", size=10, style="B")
    pdf.ln(4)
    text_line(pdf, title, size=14)
    pdf.ln(2)
    text_line(pdf, board.district.name, size=26, style="B", height=12)
    if board.district.managing_body:
        text_line(pdf, board.district.managing_body, size=12, height=7)
    pdf.ln(8)
    for text in lines:
        text_line(pdf, text, size=10, height=6)


def _bars(pdf: FPDF, bars: list[tuple[str, Cell]], grades: bool) -> None:
    numbers = [v for _label, v in bars if isinstance(v, int | float)]
    biggest = max(numbers, default=0) or 1
    label_w, track_w, row_h = 62.0, 96.0, 6.0
    pdf.set_font("helvetica", size=8)
    for label, value in bars:
        if pdf.will_page_break(row_h):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_text_color(30, 30, 30)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w, row_h, latin1(label)[:40])
        if isinstance(value, int | float) and value > 0:
            colour = rgb(GRADE_COLOURS[label]) if grades and label in GRADE_COLOURS else BAR
            pdf.set_fill_color(*colour)
            width = max(0.8, track_w * float(value) / biggest)
            pdf.rect(pdf.l_margin + label_w, y + 1, width, row_h - 2, style="F")
        pdf.set_xy(pdf.l_margin + label_w + track_w + 2, y)
        pdf.cell(18, row_h, latin1(_text(value)), align="R")
        pdf.set_xy(pdf.l_margin, y + row_h)
    pdf.ln(3)


def _table(pdf: FPDF, columns: list[str], rows: list[list[Cell]], title: str) -> None:
    if title:
        text_line(pdf, title, size=10, style="B", height=6)
    if not rows:
        return
    first = 70.0 if len(columns) > 2 else 120.0
    rest = (CONTENT_WIDTH - first) / max(1, len(columns) - 1)
    widths = (first, *([rest] * (len(columns) - 1)))
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font("helvetica", size=8)
    with pdf.table(
        col_widths=widths,
        width=CONTENT_WIDTH,
        text_align=("LEFT", *(["RIGHT"] * (len(columns) - 1))),
        headings_style=HEADINGS,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=4.8,
        align="LEFT",
        padding=(0.6, 1.2),
    ) as table:
        head = table.row()
        for text in columns:
            head.cell(latin1(text))
        for values in rows:
            line = table.row()
            for value in values:
                line.cell(latin1(_text(value)))
    pdf.ln(4)


def _section(pdf: FPDF, section: Section) -> None:
    pdf.add_page()
    pdf.set_text_color(30, 30, 30)
    text_line(pdf, section.title, size=15, style="B", height=8)
    if section.note:
        text_line(pdf, section.note, size=9, height=5)
    pdf.ln(3)
    if section.bars:
        _bars(pdf, section.bars, grades=section.key == "grades")
    for table in section.tables:
        _table(pdf, table.columns, table.rows, table.title)


def build_report(
    board: Board, *, title: str, cover: list[str], footer: str, compress: bool = True
) -> bytes:
    """The report; ``cover`` holds the lines under the district's name (date, filters, the
    rule on hidden counts), ``footer`` the text at the foot of every page."""
    pdf = Document(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(latin1(f"{title} - {board.district.name}"))
    pdf.set_author("Filiera")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.footer_text = footer
    pdf.alias_nb_pages()
    _cover(pdf, title, board, cover)
    for section in board.sections:
        _section(pdf, section)
    return bytes(pdf.output())
