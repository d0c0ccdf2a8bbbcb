"""The columns of the flows exchange format (DESIGN.md, "Exchange formats": add, never rename)."""

from __future__ import annotations

import re

# The exchange format, in its order; the last three were added after it and come at the end.
COLUMNS = (
    "ref",
    "vat",
    "site_name",
    "direction",
    "kind",
    "ewc",
    "description",
    "quantity",
    "unit",
    "period",
    "max_distance_km",
    "available_from",
    "available_until",
    "accepted_ewc",
    "attributes",
    "description_en",
    "legal_status",
    "accepts_hazardous",
)
# Without these the file cannot be read at all (``vat`` may be left out on a firm's own page).
REQUIRED = ("direction", "kind", "description", "quantity", "unit")
# Cells that hold a date (a spreadsheet's date cell is read as its day).
DATE_COLUMNS = ("available_from", "available_until")

# Other spellings people use (after ``normalise``).
ALIASES = {
    "partita_iva": "vat",
    "p_iva": "vat",
    "piva": "vat",
    "vat_number": "vat",
    "site": "site_name",
    "sede": "site_name",
    "ewc_code": "ewc",
    "eer": "ewc",
    "cer": "ewc",
    "codice_eer": "ewc",
    "description_it": "description",
    "max_distance": "max_distance_km",
    "from": "available_from",
    "until": "available_until",
    "to": "available_until",
    "accepted_ewc_codes": "accepted_ewc",
}


def normalise(name: str) -> str:
    """``Max distance (km)`` → ``max_distance_km``; known other spellings → the column."""
    key = re.sub(r"[^0-9a-z]+", "_", (name or "").strip().lower()).strip("_")
    return ALIASES.get(key, key)
