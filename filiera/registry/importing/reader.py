"""Read a CSV or XLSX file into a header and rows of text cells (plain Python).

Rows come lazily, each with its line number as a spreadsheet shows it (the header is line 1).
Problems with the file as a whole raise ``ImportFileError`` with one clear message.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from filiera.core.usererror import N_

from .records import ImportFileError

MAX_ROWS = 200_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or a password-protected workbook

NOT_UTF8 = N_(
    "The file is not UTF-8 text (first problem on line %(line)s). In Excel choose “Save as” and the type "
    "“CSV UTF-8 (comma delimited)”, or upload the workbook as XLSX."
)


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line, cells); blank rows are skipped
    kind: str  # "csv" or "xlsx"


def too_large(max_bytes: int) -> ImportFileError:
    return ImportFileError(
        N_(
            "The file is larger than %(size)s MB. Split it into smaller files and import them one by one."
        ),
        size=f"{max_bytes / (1024 * 1024):g}",
    )


def read_table(stream: BinaryIO, filename: str, max_bytes: int, size: int | None = None) -> Table:
    """Open ``stream`` (binary, seekable) as XLSX when it is a zip archive, else as CSV."""
    if size is not None and size > max_bytes:
        raise too_large(max_bytes)
    start = stream.read(8)
    stream.seek(0)
    if not start.strip(b"\xef\xbb\xbf \r\n\t"):
        raise ImportFileError(N_("The file is empty."))
    if start.startswith(OLE_MAGIC):
        raise ImportFileError(
            N_(
                "This is an old Excel .xls file or a workbook with a password: save it as .xlsx "
                "without a password, or as “CSV UTF-8”."
            )
        )
    if start.startswith(ZIP_MAGIC):
        return _xlsx_table(stream)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(N_("The file is not a readable XLSX workbook."))
    return _csv_table(_Limited(stream, max_bytes))


# CSV -----------------------------------------------------------------------------------------


class _Limited(io.RawIOBase):
    """A reader that refuses to go past ``limit`` bytes (for streams of unknown size)."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream, self.limit, self.seen = stream, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            raise too_large(self.limit)
        buffer[: len(data)] = data
        return len(data)


def _csv_table(raw: _Limited) -> Table:
    lines = _decoded_lines(raw)
    first = next(lines, "").removeprefix("\ufeff")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError(NOT_UTF8, line=1) from exc
    return Table(header, _csv_rows(reader), "csv")


def _decoded_lines(raw: _Limited) -> Iterator[str]:
    """Text lines, decoded one by one so an encoding error names its line."""
    for number, chunk in enumerate(io.BufferedReader(raw), start=1):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(NOT_UTF8, line=number) from exc
        if "\x00" in text:  # UTF-16 ("Unicode text" from Excel) or a binary file
            raise ImportFileError(NOT_UTF8, line=number)
        yield text


def sniff_delimiter(header_line: str) -> str:
    """``;`` (Italian Excel), tab or ``,``: whichever the header row uses most."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(reader) -> Iterator[tuple[int, list[str]]]:
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if line > MAX_ROWS + 1:
                raise _too_many_rows()
            if any(cell.strip() for cell in cells):
                yield line, cells
    except csv.Error as exc:
        raise ImportFileError(
            N_("The file cannot be read as CSV near line %(line)s: %(reason)s"),
            line=line + 1,
            reason=str(exc),
        ) from exc


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        N_("The file has more than %(count)s rows: split it into smaller files."),
        count=f"{MAX_ROWS:,}",
    )


# XLSX ----------------------------------------------------------------------------------------

UNREADABLE_XLSX = N_(
    "The XLSX file cannot be read: it may be damaged, or not an Excel workbook. "
    "Save it again from Excel, or as “CSV UTF-8”."
)


def _xlsx_table(stream: BinaryIO) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [cell_text(v) for v in next(rows, ())]
    except Exception as exc:  # openpyxl raises many kinds for a bad archive
        raise ImportFileError(UNREADABLE_XLSX) from exc
    if not any(header):
        workbook.close()
        raise ImportFileError(N_("The file is empty."))
    return Table(header, _xlsx_rows(workbook, rows), "xlsx")


def _xlsx_rows(workbook, rows) -> Iterator[tuple[int, list[str]]]:
    try:
        for line, values in enumerate(rows, start=2):
            if line > MAX_ROWS + 1:
                raise _too_many_rows()
            cells = [cell_text(v) for v in values]
            if any(cells):
                yield line, cells
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(UNREADABLE_XLSX) from exc
    finally:
        workbook.close()


def cell_text(value) -> str:
    """A spreadsheet value as the text a person would type (``12.0`` → ``12``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()
