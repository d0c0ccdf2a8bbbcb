"""Hard filters and score components, on arrays of (offer, need) pairs of one ``FlowTable``.

Filters, in the order they are reported:

- ``kind``: material kinds (waste, by-product, end-of-waste, secondary material) match each
  other, any other kind only itself; and both amounts are in the same base unit;
- ``ewc``: an offer that is legally waste needs a receiver whose authorised codes hold its
  code; and when both sides name codes, they are of one material family (``families``);
- ``hazardous``: a hazardous offer needs a receiver authorised for hazardous waste;
- ``legal``: an offer that is legally waste needs a receiver that takes waste (legal status
  "waste"); by-products, end-of-waste materials and products go to anyone;
- ``time``: the availability windows overlap (an empty end is open);
- ``distance``: within both radii (great-circle km);
- ``same_firm``: a firm is not matched with itself.

Components, each 0-1 (0.5 where there is nothing to compare):

- ``code``: the offer's code against the need's own code (else its authorised codes): 1 the
  same entry, 0.6 the same sub-chapter or material family, 0.3 the same chapter;
- ``material``: the attributes (``attributes.similarity``);
- ``text``: the descriptions' cosine similarity (``text``);
- ``quantity``: the mean of the share of the offer the need takes and the share of the need
  the offer covers (10 t against 100 t: (1 + 0.1) / 2 = 0.55);
- ``time``: the overlap of the windows over the shorter window (1 when both are open-ended);
- ``distance``: halves every 50 km (1 at 0 km, 0.5 at 50 km, 0.25 at 100 km).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import numpy as np

from filiera.symbiosis.engine import attributes
from filiera.symbiosis.engine.ewc import tree_similarity
from filiera.symbiosis.engine.families import FAMILY_SIMILARITY, families, family
from filiera.symbiosis.engine.flows import OPEN, FlowTable, km_between
from filiera.symbiosis.engine.text import row_dots

FILTERS = ("kind", "ewc", "hazardous", "legal", "time", "distance", "same_firm")
COMPONENTS = ("code", "material", "text", "quantity", "time", "distance")
DEFAULT_WEIGHTS = {
    "code": 0.25,
    "material": 0.2,
    "text": 0.2,
    "quantity": 0.1,
    "time": 0.05,
    "distance": 0.2,
}
UNKNOWN = 0.5
DISTANCE_HALF_KM = 50.0
DENSE_LIMIT = 1 << 22  # value pairs numbered densely up to this many cells, else sorted


def weight_vector(weights: Mapping[str, float] | None = None) -> np.ndarray:
    """The weights in ``COMPONENTS`` order: the defaults, overridden by name."""
    merged = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if name not in merged:
            raise ValueError(f"Unknown score component “{name}”: use {', '.join(COMPONENTS)}.")
        if float(value) < 0:
            raise ValueError(f"The weight of “{name}” cannot be negative.")
        merged[name] = float(value)
    vector = np.array([merged[name] for name in COMPONENTS])
    if vector.sum() <= 0:
        raise ValueError("At least one score component needs a positive weight.")
    return vector


@lru_cache(maxsize=65536)
def code_fit(
    offer_key: tuple[str, bool], need_key: tuple[str, tuple[str, ...]]
) -> tuple[bool, float]:
    """(passes the ``ewc`` filter, ``code`` component) for an offer's (code, is legally waste)
    and a need's (code, authorised codes)."""
    code, is_waste = offer_key
    need_code, accepted = need_key
    need_codes = ((need_code,) if need_code else ()) + tuple(accepted)
    if is_waste:
        ok = bool(code) and code in accepted
    else:
        ok = not (code and need_codes and family(code) not in families(need_codes))
    targets = (need_code,) if need_code else tuple(accepted)
    if not code or not targets:
        return ok, UNKNOWN
    same = family(code)
    best = max(
        max(tree_similarity(code, t), FAMILY_SIMILARITY if family(t) == same else 0.0)
        for t in targets
    )
    return ok, best


