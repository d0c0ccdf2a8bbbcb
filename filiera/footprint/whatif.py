"""What-if comparisons: the footprint of the product with one thing changed.

Kinds of change (``kind`` → ``value``):

* ``material`` → a material id: the whole composition becomes that material;
* ``largest`` → a material id: the largest material is replaced by it;
* ``replace`` → ``old:new`` material ids: one material of the composition is replaced;
* ``spinning``, ``fabric``, ``dyeing``, ``making`` → a zone code: that step is done there;
* ``durability`` → ``repair`` (a repair service is offered), ``references`` (a catalogue of at
  most 1,000 references) or ``both``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from filiera.core.usererror import N_, UserError
from filiera.footprint import engine, labels
from filiera.footprint.product_query import STEP_FIELDS

KINDS = ("material", "largest", "replace", "spinning", "fabric", "dyeing", "making", "durability")
DURABILITY = ("repair", "references", "both")
FEW_REFERENCES = 1000
WITH_SERVICES = "large-business-with-services"
SMALL = "small-business"
# Ready-made material changes: (from, to).
MATERIAL_SWAPS = (("ei-pet", "ei-pet-r"), ("ei-coton", "ei-coton-organic"))
REGION = "REO"  # Western Europe, where Italy counts


class WhatIfError(UserError):
    """A what-if the page cannot compute; ``field`` is the parameter at fault."""

    def __init__(self, field: str, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field

    def translated(self) -> str:
        names = {"kind": _("What to change"), "value": _("Compare with")}
        return _("%(field)s: %(message)s") % {
            "field": names.get(self.field, self.field),
            "message": super().translated(),
        }


def _material(value: str, field: str = "value") -> str:
    if value not in labels.MATERIALS:
        raise WhatIfError(field, N_("“%(value)s” is not a material of the method."), value=value)
    return value


def _merge(materials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per material id (shares added), keeping the first entry's country."""
    merged: dict[str, dict[str, Any]] = {}
    for item in materials:
        if item["id"] in merged:
            merged[item["id"]]["share"] += item["share"]
        else:
            merged[item["id"]] = dict(item)
    return list(merged.values())


def changed_query(query: Mapping[str, Any], kind: str, value: str) -> dict[str, Any]:
    """``query`` with one change; raises WhatIfError naming the bad parameter."""
    kind, value = (kind or "").strip(), (value or "").strip()
    if kind not in KINDS:
        raise WhatIfError(
            "kind",
            N_("“%(value)s” is not a kind of comparison: choose %(kinds)s."),
            value=kind,
            kinds=", ".join(KINDS),
        )
    if not value:
        raise WhatIfError("value", N_("Choose what to compare with."))
    new = copy.deepcopy(dict(query))
    materials = list(new.get("materials", []))
    if kind == "material":
        new["materials"] = [{"id": _material(value), "share": 1.0}]
    elif kind == "largest":
        if not materials:
            raise WhatIfError("value", N_("The product has no composition yet."))
        largest = max(range(len(materials)), key=lambda i: materials[i]["share"])
        materials[largest] = {"id": _material(value), "share": materials[largest]["share"]}
        new["materials"] = _merge(materials)
    elif kind == "replace":
        old, _sep, to = value.partition(":")
        _material(old), _material(to)
        if not any(item["id"] == old for item in materials):
            raise WhatIfError(
                "value", N_("“%(value)s” is not in the product's composition."), value=old
            )
        new["materials"] = _merge(
            [{"id": to, "share": m["share"]} if m["id"] == old else m for m in materials]
        )
    elif kind in STEP_FIELDS:
        if value not in labels.ZONES:
            raise WhatIfError(
                "value", N_("“%(value)s” is not a country or region of the method."), value=value
            )
        new[STEP_FIELDS[kind]] = value
    else:
        if value not in DURABILITY:
            raise WhatIfError(
                "value",
                N_("“%(value)s” is not a durability change: choose %(choices)s."),
                value=value,
                choices=", ".join(DURABILITY),
            )
        if value in ("repair", "both") and new.get("business") != SMALL:
            new["business"] = WITH_SERVICES
        if value in ("references", "both"):
            default = engine.dataset().products[new["product"]].references
            new["numberOfReferences"] = min(
                int(new.get("numberOfReferences") or default), FEW_REFERENCES
            )
    return new


