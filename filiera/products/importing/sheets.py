"""Read an import file into sheets of text cells (plain Python).

A CSV file is one sheet, its kind recognised by its header. A workbook's sheets named
``products`` and ``steps`` (or ``prodotti`` and ``fasi``) are read; a workbook with neither has
its first sheet read and recognised by its header, like a CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from filiera.core.usererror import N_
from filiera.registry.importing import reader
from filiera.registry.importing.records import ImportFileError

from .columns import SHEET_NAMES, kind_of


@dataclass
class Sheet:
    kind: str | None  # products, steps, or None when not recognised
    name: str  # the sheet's name in the workbook, or the kind for a CSV
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)


def read_sheets(stream: BinaryIO, filename: str, max_bytes: int, size: int | None = None):
    """The sheets of the file, or ``ImportFileError`` for a file that cannot be read."""
    if size is not None and size > max_bytes:
        raise reader.too_large(max_bytes)
    start = stream.read(8)
    stream.seek(0)
    if start.startswith(reader.ZIP_MAGIC):
        return _workbook(stream)
    table = reader.read_table(stream, filename, max_bytes, size)
    kind = kind_of(table.header)
    return [Sheet(kind, kind or "", table.header, list(table.rows))]


def _workbook(stream: BinaryIO) -> list[Sheet]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad archive
        raise ImportFileError(reader.UNREADABLE_XLSX) from exc
    try:
        named = [ws for ws in workbook.worksheets if ws.title.strip().lower() in SHEET_NAMES]
        chosen = named or workbook.worksheets[:1]
        sheets = []
        for worksheet in chosen:
            kind = SHEET_NAMES.get(worksheet.title.strip().lower())
            sheets.append(_sheet(worksheet, kind))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(reader.UNREADABLE_XLSX) from exc
    finally:
        workbook.close()
    if not any(sheet.header for sheet in sheets):
        raise ImportFileError(N_("The file is empty."))
    return sheets


def _sheet(worksheet, kind: str | None) -> Sheet:
    rows = worksheet.iter_rows(values_only=True)
    header = [reader.cell_text(v) for v in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    found = Sheet(kind or kind_of(header), worksheet.title, header)
    for line, values in enumerate(rows, start=2):
        if line > reader.MAX_ROWS + 1:
            raise ImportFileError(
                N_("The file has more than %(count)s rows: split it into smaller files."),
                count=f"{reader.MAX_ROWS:,}",
            )
        cells = [reader.cell_text(v) for v in values]
        if any(cells):
            found.rows.append((line, cells))
    return found
