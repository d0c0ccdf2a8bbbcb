"""Material groups and their indicative avoided-emission factors (plain Python, no Django).

An exchange avoids emissions when what it carries replaces something made new (virgin fibre,
pulp, plastic…) or, for heat, fuel burnt on site. How much depends on the material, on what
it replaces and on the process: no single public figure fits every district. The shipped
table ``data/avoided-emission-factors.csv`` therefore names the groups (by EWC code prefix)
and gives a factor only where a public source says it plainly; every other factor is empty
("not set") and its tonnes are reported as "not counted" instead of being given a made-up
value. A district sets its own factors (see ``docs/symbiosis.md``), which replace the table's.

Factors are tonnes of CO2e avoided per tonne of material (per MWh for heat and energy).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from filiera.symbiosis.engine.units import MATERIAL_KINDS

TABLE = Path(__file__).resolve().parent.parent / "data" / "avoided-emission-factors.csv"
OTHER = "other"
ENERGY = "energy"


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    label_en: str
    label_it: str
    kinds: str  # "material" or "energy"
    prefixes: tuple[str, ...]  # compact EWC codes or their chapter/sub-chapter prefixes
    factor: float | None  # t CO2e per unit, None when not set
    unit: str  # "t" or "MWh"
    source: str


def _factor(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


@cache
def groups(path: str | None = None) -> tuple[Group, ...]:
    """The groups of the table, in its order (read once)."""
    with Path(path or TABLE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            Group(
                key=row["group"],
                label_en=row["label_en"],
                label_it=row["label_it"],
                kinds=row["kinds"],
                prefixes=tuple(p for p in row["ewc_prefixes"].split("|") if p),
                factor=_factor(row["t_co2e_per_unit"]),
                unit=row["unit"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def _prefix_index() -> tuple[tuple[str, str], ...]:
    """(prefix, group) pairs, longest prefix first, so the most precise one wins."""
    pairs = [(prefix, g.key) for g in groups() for prefix in g.prefixes]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=4096)
def group_of(kind: str, ewc: str) -> str | None:
    """The group of a flow: ``energy`` for energy, the EWC prefix's group for materials (``other``
    when no prefix fits), ``None`` for every other kind (water, equipment, space…)."""
    if kind == ENERGY:
        return ENERGY
    if kind not in MATERIAL_KINDS:
        return None
    for prefix, key in _prefix_index():
        if ewc.startswith(prefix):
            return key
    return OTHER


def factors(overrides: Mapping[str, float | None] | None = None) -> dict[str, float | None]:
    """Factor by group: the table's, replaced by ``overrides`` (a district's own figures;
    ``None`` switches a factor off). Unknown group names are ignored."""
    table = {g.key: g.factor for g in groups()}
    for key, value in (overrides or {}).items():
        if key in table:
            table[key] = None if value is None else float(value)
    return table
