"""Text similarity for Italian and English descriptions: character n-gram TF-IDF.

Words are lower-cased, stripped of accents and of common words of both languages; each word,
padded with a space on both sides, gives its character 3- and 4-grams, so that "ritagli" and
"ritaglio", "tessile" and "tessili", "fango" and "fanghi" share most of their features. A
feature's weight is ``(1 + ln count) x idf``, and a text's vector has length 1, so the dot
product of two vectors is their cosine similarity (0-1).

The inverse document frequencies come from a fixed reference corpus (the list of waste in both
languages and our keywords), not from the flows at hand: the similarity of two descriptions is
the same whichever other flows are scored with them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

import numpy as np
from scipy import sparse

NGRAM_SIZES = (3, 4)
TEXT_CACHE = 20_000  # vectors of recent descriptions kept for the one-firm refresh
WORD_CACHE = 500_000  # features of words met, by word

Row = tuple[np.ndarray, np.ndarray]  # sorted column numbers, weights


def word_set(text: str) -> frozenset[str]:
    """The words of a text written as a table (split on white space)."""
    return frozenset(text.split())


# Function words, and words that every offer or need says ("we look for", "available"…).
STOP_WORDS = word_set(
    """
    a ad al alla alle allo agli ai all c con col coi da dal dalla dalle dai dagli dall dalla
    degli dei del della delle dello di e ed gli i il in l la le lo nel nella nelle nei negli
    nell o od per su sul sulla sulle sui tra fra un una uno che come cui ci si ne piu molto
    anche sono essere quelli quelle quello diversi diverse voce voci ovvero ecc etc
    nostra nostro nostri nostre vostro vostra circa cerchiamo cerco cerca cercasi
    offriamo offre offro disponibile disponibili disponibilita ritiriamo ritiro vendiamo
    acquistiamo compriamo produciamo prodotti prodotto prodotta prodotte azienda ditta anno
    mese settimana annui annue mensili settimanali tonnellate ton tonn kg quintali
    the an and or of to for from in into on at by with without as is are be it its this that
    these those other than mentioned including such our we us you your per approx about
    looking available offer offered offering seek seeking wanted want need needed buy
    sell year month week yearly monthly weekly tonnes tons tonne
    """
)

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, accents off, anything but letters and digits turned into spaces."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def words(text: str) -> list[str]:
    """The meaningful words of a text: no common words, no bare numbers, no single letters."""
    return [
        w for w in normalise(text).split() if len(w) > 1 and w not in STOP_WORDS and not w.isdigit()
    ]


def features(text: str) -> dict[str, int]:
    """Character n-grams of the padded words, with their counts."""
    counts: dict[str, int] = {}
    for word in words(text):
        padded = f" {word} "
        for size in NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                gram = padded[start : start + size]
                counts[gram] = counts.get(gram, 0) + 1
    return counts


def add_weighted(total: dict[str, float], counts: Mapping[str, float], weight: float) -> None:
    """Add ``weight x counts`` into ``total`` (to build a document from weighted parts)."""
    for gram, count in counts.items():
        total[gram] = total.get(gram, 0.0) + weight * count


class Vectoriser:
    """TF-IDF vectors of texts over a reference corpus (one dict of feature counts per document).

    Features unseen in the corpus are weighted as a feature of median rarity. Column numbers are
    given to features as they come, so vectors from one vectoriser can be compared whatever
    texts they came from.
    """

    def __init__(self, documents: Iterable[Mapping[str, float]]) -> None:
        frequency: dict[str, int] = {}
        total = 0
        for document in documents:
            total += 1
            for gram in document:
                frequency[gram] = frequency.get(gram, 0) + 1
        self.documents = total
        self.idf = {
            gram: math.log((1 + total) / (1 + count)) + 1.0 for gram, count in frequency.items()
        }
        weights = sorted(self.idf.values())
        self.unseen_idf = weights[len(weights) // 2] if weights else 1.0
        self.columns: dict[str, int] = {gram: i for i, gram in enumerate(self.idf)}
        self._idf = np.array(list(self.idf.values()) or [1.0], dtype=np.float64)
        self._words: dict[str, np.ndarray] = {}

    def column(self, gram: str) -> int:
        """The column of a feature; a feature not seen before gets the next one."""
        found = self.columns.get(gram)
        if found is None:
            found = self.columns.setdefault(gram, len(self.columns))
            if found >= len(self._idf):
                grown = np.full(max(2 * len(self._idf), found + 1), self.unseen_idf)
                grown[: len(self._idf)] = self._idf
                self._idf = grown
        return found

    def weights(self, counts: Mapping[str, float]) -> dict[int, float]:
        """Column → weight for a dict of feature counts, length 1 (empty for no features)."""
        result: dict[int, float] = {}
        for gram, count in counts.items():
            if count <= 0:
                continue
            idf = self.idf.get(gram, self.unseen_idf)
            tf = 1.0 + math.log(count) if count >= 1 else count
            result[self.column(gram)] = tf * idf
        norm = math.sqrt(sum(v * v for v in result.values()))
        return {c: v / norm for c, v in result.items()} if norm else {}

    def _word_columns(self, word: str) -> np.ndarray:
        found = self._words.get(word)
        if found is None:
            padded = f" {word} "
            grams = [
                padded[i : i + size] for size in NGRAM_SIZES for i in range(len(padded) - size + 1)
            ]
            found = np.array([self.column(g) for g in grams], dtype=np.int64)
            if len(self._words) < WORD_CACHE:
                self._words[word] = found
        return found

    def arrays(self, text: str) -> Row:
        """A text's vector as sorted column numbers and their weights (the same weighting as
        ``weights(features(text))``; the words' features are remembered)."""
        found = [self._word_columns(w) for w in words(text)]
        if not found:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        columns, counts = np.unique(np.concatenate(found), return_counts=True)
        values = (1.0 + np.log(counts)) * self._idf[columns]
        return columns.astype(np.int32), values / np.sqrt(values @ values)

    def vector(self, text: str) -> dict[int, float]:
        columns, values = self.arrays(text)
        return dict(zip(columns.tolist(), values.tolist(), strict=True))

    def matrix(self, rows: Sequence[Row | dict[int, float]]) -> sparse.csr_matrix:
        """Vectors as the rows of a sparse matrix (as many columns as features seen so far)."""
        pairs = [
            row
            if isinstance(row, tuple)
            else (np.fromiter(row, np.int32, len(row)), np.fromiter(row.values(), float, len(row)))
            for row in rows
        ]
        indptr = np.zeros(len(pairs) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(columns) for columns, _ in pairs])
        empty = np.zeros(0)
        indices = np.concatenate([columns for columns, _ in pairs] or [empty]).astype(np.int32)
        data = np.concatenate([weights for _, weights in pairs] or [empty])
        shape = (len(pairs), max(len(self.columns), 1))
        result = sparse.csr_matrix((data, indices, indptr), shape=shape)
        result.sort_indices()
        return result


def cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    """Dot product of two unit vectors given as column → weight."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[c] for c, v in a.items() if c in b)


def row_dots(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Dot products of row ``left[i]`` with row ``right[i]`` of a CSR matrix, for every i."""
    if len(left) == 0:
        return np.zeros(0)
    product = matrix[left].multiply(matrix[right])
    return np.asarray(product.sum(axis=1)).ravel().clip(0.0, 1.0)


@lru_cache(maxsize=TEXT_CACHE)
def cached_arrays(text: str) -> Row:
    """``reference().arrays(text)``, remembered for the most recent descriptions."""
    return reference().arrays(text)


@cache
def reference() -> Vectoriser:
    """The vectoriser for flow descriptions: idf over the list of waste (both languages, with
    our keywords), built once per process."""
    from filiera.symbiosis.engine import ewc_suggest

    return Vectoriser(ewc_suggest.documents())
