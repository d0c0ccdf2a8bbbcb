"""The dashboard's sections as files: one table per section for CSV and XLSX.

A section with several tables (certificates, indicators) becomes one table with the tables'
titles in a first column. With fewer than 5 firms matching the filters a file holds only its
header row.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from filiera.district import insight_sections as sections
from filiera.district.insight_sections import Board, Cell


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Cell]]


# Sections whose file has a first column naming the table each row comes from.
SEVERAL = ("certificates", "indicators")


def _columns(key: str) -> list[str]:
    """The section's columns when it has no figures (a file with its header only)."""
    zero: dict = defaultdict(int)
    if key == "onboarding":
        return sections.onboarding(zero).tables[0].columns
    if key == "progress":
        return sections.progress(zero).tables[0].columns
    if key == "grades":
        return sections.grades(zero, []).tables[0].columns
    if key == "trends":
        return sections.trends([]).tables[0].columns
    if key == "certificates":
        return sections.certificates(zero, date.today(), {}, {}, {}).tables[0].columns
    return [_("Figure"), _("Value"), _("Unit")]


def sheet(board: Board, key: str) -> Sheet:
    section = board.section(key)
    several = key in SEVERAL
    columns = section.tables[0].columns if section is not None else _columns(key)
    header = ([_("Table")] if several else []) + list(columns)
    rows: list[list[Cell]] = []
    if section is not None:
        for index, table in enumerate(section.tables):
            title = table.title or (_("Overview") if index == 0 else "")
            prefix: list[Cell] = [title] if several else []
            for row in table.rows:
                rows.append(prefix + list(row))
    title = section.title if section is not None else key
    return Sheet(title, header, rows)


def _plain(value: Cell) -> Cell:
    return "" if value is None else value


def to_csv(data: Sheet) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(data.header)
    for row in data.rows:
        writer.writerow([_plain(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: Sheet) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", data.title)[:31] or "Filiera"
    ws.append(data.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        ws.append([_plain(v) for v in row])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 42
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
