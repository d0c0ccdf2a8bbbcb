"""EWC codes suggested from a free-text description, Italian or English.

Each entry of the list is a document: its English and Italian texts and our keywords
(``data/ewc-keywords.csv``: the words firms of the districts use, "ritagli di maglieria",
"fanghi di tintoria", "pallet"…), plus its sub-chapter's at half weight and its chapter's at a
quarter. Documents and the description are compared as character n-gram TF-IDF vectors
(``engine.text``); the index is built once per process. The person confirms the code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

from filiera.symbiosis.engine import ewc
from filiera.symbiosis.engine.text import Vectoriser, add_weighted, features

KEYWORDS = Path(__file__).resolve().parent.parent / "data" / "ewc-keywords.csv"
ANCESTOR_WEIGHTS = {2: 0.5, 1: 0.25}  # sub-chapter, chapter
_CODE_IN_TEXT = re.compile(r"\b(\d{2})[\s.]?(\d{2})[\s.]?(\d{2})\b")


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str  # compact, "040222"
    display: str  # "04 02 22", with "*" when hazardous
    text_en: str
    text_it: str
    score: float  # 0-1; 1 for a code written in the text itself


@cache
def keywords() -> dict[str, str]:
    """Our keywords by compact code (entries, sub-chapters or chapters), both languages."""
    with KEYWORDS.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: f"{row['keywords_it']} {row['keywords_en']}"
            for row in csv.DictReader(handle)
        }


def node_text(node: ewc.Entry) -> str:
    return " ".join((node.text_en, node.text_it, keywords().get(node.code, "")))


def document(node: ewc.Entry) -> dict[str, float]:
    """Feature counts of one entry with its ancestors' at lower weight."""
    counts: dict[str, float] = {}
    add_weighted(counts, features(node_text(node)), 1.0)
    for ancestor in ewc.lineage(node.code)[1:]:
        add_weighted(counts, features(node_text(ancestor)), ANCESTOR_WEIGHTS[ancestor.level])
    return counts


@cache
def documents() -> list[dict[str, float]]:
    """One document per six-digit entry, in the list's order."""
    return [document(node) for node in _entries()]


def _entries() -> list[ewc.Entry]:
    return [node for node in ewc.entries().values() if node.is_entry]


class _Index:
    def __init__(self) -> None:
        docs = documents()
        self.entries = _entries()
        self.vectoriser = Vectoriser(docs)
        matrix = self.vectoriser.matrix([self.vectoriser.weights(d) for d in docs])
        self.matrix: sparse.csc_matrix = matrix.tocsc()

    def scores(self, text: str) -> np.ndarray:
        width = self.matrix.shape[1]
        vector = {c: v for c, v in self.vectoriser.vector(text).items() if c < width}
        if not vector:
            return np.zeros(len(self.entries))
        columns = np.fromiter(vector, dtype=np.int64, count=len(vector))
        weights = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
        return np.asarray(self.matrix[:, columns] @ weights).ravel()


@cache
def index() -> _Index:
    return _Index()


def _suggestion(node: ewc.Entry, score: float) -> Suggestion:
    return Suggestion(
        code=node.code,
        display=node.display,
        text_en=node.text_en,
        text_it=node.text_it,
        score=round(min(score, 1.0), 4),
    )


def suggest(text: str, k: int = 3) -> list[Suggestion]:
    """The ``k`` entries whose texts are nearest to ``text``, best first (fewer when fewer share
    anything with it). A valid code written in the text comes first."""
    if k <= 0 or not text.strip():
        return []
    written: list[Suggestion] = []
    for match in _CODE_IN_TEXT.finditer(text):
        node = ewc.entry("".join(match.groups()))
        if node is not None and node.is_entry and node.code not in {s.code for s in written}:
            written.append(_suggestion(node, 1.0))
    found = index()
    scores = found.scores(text)
    order = np.argsort(-scores, kind="stable")[: k + len(written)]
    taken = {s.code for s in written}
    ranked = [
        _suggestion(found.entries[i], float(scores[i]))
        for i in order
        if scores[i] > 0 and found.entries[i].code not in taken
    ]
    return (written + ranked)[:k]
