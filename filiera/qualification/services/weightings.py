"""Writes to weightings: a brand's or a district's own area weights, applied on the fly to the
same frozen answers (the official score never changes). Atomic and audited."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.qualification.models import Methodology, MethodologyVersion, Weighting
from filiera.registry.models import District, Firm

MAX_WEIGHT = 10.0
ACTION = "change_weighting"


def usable_methodologies(districts: Iterable[District]) -> QuerySet[Methodology]:
    """Methodologies with a published version: the shipped ones and the districts' own."""
    ids = [d.pk for d in districts]
    return (
        Methodology.objects.filter(versions__status=MethodologyVersion.Status.PUBLISHED)
        .filter(Q(district__isnull=True) | Q(district_id__in=ids))
        .distinct()
        .order_by("district_id", "slug")
    )


def latest_published(methodology: Methodology) -> MethodologyVersion | None:
    return (
        methodology.versions.filter(status=MethodologyVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


def areas_of(methodology: Methodology, language: str | None = None) -> list[tuple[str, str, float]]:
    """(code, name, default weight) of each area of the methodology's latest published version."""
    version = latest_published(methodology)
    if version is None:
        return []
    language = language or get_language()
    return [(a.code, a.name.get(language), a.weight) for a in version.parsed().areas]


def parse_weight(raw: Any, area_name: str) -> float:
    """One area's weight from what a person typed: a number from 0 to 10 (``,`` or ``.``)."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
        raise UserError(
            N_("Weight of %(area)s: write a number from 0 to 10 (you wrote “%(value)s”)."),
            area=area_name,
            value=str(raw if raw is not None else "")[:20],
        )
    return round(value, 2)


def clean_weights(methodology: Methodology, raw: Mapping[str, Any]) -> dict[str, float]:
    """Every area of the methodology gets a weight; the first bad one is named in the error."""
    areas = areas_of(methodology)
    if not areas:
        raise UserError(N_("This methodology has no published version yet."))
    weights = {code: parse_weight(raw.get(code), name) for code, name, _ in areas}
    if not any(weight > 0 for weight in weights.values()):
        raise UserError(N_("At least one area needs a weight above 0."))
    return weights


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise UserError(N_("Name: give the weighting a name, e.g. “Environment first”."))
    if len(name) > 120:
        raise UserError(N_("Name: keep it under 120 characters."))
    return name


def _changes(name: str, weights: Mapping[str, float]) -> dict[str, Any]:
    return {"name": name, **{f"weight.{code}": value for code, value in weights.items()}}


@transaction.atomic
def create_weighting(
    actor,
    *,
    name: str,
    methodology: Methodology,
    area_weights: Mapping[str, Any],
    firm: Firm | None = None,
    district: District | None = None,
) -> Weighting:
    """A brand's (``firm``) or a district's (``district``) weighting; exactly one of the two."""
    if (firm is None) == (district is None):
        raise ValueError("a weighting belongs to one brand or one district")
    if firm is not None and firm.role != Firm.Role.BRAND:
        raise UserError(N_("Only a brand can keep its own weightings."))
    name = _clean_name(name)
    weights = clean_weights(methodology, area_weights)
    weighting = Weighting.objects.create(
        name=name, methodology=methodology, firm=firm, district=district, area_weights=weights
    )
    audit.record(
        actor,
        ACTION,
        weighting,
        changes=audit.facts(**_changes(name, weights)),
        firm_id=firm.pk if firm else None,
        district_id=district.pk if district else None,
    )
    return weighting


@transaction.atomic
def update_weighting(
    actor, weighting: Weighting, *, name: str, area_weights: Mapping[str, Any]
) -> Weighting:
    name = _clean_name(name)
    weights = clean_weights(weighting.methodology, area_weights)
    before = _changes(weighting.name, weighting.area_weights)
    weighting.name, weighting.area_weights = name, weights
    weighting.save(update_fields=["name", "area_weights"])
    audit.record(
        actor,
        ACTION,
        weighting,
        changes=audit.diff(before, _changes(name, weights)),
        firm_id=weighting.firm_id,
        district_id=weighting.district_id,
    )
    return weighting
