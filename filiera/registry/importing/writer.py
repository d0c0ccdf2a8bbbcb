"""Write rows of the exchange format as CSV (streamed) or XLSX (plain Python)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .columns import COLUMNS

BOM = "\ufeff"  # lets Excel open the CSV as UTF-8
_FORMULA_START = ("=", "+", "-", "@")


def protect(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (the import drops it)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text, one line at a time (for a streaming response), starting with a BOM."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if v is None else protect(v) for v in row])


def template_csv() -> str:
    """The header row of the exchange format, for people to fill in."""
    return "".join(csv_lines(COLUMNS, []))


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "firms") -> bytes:
    """A one-sheet workbook; text stays text (never a formula), numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)

    def cells(values: Sequence[Any]) -> list:
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            out.append(cell)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
