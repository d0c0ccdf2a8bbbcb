"""Printable label sheets: A4 pages of 3 by 8 labels (70 by 37 mm), each with the QR code of a
passport's Digital Link, the product name, the GTIN, the lot or serial number and a line telling
the reader to scan it.

``labels_for(passport, per=…)`` gives the labels of a passport: ``one`` repeats the passport's own
label ``count`` times; ``serial`` gives one label per serial number of the batch (each with the
item's Digital Link), for a batch passport whose batch has a numeric range of serial numbers. At
most ``MAX_LABELS`` labels make one sheet; a longer range is printed in parts.

The texts go through gettext when the sheet is built; fpdf2's core font prints Latin-1, and
``latin1`` (from the scorecard PDF) replaces what it cannot print.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF

from filiera.passports import qr
from filiera.passports.engine import digital_link
from filiera.passports.models import Passport
from filiera.qualification.pdf import latin1

MAX_LABELS = 2000
COLUMNS, ROWS = 3, 8
PER_PAGE = COLUMNS * ROWS
LABEL_W, LABEL_H = 70.0, 37.0  # mm
PAGE_W, PAGE_H = 210.0, 297.0
TOP = (PAGE_H - ROWS * LABEL_H) / 2
LEFT = (PAGE_W - COLUMNS * LABEL_W) / 2
QR_SIZE = 31.0  # mm, quiet zone included
TEXT_X = QR_SIZE + 2.5  # from the label's left edge
TEXT_W = LABEL_W - TEXT_X - 2.5


class LabelError(ValueError):
    """The labels asked for cannot be printed; the message says why."""


@dataclass(frozen=True)
class Label:
    uri: str  # what the QR code carries
    name: str
    gtin: str = ""
    lot: str = ""
    serial: str = ""


def _max() -> str:
    return number_format(MAX_LABELS, force_grouping=True)


def _qr_image(uri: str) -> io.BytesIO:
    """The QR code as a PNG of one pixel per module with its quiet zone (drawn without smoothing,
    so it prints sharp at any size)."""
    out = io.BytesIO()
    qr.make(uri).save(out, kind="png", scale=1, border=qr.QUIET_ZONE)
    out.seek(0)
    return out


def _fit(pdf: FPDF, text: str, width: float, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines of ``width`` mm; the last one shortened
    with an ellipsis when the text is longer."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if pdf.get_string_width(trial) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] += "..."
    for index, line in enumerate(out):
        while pdf.get_string_width(line) > width and len(line) > 4:
            line = line[:-4] + "..."
        out[index] = line
    return out


def _draw(pdf: FPDF, label: Label, x: float, y: float, caption: str) -> None:
    pdf.image(_qr_image(label.uri), x=x + 1, y=y + (LABEL_H - QR_SIZE) / 2, w=QR_SIZE, h=QR_SIZE)
    left = x + TEXT_X
    top = y + 4
    pdf.set_font("Helvetica", "B", 8)
    for line in _fit(pdf, latin1(label.name), TEXT_W, 3):
        pdf.text(left, top + 2.8, line)
        top += 3.6
    top += 1.2
    pdf.set_font("Helvetica", "", 7)
    details = [("GTIN", label.gtin), (_("Lot"), label.lot), (_("Serial no."), label.serial)]
    for title, value in details:
        if value:
            for line in _fit(pdf, latin1(f"{title} {value}"), TEXT_W, 1):
                pdf.text(left, top + 2.5, line)
                top += 3.2
    pdf.set_font("Helvetica", "I", 6)
    lines = _fit(pdf, latin1(caption), TEXT_W, 2)
    bottom = y + LABEL_H - 3 - 2.6 * (len(lines) - 1)
    for line in lines:
        pdf.text(left, bottom, line)
        bottom += 2.6


def label_sheet(labels: list[Label]) -> bytes:
    """The labels on A4 pages of 3 by 8 (at least one page), as PDF bytes."""
    if len(labels) > MAX_LABELS:
        raise LabelError(_("At most %(max)s labels fit in one file.") % {"max": _max()})
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(latin1(_("Passport labels")))
    pdf.set_creator("Filiera")
    caption = _("Scan for the product passport")
    pages = max(1, math.ceil(len(labels) / PER_PAGE))
    for page in range(pages):
        pdf.add_page()
        for slot, label in enumerate(labels[page * PER_PAGE : (page + 1) * PER_PAGE]):
            column, row = slot % COLUMNS, slot // COLUMNS
            _draw(pdf, label, LEFT + column * LABEL_W, TOP + row * LABEL_H, caption)
    return bytes(pdf.output())


# The labels of a passport ------------------------------------------------------------------


def product_name(passport: Passport) -> str:
    product = passport.product
    if get_language() == "en" and product.name_en:
        return product.name_en
    return product.name


def passport_label(passport: Passport) -> Label:
    """The label of the passport itself (model, batch or item)."""
    batch = passport.batch if passport.granularity != Passport.Granularity.MODEL else None
    return Label(
        uri=qr.passport_uri(passport),
        name=product_name(passport),
        gtin=passport.product.gtin,
        lot=batch.lot if batch else "",
        serial=passport.serial,
    )


def serial_numbers(passport: Passport) -> list[str] | None:
    """The serial numbers of a batch passport's batch when they are a numeric range (written
    with the width of the range's ends when both have the same), else None."""
    batch = passport.batch
    if passport.granularity != Passport.Granularity.BATCH or batch is None:
        return None
    first, last = batch.serial_first, batch.serial_last
    if not (first.isdigit() and last.isdigit() and first.isascii() and last.isascii()):
        return None
    low, high = int(first), int(last)
    if high < low:
        return None
    width = len(first) if len(first) == len(last) else 0
    return [str(n).zfill(width) for n in range(low, high + 1)]


def parts(total: int) -> int:
    """How many sheets of at most ``MAX_LABELS`` labels ``total`` labels need."""
    return max(1, math.ceil(total / MAX_LABELS))


def labels_for(
    passport: Passport, *, per: str = "one", count: int = PER_PAGE, part: int = 1
) -> list[Label]:
    """The labels to print for ``passport``: ``count`` copies of its own label (``per="one"``), or
    one label per serial number of its batch (``per="serial"``), part ``part`` of them when
    there are more than ``MAX_LABELS``. Raises ``LabelError`` saying what is wrong."""
    if per == "one":
        if not 1 <= count <= MAX_LABELS:
            raise LabelError(_("Choose between 1 and %(max)s labels.") % {"max": _max()})
        return [passport_label(passport)] * count
    if per != "serial":
        raise LabelError(_("Choose one label per passport or one per serial number."))
    serials = serial_numbers(passport)
    if serials is None:
        raise LabelError(
            _(
                "One label per serial number is for batch passports whose batch has a range of "
                "serial numbers made of digits."
            )
        )
    gtin = passport.product.gtin
    if not gtin:
        raise LabelError(_("Labels per serial number need the product's GTIN."))
    if not 1 <= part <= parts(len(serials)):
        raise LabelError(_("There is no such part of the labels."))
    chosen = serials[(part - 1) * MAX_LABELS : part * MAX_LABELS]
    name = product_name(passport)
    lot = passport.batch.lot if passport.batch else ""
    labels = []
    for serial in chosen:
        try:
            link = digital_link.uri(settings.RESOLVER_URL, gtin, lot or None, serial)
        except digital_link.DigitalLinkError as err:
            raise LabelError(err.reason) from None
        labels.append(Label(uri=link, name=name, gtin=gtin, lot=lot, serial=serial))
    return labels
