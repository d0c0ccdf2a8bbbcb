"""Countries by ISO 3166-1 alpha-2 code, with English and Italian names (``data/countries.csv``)."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ITALY = "IT"
DATA = Path(__file__).parent / "data" / "countries.csv"

# Members of the European Union (ISO 3166-1 alpha-2).
EU = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_it: str

    @property
    def name(self) -> str:
        """The name in the language of the request (Italian or English)."""
        return self.name_it if (get_language() or "it").startswith("it") else self.name_en


@cache
def _countries() -> dict[str, Country]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Country(**row) for row in csv.DictReader(handle)}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in _countries().values():
        for name in (country.name_en, country.name_it):
            names[_key(name)] = country.code
    # Names people write that differ from the list's.
    names.update({"italie": "IT", "italien": "IT", "ita": "IT", "uk": "GB", "usa": "US"})
    return names


def get(code: str) -> Country | None:
    return _countries().get((code or "").upper())


def is_code(code: str) -> bool:
    return code in _countries()


def name(code: str) -> str:
    """The localised name of a country, or the code itself when it is unknown."""
    country = get(code)
    return country.name if country else code


def lookup(raw: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from a code (any case) or an English or Italian name."""
    text = (raw or "").strip()
    if len(text) == 2 and text.upper() in _countries():
        return text.upper()
    return _by_name().get(_key(text))


def choices() -> list[tuple[str, str]]:
    """Italy first, then every other country sorted by its name in the current language."""
    others = sorted(
        (c for c in _countries().values() if c.code != ITALY), key=lambda c: _key(c.name)
    )
    return [(ITALY, _countries()[ITALY].name), *((c.code, c.name) for c in others)]


def validate_country(value: str) -> None:
    """Model and form validator: an ISO 3166-1 alpha-2 code in capitals."""
    if not is_code(value):
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166-1 country code (two letters, e.g. PT)."),
            code="invalid_country",
            params={"value": value},
        )
