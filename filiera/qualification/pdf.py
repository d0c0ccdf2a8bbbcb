"""The scorecard as a one- or two-page A4 PDF, with a QR code to the public verification page.

The page texts come in already formatted and translated (the view knows the reader's language);
the labels below go through gettext at build time. fpdf2's core font (Helvetica) covers
Latin-1, which holds every Italian letter; :func:`latin1` replaces what it cannot print (€, ≥,
arrows, curly quotes…) with plain equivalents, so no font file needs to ship.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

import segno
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from filiera.qualification.charts import GRADE_COLOURS, NO_GRADE_COLOUR

# Written as escapes so that the look-alike characters stay unambiguous in the source.
_REPLACEMENTS = {
    "\u20ac": "EUR",  # euro sign
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u2192": "->",
    "\u2190": "<-",
    "\u21d2": "=>",
    "\u2018": "'",  # curly single quotes
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',  # curly double quotes
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2011": "-",  # non-breaking hyphen
    "\u2026": "...",
    "\u2022": "-",  # bullet
    "\u2122": "(TM)",
    "\u0141": "L",  # Polish L with stroke (no decomposition)
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0131": "i",  # dotless i
    "\u202f": " ",
    "\u2009": " ",
    "\u200b": "",
}


def latin1(text: object) -> str:
    """``text`` printable with a Latin-1 core font: known signs get a plain equivalent,
    accented letters outside Latin-1 lose their accent, anything else becomes ``?``."""
    out = []
    for char in str(text):
        if ord(char) < 256:
            out.append(char)
        elif char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
        else:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as PNG bytes (error correction M, a quiet zone of 2 modules)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


@dataclass
class AreaLine:
    name: str
    score: str
    grade: str
    note: str = ""


@dataclass
class AssuranceLine:
    label: str
    count: str
    share: str


@dataclass
class ScorecardDoc:
    """Everything printed, as text in the reader's language."""

    firm_name: str
    vat: str
    period: str
    district: str
    methodology: str
    evaluated_on: str
    overall: str
    grade: str
    status: str
    explanation: str
    public_url: str
    provisional: bool = False
    areas: list[AreaLine] = field(default_factory=list)
    assurance: list[AssuranceLine] = field(default_factory=list)
    validity: str = ""


HEADINGS = FontFace(emphasis="BOLD", fill_color=(236, 239, 241))


def _table_style(pdf: FPDF) -> dict:
    """Plain tables: thin grey lines, shaded headings, nothing else filled."""
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font("helvetica", size=9)
    return {
        "headings_style": HEADINGS,
        "borders_layout": TableBordersLayout.HORIZONTAL_LINES,
        "line_height": 5.5,
        "align": "LEFT",
        "padding": (0.8, 1.5),
    }


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class Document(FPDF):
    """A4 page with the footer text on the left and "page/pages" on the right."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, latin1(self.footer_text), align="L")
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def text_line(
    pdf: FPDF, text: str, *, size: float = 10, style: str = "", height: float = 5
) -> None:
    pdf.set_font("helvetica", style=style, size=size)
    pdf.multi_cell(0, height, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fact(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("helvetica", style="B", size=9)
    pdf.cell(38, 5.5, latin1(label))
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(100, 5.5, latin1(value or "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_text_color(30, 30, 30)
    text_line(pdf, text, size=12, style="B", height=7)


def _header(pdf: FPDF, doc: ScorecardDoc) -> None:
    pdf.image(io.BytesIO(qr_png(doc.public_url)), x=167, y=12, w=30, link=doc.public_url)
    pdf.set_font("helvetica", size=8)
    pdf.set_text_color(110, 110, 110)
    pdf.set_xy(165, 43)
    pdf.multi_cell(34, 3.5, latin1(_("Scan to check this scorecard")), align="C")
    pdf.set_xy(15, 12)
    pdf.set_text_color(30, 30, 30)
    pdf.set_font("helvetica", style="B", size=8)
    pdf.cell(0, 5, "FILIERA", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=11)
    pdf.cell(140, 6, latin1(_("Sustainability scorecard")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", style="B", size=16)
    pdf.multi_cell(145, 8, latin1(doc.firm_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    _fact(pdf, _("VAT number"), doc.vat)
    _fact(pdf, _("Period"), doc.period)
    _fact(pdf, _("District"), doc.district)
    _fact(pdf, _("Methodology"), doc.methodology)
    _fact(pdf, _("Evaluated on"), doc.evaluated_on)


def _result(pdf: FPDF, doc: ScorecardDoc) -> None:
    pdf.set_y(max(pdf.get_y(), 52) + 4)
    top = pdf.get_y()
    pdf.set_fill_color(*rgb(GRADE_COLOURS.get(doc.grade, NO_GRADE_COLOUR)))
    if doc.grade == "C":  # dark letter on the light (yellow) badge
        pdf.set_text_color(33, 33, 33)
    else:
        pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", style="B", size=28)
    pdf.set_xy(15, top)
    pdf.cell(22, 22, latin1(doc.grade or "-"), align="C", fill=True)
    pdf.set_text_color(30, 30, 30)
    pdf.set_xy(42, top)
    pdf.set_font("helvetica", style="B", size=13)
    status = doc.status[:1].upper() + doc.status[1:]
    pdf.cell(0, 7, latin1(f"{status} · {doc.overall}/100"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(150, 4.5, latin1(doc.explanation), new_x=XPos.LEFT, new_y=YPos.NEXT)
    if doc.provisional:
        pdf.set_text_color(200, 80, 0)
        pdf.set_font("helvetica", style="B", size=9)
        pdf.multi_cell(
            150, 4.5, latin1(_("Provisional: not submitted yet, not an official score."))
        )
        pdf.set_text_color(30, 30, 30)
    pdf.set_xy(15, max(pdf.get_y(), top + 24))


def _areas(pdf: FPDF, doc: ScorecardDoc) -> None:
    _heading(pdf, _("Areas"))
    with pdf.table(
        col_widths=(58, 20, 16, 86),
        text_align=("LEFT", "RIGHT", "CENTER", "LEFT"),
        width=180,
        **_table_style(pdf),
    ) as table:
        head = table.row()
        for text in (_("Area"), _("Score"), _("Grade"), _("Notes")):
            head.cell(latin1(text))
        for area in doc.areas:
            row = table.row()
            for text in (area.name, area.score, area.grade or "-", area.note):
                row.cell(latin1(text))


def _assurance(pdf: FPDF, doc: ScorecardDoc) -> None:
    _heading(pdf, _("How the answers are backed"))
    with pdf.table(
        col_widths=(90, 30, 30),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        width=150,
        **_table_style(pdf),
    ) as table:
        head = table.row()
        for text in (_("Assurance"), _("Answers"), _("Share")):
            head.cell(latin1(text))
        for line in doc.assurance:
            row = table.row()
            for text in (line.label, line.count, line.share):
                row.cell(latin1(text))


def build_pdf(doc: ScorecardDoc, *, compress: bool = True) -> bytes:
    """The scorecard PDF. ``compress=False`` keeps the page text readable (tests)."""
    pdf = Document(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(latin1(_("Sustainability scorecard") + " - " + doc.firm_name))
    pdf.set_author("Filiera")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.footer_text = _("Check the current status at %(url)s") % {"url": doc.public_url}
    pdf.alias_nb_pages()
    pdf.add_page()
    _header(pdf, doc)
    _result(pdf, doc)
    _areas(pdf, doc)
    _assurance(pdf, doc)
    if doc.validity:
        _heading(pdf, _("Validity"))
        text_line(pdf, doc.validity, size=9, height=4.5)
    return bytes(pdf.output())