def by_value_pairs(
    left: np.ndarray,
    right: np.ndarray,
    sizes: tuple[int, int],
    compute: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """``compute`` over the distinct (left, right) number pairs only, spread back to every pair.

    ``compute(a, b)`` returns one value (or one row of values) per distinct pair."""
    width = max(sizes[1], 1)
    flat = left.astype(np.int64) * width + right
    if sizes[0] * width <= DENSE_LIMIT:
        seen = np.zeros(sizes[0] * width, dtype=bool)
        seen[flat] = True
        cells = np.flatnonzero(seen)
        values = compute(cells // width, cells % width)
        table = np.empty((sizes[0] * width, *values.shape[1:]))
        table[cells] = values
        return table[flat]
    cells, inverse = np.unique(flat, return_inverse=True)
    return compute(cells // width, cells % width)[inverse]


def code_columns(table: FlowTable, o: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Per pair: [passes the ``ewc`` filter (1/0), ``code`` component]."""
    offers, needs = table.numberings.offer_codes.values, table.numberings.need_codes.values

    def compute(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        rows = [code_fit(offers[x], needs[y]) for x, y in zip(a.tolist(), b.tolist(), strict=True)]
        return np.array(rows, dtype=np.float64).reshape(-1, 2)

    return by_value_pairs(
        table.offer_code[o], table.need_code[n], (len(offers), len(needs)), compute
    )


def material_column(table: FlowTable, o: np.ndarray, n: np.ndarray) -> np.ndarray:
    signatures = table.numberings.signatures.values

    def compute(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.array(
            [
                attributes.similarity(signatures[x], signatures[y])
                for x, y in zip(a.tolist(), b.tolist(), strict=True)
            ],
            dtype=np.float64,
        )

    size = len(signatures)
    return by_value_pairs(table.signature[o], table.signature[n], (size, size), compute)


def text_column(table: FlowTable, o: np.ndarray, n: np.ndarray) -> np.ndarray:
    matrix = table.numberings.text_matrix()
    size = len(table.numberings.texts)
    return by_value_pairs(
        table.text[o], table.text[n], (size, size), lambda a, b: row_dots(matrix, a, b)
    )


def distances(table: FlowTable, o: np.ndarray, n: np.ndarray) -> np.ndarray:
    return km_between(table.xyz[o], table.xyz[n])


def failures(
    table: FlowTable, o: np.ndarray, n: np.ndarray, km: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """One row per pair, one column per filter (``FILTERS`` order): True where it fails."""
    t = table
    return np.column_stack(
        (
            (t.cls[o] != t.cls[n]) | (t.unit[o] != t.unit[n]),
            codes[:, 0] < 0.5,
            t.hazardous[o] & ~t.accepts_hazardous[n],
            t.legal_waste[o] & ~t.legal_waste[n],
            np.maximum(t.day_from[o], t.day_from[n]) > np.minimum(t.day_until[o], t.day_until[n]),
            km > np.minimum(t.radius[o], t.radius[n]) + 1e-9,
            t.firm[o] == t.firm[n],
        )
    )


def passing(table: FlowTable, o: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    """The pairs that pass every filter: (offer rows, need rows, km, code columns)."""
    km = distances(table, o, n)
    codes = code_columns(table, o, n)
    keep = ~failures(table, o, n, km, codes).any(axis=1)
    return o[keep], n[keep], km[keep], codes[keep]


def components(
    table: FlowTable, o: np.ndarray, n: np.ndarray, km: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """One row per pair, one column per component (``COMPONENTS`` order)."""
    t = table
    offered, needed = t.amount[o], t.amount[n]
    with np.errstate(invalid="ignore", divide="ignore"):
        known = (offered > 0) & (needed > 0)
        low = np.minimum(offered, needed)
        quantity = np.where(known, 0.5 * low / offered + 0.5 * low / needed, UNKNOWN)
        overlap = np.minimum(t.day_until[o], t.day_until[n]) - np.maximum(
            t.day_from[o], t.day_from[n]
        )
        shorter = np.minimum(t.day_until[o] - t.day_from[o], t.day_until[n] - t.day_from[n])
        time = np.where(shorter >= OPEN, 1.0, np.clip((overlap + 1) / (shorter + 1), 0.0, 1.0))
    return np.column_stack(
        (
            codes[:, 1],
            material_column(t, o, n),
            text_column(t, o, n),
            quantity,
            time,
            0.5 ** (km / DISTANCE_HALF_KM),
        )
    )
