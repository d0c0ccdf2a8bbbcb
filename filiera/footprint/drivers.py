"""What drives a footprint: its biggest lines (stage and item), biggest first, in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from filiera.footprint import labels

COMPLEMENTS_STAGE = "complements"


def item_label(stage: str, item: str) -> str:
    """ "Materials: Cotton", "Use: washing and drying", "Microfibres released"."""
    if stage == COMPLEMENTS_STAGE:
        return str(labels.COMPLEMENTS.get(item, item))
    stage_name = str(labels.STAGES.get(stage, stage))
    names = labels.MATERIALS if stage == "material" else labels.BREAKDOWN
    return _("%(stage)s: %(item)s") % {"stage": stage_name, "item": names.get(item, item)}


def lines(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every line of a detailed result (breakdown, then complements), before durability."""
    rows = [
        (str(line["stage"]), str(line["item"]), float(line["ecs"]))
        for line in result.get("breakdown", [])
    ]
    if not rows:  # a result without detail: one line per stage
        rows = [(stage, "", float(ecs)) for stage, ecs in result.get("stages", {}).items()]
    rows += [
        (COMPLEMENTS_STAGE, key, float(ecs)) for key, ecs in result.get("complements", {}).items()
    ]
    total = float(result.get("ecsWithoutDurability") or sum(ecs for _s, _i, ecs in rows))
    return [
        {
            "stage": stage,
            "item": item,
            "label": item_label(stage, item) if item else str(labels.STAGES.get(stage, stage)),
            "ecs": ecs,
            "share": ecs / total if total else 0.0,
        }
        for stage, item, ecs in rows
    ]


def top_drivers(result: Mapping[str, Any], n: int | None = 3) -> list[dict[str, Any]]:
    """The ``n`` biggest lines (all when ``n`` is None), biggest first. Each is a plain dict:
    ``stage``, ``item``, ``label``, ``ecs`` (µPt before durability) and ``share`` (0-1 of the
    total before durability)."""
    ordered = sorted(lines(result), key=lambda line: (-line["ecs"], line["stage"], line["item"]))
    return ordered if n is None else ordered[:n]


def percent(share: float) -> int:
    return round(100 * share)


def sentence(driver: Mapping[str, Any] | None) -> str:
    """``Materials: Cotton is 52 % of the footprint.``"""
    if not driver:
        return ""
    return _("%(label)s is %(percent)s %% of the footprint.") % {
        "label": driver["label"],
        "percent": percent(driver["share"]),
    }
