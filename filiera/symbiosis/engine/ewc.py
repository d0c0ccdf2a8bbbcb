"""The European List of Waste (EWC, in Italy "codici EER"): entries, codes and the code tree.

Read once from ``filiera/symbiosis/data/ewc-codes.csv`` (see the README beside it): 20 chapters,
111 sub-chapters and 842 six-digit entries. Codes are kept compact (``"040222"``, ``"0402"``,
``"04"``) and printed spaced (``"04 02 22"``, with ``*`` when the entry is hazardous).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "ewc-codes.csv"

LEVELS = {"chapter": 1, "subchapter": 2, "entry": 3}
SAME_ENTRY, SAME_SUBCHAPTER, SAME_CHAPTER = 1.0, 0.6, 0.3

_SEPARATORS = re.compile(r"[\s.\-/]+")


class EwcError(ValueError):
    """A code that is not a six-digit entry of the list; the message says why in plain words.

    ``code`` is the text as given, ``reason`` one of ``"format"`` (not six digits) or
    ``"unknown"`` (six digits that are not in the list), for callers that word it themselves.
    """

    def __init__(self, message: str, *, code: str, reason: str) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Entry:
    code: str  # compact: "04", "0402", "040222"
    display: str  # "04 02 22", "04 02 19*"
    level: int  # 1 chapter, 2 sub-chapter, 3 entry
    parent: str  # compact code of the parent, "" for chapters
    hazardous: bool
    text_en: str
    text_it: str  # official wording when text_it_official, else the unofficial list's; may be ""
    text_it_official: bool

    def text(self, lang: str = "en") -> str:
        """The description in ``lang`` ("it…" gives Italian when there is any, else English)."""
        if lang.lower().startswith("it") and self.text_it:
            return self.text_it
        return self.text_en

    @property
    def is_entry(self) -> bool:
        return self.level == 3


@cache
def entries() -> dict[str, Entry]:
    """Every node of the list by compact code, in the list's order."""
    result: dict[str, Entry] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            official = row["description_it"].strip()
            result[row["code_compact"]] = Entry(
                code=row["code_compact"],
                display=row["display_code"],
                level=LEVELS[row["level"]],
                parent=row["parent_code"].replace(" ", ""),
                hazardous=row["hazardous"] == "true",
                text_en=row["description_en"].strip(),
                text_it=official or row["description_it_unofficial"].strip(),
                text_it_official=bool(official),
            )
    return result


def compact(code: str) -> str:
    """``"04 02 22*"`` → ``"040222"``: separators and the hazard asterisk dropped."""
    return _SEPARATORS.sub("", str(code).strip()).rstrip("*").strip()


def entry(code: str) -> Entry | None:
    """The node for a code in any usual spelling (``"04 02 22"``, ``"040222"``, ``"04 02 22*"``,
    ``"04.02.22"``; chapters and sub-chapters too), or None."""
    return entries().get(compact(code))


def normalise(code: str) -> str:
    """The compact six-digit code of an entry of the list; raises ``EwcError`` otherwise."""
    given = str(code).strip()
    digits = compact(given)
    if not (len(digits) == 6 and digits.isdigit()):
        raise EwcError(
            f"EWC code “{given}” is not six digits, e.g. 04 02 22.", code=given, reason="format"
        )
    if digits not in entries():
        raise EwcError(f"EWC {spaced(digits)} is not in the list.", code=given, reason="unknown")
    return digits


def spaced(code: str) -> str:
    """``"040222"`` → ``"04 02 22"`` (no asterisk; see ``Entry.display`` for that)."""
    digits = compact(code)
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def is_hazardous(code: str) -> bool:
    """Whether a code is a hazardous entry (False for unknown codes and for chapters)."""
    found = entry(code)
    return bool(found and found.hazardous)


def tree_similarity(a: str, b: str) -> float:
    """How close two codes are on the list's tree: 1 the same entry, 0.6 the same sub-chapter,
    0.3 the same chapter, 0 otherwise (and when either is empty)."""
    a, b = compact(a), compact(b)
    if len(a) != 6 or len(b) != 6:
        return 0.0
    if a == b:
        return SAME_ENTRY
    if a[:4] == b[:4]:
        return SAME_SUBCHAPTER
    if a[:2] == b[:2]:
        return SAME_CHAPTER
    return 0.0


def children(code: str) -> list[Entry]:
    """The nodes directly below a chapter or sub-chapter, in the list's order."""
    parent = compact(code)
    return [e for e in entries().values() if e.parent == parent]


def lineage(code: str) -> list[Entry]:
    """The node and its ancestors, nearest first (empty for an unknown code)."""
    chain: list[Entry] = []
    node = entry(code)
    while node is not None:
        chain.append(node)
        node = entries().get(node.parent) if node.parent else None
    return chain
