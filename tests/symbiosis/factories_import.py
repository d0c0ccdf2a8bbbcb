"""Files for the flows import tests: rows as dicts written to CSV or XLSX bytes, and a good file
of three flows of firm A and firm B (firms of tests/conftest.py, in the Carpi district)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import openpyxl

from filiera.symbiosis.importing.columns import COLUMNS

FIRST = COLUMNS[:15]  # the exchange format's first columns (DESIGN "Exchange formats")


def csv_bytes(rows: Sequence[dict], columns: Sequence[str] = FIRST, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(firm_a, firm_b) -> list[dict]:
    """Knitting cuttings offered by A, yarn cones needed by A, heat needed by B."""
    return [
        {
            "ref": "A-CUT",
            "vat": firm_a.vat,
            "site_name": firm_a.sites.get().name,
            "direction": "offer",
            "kind": "waste",
            "ewc": "04 02 22",
            "description": "Ritagli di maglieria in lana e cashmere",
            "quantity": "120",
            "unit": "t",
            "period": "year",
            "max_distance_km": "150",
            "available_from": "2025-01-01",
            "attributes": "fibre=wool;colour=mixed;construction=knitted",
        },
        {
            "ref": "A-CONES",
            "vat": firm_a.vat,
            "direction": "need",
            "kind": "waste",
            "ewc": "15 01 02",
            "description": "Coni per filati usati",
            "quantity": "150",
            "unit": "kg",
            "period": "month",
            "accepted_ewc": "15 01 02|15 01 01",
        },
        {
            "ref": "B-HEAT",
            "vat": firm_b.vat.removeprefix("IT"),
            "site_name": firm_b.sites.get().name.upper(),
            "direction": "need",
            "kind": "energy",
            "description": "Calore per il reparto stiro",
            "quantity": "400",
            "unit": "MWh",
            "max_distance_km": "10",
            "available_from": "01/10/2025",
            "available_until": "31/03/2026",
        },
    ]
