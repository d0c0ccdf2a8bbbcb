"""Italian municipalities from the shipped ISTAT file, indexed in memory (plain Python).

``resolve`` turns what people type (``036005``, ``Carpi (MO)``, ``carpi``) into an ISTAT code.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from filiera.core.usererror import N_, UserError

DATA_FILE = Path(__file__).parent / "data" / "comuni-it.csv"


@dataclass(frozen=True)
class Comune:
    istat_code: str
    name: str
    province: str
    region: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.province})"


class MunicipalityError(UserError):
    """Unknown or ambiguous municipality."""


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass(frozen=True)
class Index:
    by_code: dict[str, Comune]
    by_name: dict[str, list[Comune]]


@cache
def index() -> Index:
    by_code: dict[str, Comune] = {}
    by_name: dict[str, list[Comune]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            comune = Comune(
                row["istat_code"],
                row["name"],
                row["province_abbr"],
                row["region_name"],
                float(row["lat"]),
                float(row["lon"]),
            )
            by_code[comune.istat_code] = comune
            names = {row["name"], row["name_full"], *row["name_full"].split("/")}
            for name in filter(None, names):
                bucket = by_name.setdefault(_key(name), [])
                if comune not in bucket:
                    bucket.append(comune)
            if row["istat_code_prev"]:
                by_code.setdefault(row["istat_code_prev"], comune)
    return Index(by_code, by_name)


_WITH_PROVINCE = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<prov>[A-Za-z]{2})\s*\)$")


def resolve(text: str) -> Comune:
    """The municipality named by an ISTAT code, ``Name (PR)`` or an unambiguous name."""
    text = text.strip()
    if not text:
        raise MunicipalityError(N_("municipality is empty"))
    idx = index()
    if text.isdigit():
        found = idx.by_code.get(text.zfill(6))
        if found is None:
            raise MunicipalityError(N_("no municipality has ISTAT code %(code)s"), code=text)
        return found
    match = _WITH_PROVINCE.match(text)
    name, province = (match["name"], match["prov"].upper()) if match else (text, "")
    candidates = idx.by_name.get(_key(name), [])
    if province:
        candidates = [c for c in candidates if c.province == province]
    if not candidates:
        raise MunicipalityError(N_("unknown municipality “%(text)s”"), text=text)
    if len(candidates) > 1:
        options = ", ".join(c.label for c in candidates)
        raise MunicipalityError(
            N_("“%(text)s” is ambiguous: write one of %(options)s"), text=text, options=options
        )
    return candidates[0]


def search(prefix: str, limit: int = 12) -> list[Comune]:
    """Municipalities whose name starts with ``prefix`` (for autocomplete)."""
    key = _key(prefix)
    if len(key) < 2:
        return []
    found: dict[str, Comune] = {}
    for name, comuni in index().by_name.items():
        if name.startswith(key):
            for comune in comuni:
                found[comune.istat_code] = comune
    return sorted(found.values(), key=lambda c: (len(c.name), c.name))[:limit]
