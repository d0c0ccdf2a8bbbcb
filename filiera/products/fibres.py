"""EU textile fibre names (Regulation (EU) No 1007/2011, Annex I) for composition labels.

A fibre is stored by its key: the Annex I row number (``"5"`` cotton), or for the two family rows a
member of the family (``"2-cashmere"``, ``"48-metallised"``). Names are translated when shown.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data" / "textile-fibres.csv"

# Members of the family rows, as (key suffix, English, Italian).
FAMILIES: dict[str, list[tuple[str, str, str]]] = {
    "2": [
        ("alpaca", "alpaca", "alpaca"),
        ("llama", "llama", "lama"),
        ("camel", "camel", "cammello"),
        ("cashmere", "cashmere", "cachemire"),
        ("mohair", "mohair", "mohair"),
        ("angora", "angora", "angora"),
        ("vicuna", "vicuna", "vigogna"),
        ("yak", "yak", "yak"),
        ("guanaco", "guanaco", "guanaco"),
        ("cashgora", "cashgora", "cashgora"),
        ("beaver", "beaver", "castoro"),
        ("otter", "otter", "lontra"),
    ],
    "3": [("hair", "animal hair", "pelo"), ("horsehair", "horsehair", "crine")],
    "48": [
        ("metal", "metal fibre", "fibra metallica"),
        ("metallised", "metallised fibre", "fibra metallizzata"),
        ("paper", "paper", "carta"),
    ],
}


@dataclass(frozen=True)
class Fibre:
    key: str
    number: int
    name_en: str
    name_it: str
    category: str

    def name(self, language: str | None = None) -> str:
        language = language or get_language() or "it"
        return self.name_it if language.startswith("it") else self.name_en


@cache
def fibres() -> dict[str, Fibre]:
    """Every fibre a label may name, by key, in Annex I order."""
    found: dict[str, Fibre] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            number = row["number"]
            category = row["category"]
            if number in FAMILIES:
                for suffix, name_en, name_it in FAMILIES[number]:
                    key = f"{number}-{suffix}"
                    found[key] = Fibre(key, int(number), name_en, name_it, category)
                continue
            name_it = row["name_it"] or row["name_it_unverified"]
            found[number] = Fibre(number, int(number), row["name_en"], name_it, category)
    return found


def choices() -> list[tuple[str, str]]:
    return [(key, fibre.name()) for key, fibre in fibres().items()]


def name(key: str, language: str | None = None) -> str:
    fibre = fibres().get(key)
    return fibre.name(language) if fibre else key


def validate_fibre(value: str) -> None:
    if value not in fibres():
        raise ValidationError(
            _("“%(value)s” is not a fibre name of the EU textile labelling regulation."),
            params={"value": value},
        )
