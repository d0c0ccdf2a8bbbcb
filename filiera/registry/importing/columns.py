"""Column names of the firms-and-sites exchange format, and of Open Supply Hub lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from filiera.core.usererror import N_

from .records import ImportFileError

# The exchange format (DESIGN.md, "Exchange formats"): one row per site, firm columns repeat.
_FIRST_COLUMNS = (
    "vat",
    "name",
    "ateco",
    "role",
    "employees",
    "turnover_eur",
    "site_name",
    "address",
    "municipality",
    "lat",
    "lon",
    "processes",
    "workers",
    "email",
    "website",
    "osh_id",
)
# Added later, so at the end: the site's country (ISO 3166-1 alpha-2, empty means IT).
COLUMNS = (*_FIRST_COLUMNS, "country")
# "municipality" may be left out when a "country" column places the sites (see _check_required).
REQUIRED = ("vat", "name", "municipality")
# The export adds these; the import reads facility_id and skips municipality_name.
EXPORT_COLUMNS = (*_FIRST_COLUMNS, "facility_id", "municipality_name", "country")
SITE_COLUMNS = (
    "country",
    "site_name",
    "address",
    "municipality",
    "lat",
    "lon",
    "processes",
    "workers",
    "osh_id",
    "facility_id",
)

# Open Supply Hub list columns (upload template and downloads). Their "country" is ours too: a
# file is read as an OSH list when it has one of the others, or a country and no VAT column.
OSH_COLUMNS = (
    "country",
    "sector",
    "product_type",
    "facility_type",
    "processing_type",
    "number_of_workers",
    "parent_company",
)

ALIASES = {
    "partita_iva": "vat",
    "p_iva": "vat",
    "piva": "vat",
    "vat_number": "vat",
    "latitude": "lat",
    "longitude": "lon",
    "lng": "lon",
    "os_id": "osh_id",
    "facility_id_osh": "osh_id",
    "country_code": "country",
    "country_name": "country",
    "facility_type_processing_type": "processing_type",
    "turnover": "turnover_eur",
}
KNOWN = set(COLUMNS) | set(EXPORT_COLUMNS) | set(OSH_COLUMNS)


def column_key(header: str) -> str:
    """``"Number of workers"`` → ``number_of_workers``; aliases map to our names."""
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lstrip("\ufeff").lower()).strip("_")
    return ALIASES.get(key, key)


@dataclass(frozen=True)
class Header:
    positions: dict[str, int]  # our column name → index in the row
    ignored: list[str]  # headers we do not read, as written in the file
    osh: bool  # an Open Supply Hub list

    def __contains__(self, column: str) -> bool:
        return column in self.positions


def map_header(cells: list[str]) -> Header:
    """Find our columns in a header row; a file-level error names what is missing."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for i, cell in enumerate(cells):
        key = column_key(cell)
        if not key:
            continue
        if key in positions:
            raise ImportFileError(N_("The column “%(column)s” appears twice."), column=cell.strip())
        if key in KNOWN:
            positions[key] = i
        else:
            ignored.append(cell.strip())
    osh = any(column in positions for column in OSH_COLUMNS if column != "country") or (
        "country" in positions and "vat" not in positions
    )
    _check_required(positions, osh)
    return Header(positions, ignored, osh)


def _check_required(positions: dict[str, int], osh: bool) -> None:
    if osh:
        # An OSH list has no VAT (each row then gets its own error) and may place sites by
        # country and address instead of a municipality column.
        required = ["name"]
        if "municipality" not in positions and not {"country", "address"} <= positions.keys():
            required.append("municipality")
    else:
        # With a country column, sites abroad need no municipality: rows in Italy still do.
        required = [c for c in REQUIRED if c != "municipality" or "country" not in positions]
    missing = [column for column in required if column not in positions]
    if len(missing) == 1:
        raise ImportFileError(N_("The required column “%(column)s” is missing."), column=missing[0])
    if missing:
        raise ImportFileError(
            N_("The required columns %(columns)s are missing."), columns=", ".join(missing)
        )
