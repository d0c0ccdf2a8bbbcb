"""Material attributes and the "material" score component.

A flow's attributes are free ``key=value`` pairs; for textiles the usual keys are ``fibre``
(composition: "cotton", "lana 80 poliammide 20", "95% cotone 5% elastan"), ``colour``,
``construction`` (knitted, woven, nonwoven…), ``coated`` and ``elastane_pct``. Keys and values
are read in Italian or English. The need's attributes are what the receiver asks for; each is
scored 0-1 against the offer's, and the component is their mean:

- fibre: the share of the offer's composition made of fibres the need names (with shares on
  both sides: the overlap of the two compositions);
- colour: the same colour, or the need takes any or mixed colours: 1; the same shade family
  (light, dark): 0.6; a mixed offer for a single-colour need: 0.2;
- construction, coated and any other key: equal 1, different 0;
- elastane_pct: the need's figure is a maximum: at or below 1, then 0.1 less per point above;
- a key the need asks for and the offer does not state: 0.5 (not known).

With no attributes on the need the component is 0.5: nothing to compare.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from filiera.symbiosis.engine.text import STOP_WORDS, normalise, word_set

UNKNOWN = 0.5

KEYS = {
    "fibre": "fibre fiber fibra fibre_composition composizione composition materiale material",
    "colour": "colour color colore",
    "construction": "construction costruzione lavorazione struttura structure",
    "coated": "coated spalmato spalmatura coating resinato",
    "elastane_pct": "elastane_pct elastane elastan elastam elastan_pct spandex",
}
FIBRES = {
    "cotton": "cotton cotone co",
    "wool": "wool lana wo merino lambswool",
    "cashmere": "cashmere cachemire kashmir",
    "silk": "silk seta",
    "linen": "linen lino li",
    "hemp": "hemp canapa",
    "jute": "jute juta",
    "polyester": "polyester poliestere pes pet pl",
    "polyamide": "polyamide poliammide nylon pa",
    "acrylic": "acrylic acrilico acrilica pan",
    "viscose": "viscose viscosa rayon cv",
    "modal": "modal",
    "lyocell": "lyocell tencel",
    "acetate": "acetate acetato",
    "elastane": "elastane elastan elastam spandex lycra ea el",
    "polypropylene": "polypropylene polipropilene pp",
    "alpaca": "alpaca",
    "mohair": "mohair",
    "mixed": "mixed misto misti mista miste blend vari varie",
    "any": "any qualsiasi qualunque tutti tutte indifferente",
}
COLOURS = {
    "white": "white bianco bianca bianchi",
    "undyed": "undyed greggio greggi naturale natural raw ecru",
    "black": "black nero nera neri",
    "grey": "grey gray grigio grigia grigi melange",
    "blue": "blue blu azzurro navy denim",
    "red": "red rosso rossa rossi bordeaux",
    "green": "green verde verdi",
    "yellow": "yellow giallo gialla",
    "brown": "brown marrone cammello camel",
    "beige": "beige",
    "pink": "pink rosa",
    "light": "light chiaro chiari chiara chiare pastel pastello",
    "dark": "dark scuro scuri scura scure",
    "mixed": "mixed misto misti assorted assortiti vari varie multicolour multicolor multicolore",
    "any": "any qualsiasi qualunque tutti indifferente",
}
SHADES = {
    "light": frozenset({"white", "undyed", "light", "yellow", "beige", "pink"}),
    "dark": frozenset({"black", "dark", "blue", "brown", "grey", "red", "green"}),
}
CONSTRUCTIONS = {
    "knitted": "knitted knit knitwear jersey tricot maglia maglieria calata",
    "woven": "woven tessuto tessuti trama ortogonale navetta calada",
    "nonwoven": "nonwoven tnt nontessuto feltro felt",
    "yarn": "yarn yarns filato filati",
    "fibre": "fibre fiber fibra fiocco staple",
    "any": "any qualsiasi indifferente",
}
TRUE_WORDS = word_set("yes si true vero 1 y s spalmato coated")
FALSE_WORDS = word_set("no false falso 0 n non")


def _lookup(table: dict[str, str]) -> dict[str, str]:
    return {word: name for name, words in table.items() for word in words.split()}


KEY_OF, FIBRE_OF = _lookup(KEYS), _lookup(FIBRES)
COLOUR_OF, CONSTRUCTION_OF = _lookup(COLOURS), _lookup(CONSTRUCTIONS)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

Signature = tuple[tuple[str, Any], ...]


def composition(value: str) -> tuple[tuple[str, float], ...]:
    """``"lana 80 poliammide 20"`` → ``(("polyamide", 0.2), ("wool", 0.8))``; fibres without
    figures share equally; unknown words are kept as fibres of their own."""
    text = str(value).lower().replace("%", " ")
    numbers = [float(n.replace(",", ".")) for n in _NUMBER.findall(text)]
    names: list[str] = []
    for word in normalise(_NUMBER.sub(" ", text)).split():
        if word in STOP_WORDS:
            continue
        name = FIBRE_OF.get(word, word if len(word) > 2 else "")
        if name and name not in names:
            names.append(name)
    if not names:
        return ()
    if len(numbers) == len(names) and sum(numbers) > 0:
        total = sum(numbers)
        shares = [n / total for n in numbers]
    else:
        shares = [1.0 / len(names)] * len(names)
    return tuple(sorted(zip(names, shares, strict=True)))


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = normalise(str(value)).replace(" ", "")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _word(value: Any, table: dict[str, str]) -> str:
    text = normalise(str(value))
    for word in text.split():
        if word in table:
            return table[word]
    return text


def signature(attributes: Mapping[str, Any] | None) -> Signature:
    """The attributes read into canonical form, hashable (equal for equal meaning)."""
    if not attributes:
        return ()
    read: dict[str, Any] = {}
    for raw_key, raw_value in attributes.items():
        if raw_value is None or str(raw_value).strip() == "":
            continue
        key = KEY_OF.get(normalise(str(raw_key)).replace(" ", "_"), normalise(str(raw_key)))
        value: Any
        if key == "fibre":
            value = composition(str(raw_value))
        elif key == "colour":
            value = _word(raw_value, COLOUR_OF)
        elif key == "construction":
            value = _word(raw_value, CONSTRUCTION_OF)
        elif key == "coated":
            value = _flag(raw_value)
        elif key == "elastane_pct":
            numbers = _NUMBER.findall(str(raw_value))
            value = float(numbers[0].replace(",", ".")) if numbers else None
        else:
            value = normalise(str(raw_value))
        if value is not None and value != () and key:
            read[key] = value
    if "elastane_pct" not in read and "fibre" in read:
        shares = dict(read["fibre"])
        if "elastane" in shares and len(shares) > 1:
            read["elastane_pct"] = round(shares["elastane"] * 100, 2)
    return tuple(sorted(read.items()))


@lru_cache(maxsize=65536)
def cached_signature(items: tuple[tuple[str, Any], ...]) -> Signature:
    """``signature`` of attributes given as sorted (key, value) pairs, remembered."""
    return signature(dict(items))


def _fibre(offer: tuple, need: tuple) -> float:
    wanted = dict(need)
    if "any" in wanted or "mixed" in wanted:
        return 1.0
    have = dict(offer)
    if set(have) == {"mixed"}:
        return 0.3
    if len(wanted) > 1 and len(set(wanted.values())) > 1:  # shares given: overlap
        return sum(min(share, wanted.get(name, 0.0)) for name, share in have.items())
    return sum(share for name, share in have.items() if name in wanted)


def _colour(offer: str, need: str) -> float:
    if need in ("any", "mixed") or offer == need:
        return 1.0
    if offer == "mixed":
        return 0.2
    if any(offer in shade and need in shade for shade in SHADES.values()):
        return 0.6
    return 0.0


def _one(key: str, offer: Any, need: Any) -> float:
    if key == "fibre":
        return _fibre(offer, need)
    if key == "colour":
        return _colour(offer, need)
    if key == "elastane_pct":
        return max(0.0, 1.0 - max(0.0, float(offer) - float(need)) / 10.0)
    if need == "any":
        return 1.0
    return 1.0 if offer == need else 0.0


@lru_cache(maxsize=65536)
def similarity(offer: Signature, need: Signature) -> float:
    """The material component for two signatures (see the module's rules)."""
    if not need:
        return UNKNOWN
    have = dict(offer)
    scores = [_one(key, have[key], wanted) if key in have else UNKNOWN for key, wanted in need]
    return round(sum(scores) / len(scores), 4)


def material_similarity(offer: Mapping[str, Any] | None, need: Mapping[str, Any] | None) -> float:
    return similarity(signature(offer), signature(need))
