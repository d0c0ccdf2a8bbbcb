"""Read a flows file into rows of text cells by column (plain Python).

The firms import's reader opens the file (CSV in UTF-8 with ``,`` ``;`` or tab, or the first
sheet of an XLSX workbook) and numbers the lines as a spreadsheet does (the header is line 1).
Here the header is matched to the exchange format's columns: unknown columns are listed and
not read; a missing required column stops the file with one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO

from filiera.core.usererror import N_
from filiera.registry.importing import reader
from filiera.registry.importing.records import ImportFileError

from .columns import COLUMNS, DATE_COLUMNS, REQUIRED, normalise

_DATE_AND_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00)?$")


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # column → text, stripped; only the file's known columns


@dataclass
class Rows:
    columns: list[str]  # the known columns the file has, in its order
    rows: list[Row] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def read_rows(
    stream: BinaryIO,
    filename: str,
    *,
    max_bytes: int,
    size: int | None = None,
    required: tuple[str, ...] = REQUIRED,
) -> Rows:
    """The file's rows, or ``ImportFileError`` for a file that cannot be read."""
    table = reader.read_table(stream, filename, max_bytes, size)
    index: dict[str, int] = {}
    ignored: list[str] = []
    for n, cell in enumerate(table.header):
        name = normalise(cell)
        if not name:
            continue
        if name in COLUMNS and name not in index:
            index[name] = n
        else:
            ignored.append(cell.strip())
    missing = [column for column in required if column not in index]
    if missing:
        raise ImportFileError(
            N_("The file has no column %(columns)s (the header is its first row)."),
            columns=", ".join(missing),
        )
    found = Rows(columns=list(index), ignored_columns=ignored)
    for line, cells in table.rows:
        values = {name: (cells[n].strip() if n < len(cells) else "") for name, n in index.items()}
        for name in DATE_COLUMNS:
            if name in values:
                values[name] = _day(values[name])
        found.rows.append(Row(line, values))
    return found


def _day(text: str) -> str:
    """A spreadsheet's date cell arrives as ``2025-03-31T00:00:00``: keep the day."""
    match = _DATE_AND_MIDNIGHT.match(text)
    return match.group(1) if match else text