def describe(kind: str, value: str) -> str:
    """The change in plain words, for headings and suggestions."""
    if kind == "material":
        return _("Only %(material)s") % {"material": labels.MATERIALS[value]}
    if kind == "largest":
        return _("%(material)s instead of the main material") % {
            "material": labels.MATERIALS[value]
        }
    if kind == "replace":
        old, _sep, to = value.partition(":")
        return _("%(new)s instead of %(old)s") % {
            "new": labels.MATERIALS[to],
            "old": str(labels.MATERIALS[old]).lower(),
        }
    if kind in STEP_FIELDS:
        return _("%(step)s in %(zone)s") % {
            "step": labels.STEP_STAGES[kind],
            "zone": labels.ZONES[value],
        }
    return {
        "repair": _("With a repair service"),
        "references": _("With at most 1,000 references in the catalogue"),
        "both": _("With a repair service and at most 1,000 references"),
    }[value]


SAME = 0.005  # µPt: smaller differences are rounding noise


def _difference(current: float, alternative: float) -> dict[str, Any]:
    """The difference, its percentage of ``current``, and for display its direction
    ("lower", "higher" or "same") and size without sign."""
    diff = alternative - current
    percent = 100 * diff / current if current else None
    return {
        "difference": diff,
        "percent": percent,
        "change": "same" if abs(diff) < SAME else "lower" if diff < 0 else "higher",
        "size": abs(diff),
        "size_percent": abs(percent) if percent is not None else None,
    }


def compare(current: Mapping[str, Any], alternative: Mapping[str, Any]) -> dict[str, Any]:
    """Totals and per-stage figures of two results, with differences."""
    rows = []
    for group, names in (("stages", labels.STAGES), ("complements", labels.COMPLEMENTS)):
        for key, name in names.items():
            before = float(current[group].get(key, 0.0))
            after = float(alternative[group].get(key, 0.0))
            rows.append(
                {"key": key, "label": str(name), "current": before, "alternative": after}
                | _difference(before, after)
            )
    return {
        "current": float(current["ecs"]),
        "alternative": float(alternative["ecs"]),
        **_difference(float(current["ecs"]), float(alternative["ecs"])),
        "current_durability": float(current["durability"]["holistic"]),
        "alternative_durability": float(alternative["durability"]["holistic"]),
        "stages": rows,
    }


def alternatives(
    product,
    query: Mapping[str, Any],
    kind: str,
    value: str,
    *,
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The product's footprint now (``current``, computed when not given) against the one with
    the change. Raises WhatIfError naming ``kind`` or ``value``."""
    new_query = changed_query(query, kind, value)
    try:
        now = current if current is not None else engine.compute(query)
        alternative = engine.compute(new_query)
    except engine.QueryError as err:
        raise WhatIfError(
            "value", N_("This change cannot be computed: %(reason)s"), reason=str(err)
        ) from err
    return {
        "kind": kind.strip(),
        "value": value.strip(),
        "label": describe(kind.strip(), value.strip()),
        "product": product,
        "query": new_query,
        **compare(now, alternative),
    }


def suggestion_changes(query: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Ready-made changes worth showing for this query (kind, value)."""
    changes: list[tuple[str, str]] = []
    for stage in ("making", "dyeing"):
        if query.get(STEP_FIELDS[stage]) != REGION:
            changes.append((stage, REGION))
    ids = {item["id"] for item in query.get("materials", [])}
    changes += [("replace", f"{old}:{new}") for old, new in MATERIAL_SWAPS if old in ids]
    changes.append(("durability", "repair"))
    changes.append(("durability", "references"))
    return changes


def suggestions(product, query: Mapping[str, Any], current: Mapping[str, Any]) -> list[dict]:
    """Ready-made what-ifs with their effect, only those that change the footprint, the biggest
    reduction first."""
    found = []
    for kind, value in suggestion_changes(query):
        try:
            row = alternatives(product, query, kind, value, current=current)
        except WhatIfError:
            continue
        if row["query"] != dict(query) and row["change"] != "same":
            found.append(row)
    return sorted(found, key=lambda row: row["difference"])
