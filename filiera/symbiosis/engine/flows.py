"""The engine's view of a flow (``FlowData``) and flows as columns of arrays (``FlowTable``).

The table holds what the filters and score components read, one array per field, so that both
are computed on whole arrays of pairs at once. Values that are compared in Python (codes,
attributes, texts) are numbered: pairs with the same numbers are worked out once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from filiera.symbiosis.engine import attributes, text
from filiera.symbiosis.engine.units import MATERIAL_KINDS

EARTH_RADIUS_KM = 6371.0088
OPEN = 10**9  # days: an open end of an availability window


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowData:
    id: int
    ref: str = ""
    firm_id: int
    direction: str  # "offer" or "need"
    kind: str
    ewc: str = ""  # compact six digits, "" when none
    accepted_ewc: tuple[str, ...] = ()  # needs: codes the receiver is authorised to take
    hazardous: bool = False
    accepts_hazardous: bool = False
    legal_status: str = "product"  # waste / by_product / end_of_waste / product
    amount_year: float | None = None
    base_unit: str = ""
    lat: float
    lon: float
    max_distance_km: float = 50.0
    available_from: date | None = None
    available_until: date | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""  # description + " " + description_en


def kind_class(kind: str) -> str:
    """Material kinds match each other; any other kind only itself."""
    return "material" if kind in MATERIAL_KINDS else kind


def unit_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, one row per position."""
    if len(lat) == 0:
        return np.zeros((0, 3))
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def chord_for_km(km: float | np.ndarray) -> Any:
    """The straight-line distance on the unit sphere of a great-circle distance in km."""
    return 2.0 * np.sin(
        np.minimum(np.asarray(km, dtype=float), math.pi * EARTH_RADIUS_KM) / (2.0 * EARTH_RADIUS_KM)
    )


def km_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle km between rows of two arrays of unit vectors (haversine, exact)."""
    chord = np.sqrt(((a - b) ** 2).sum(axis=1))
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2.0, 1.0))


class Numbering:
    """Numbers for values (first seen, first numbered), shared by the tables of one run."""

    def __init__(self) -> None:
        self.numbers: dict[Any, int] = {}
        self.values: list[Any] = []

    def __call__(self, value: Any) -> int:
        number = self.numbers.get(value)
        if number is None:
            number = self.numbers[value] = len(self.values)
            self.values.append(value)
        return number

    def __len__(self) -> int:
        return len(self.values)


class Numberings:
    """The numberings of one run: classes, units, code keys, attribute signatures, texts.

    ``remember_texts`` keeps text vectors in a process-wide cache of recent descriptions (for the
    many small runs of the one-firm refresh); a large run vectorises its texts itself.
    """

    def __init__(self, *, remember_texts: bool = False) -> None:
        self.classes = Numbering()
        self.units = Numbering()
        self.offer_codes = Numbering()  # (ewc, offer is legally waste)
        self.need_codes = Numbering()  # (ewc, accepted codes)
        self.signatures = Numbering()
        self.texts = Numbering()
        self.remember_texts = remember_texts
        self._rows: list[text.Row] = []
        self._matrix: sparse.csr_matrix | None = None

    def signature(self, values: Mapping[str, Any]) -> int:
        try:
            found = attributes.cached_signature(tuple(sorted(values.items())))
        except TypeError:  # a value that cannot be hashed (a list…)
            found = attributes.signature(values)
        return self.signatures(found)

    def text_matrix(self) -> sparse.csr_matrix:
        """TF-IDF rows of every numbered text, in number order (each vectorised once)."""
        vectoriser = text.reference()
        make = text.cached_arrays if self.remember_texts else vectoriser.arrays
        for value in self.texts.values[len(self._rows) :]:
            self._rows.append(make(value))
        if self._matrix is None or self._matrix.shape[0] != len(self._rows):
            self._matrix = vectoriser.matrix(self._rows)
        return self._matrix


class FlowTable:
    """Flows as arrays, in the order given; ``position`` maps flow id → row."""

    def __init__(self, flows: Sequence[FlowData], numberings: Numberings | None = None) -> None:
        self.flows = list(flows)
        self.numberings = numberings or Numberings()
        self.position = {f.id: i for i, f in enumerate(self.flows)}
        rows = [self._row(f) for f in self.flows]  # one pass, then one array per column
        columns = list(zip(*rows, strict=True)) if rows else [()] * 18
        (ids, firm, is_offer, cls, unit, legal_waste, hazardous, accepts_hazardous, day_from,
         day_until, amount, radius, lat, lon, offer_code, need_code, signature, text) = columns  # fmt: skip
        self.ids = np.array(ids, dtype=np.int64)
        self.firm = np.array(firm, dtype=np.int64)
        self.is_offer = np.array(is_offer, dtype=bool)
        self.cls = np.array(cls, dtype=np.int32)
        self.unit = np.array(unit, dtype=np.int32)
        self.legal_waste = np.array(legal_waste, dtype=bool)
        self.hazardous = np.array(hazardous, dtype=bool)
        self.accepts_hazardous = np.array(accepts_hazardous, dtype=bool)
        self.day_from = np.array(day_from, dtype=np.int64)
        self.day_until = np.array(day_until, dtype=np.int64)
        self.amount = np.array(amount, dtype=np.float64)
        self.radius = np.array(radius, dtype=np.float64)
        self.xyz = unit_xyz(np.array(lat, dtype=float), np.array(lon, dtype=float))
        self.offer_code = np.array(offer_code, dtype=np.int32)
        self.need_code = np.array(need_code, dtype=np.int32)
        self.signature = np.array(signature, dtype=np.int32)
        self.text = np.array(text, dtype=np.int32)

    def _row(self, f: FlowData) -> tuple:
        nb = self.numberings
        waste = f.legal_status == "waste"
        return (
            f.id,
            f.firm_id,
            f.direction == "offer",
            nb.classes(kind_class(f.kind)),
            nb.units(f.base_unit),
            waste,
            f.hazardous,
            f.accepts_hazardous,
            f.available_from.toordinal() if f.available_from else -OPEN,
            f.available_until.toordinal() if f.available_until else OPEN,
            math.nan if f.amount_year is None else f.amount_year,
            math.inf if f.max_distance_km is None else f.max_distance_km,
            f.lat,
            f.lon,
            nb.offer_codes((f.ewc, waste)),
            nb.need_codes((f.ewc, tuple(f.accepted_ewc))),
            nb.signature(f.attributes),
            nb.texts(f.text),
        )

    def __len__(self) -> int:
        return len(self.flows)
