"""Reads feeding the circularity indicators engine (``filiera.symbiosis.engine.indicators``).

A district's figures come from a fixed number of aggregate queries, whatever the number of its
firms: declared flows summed per firm, realised quantities summed per match over the last 12
months, the active and closed exchanges, the firms' own yearly totals and their latest grade.
The engine then computes every firm's indicators, the district's, eligibility and positions
in memory. Nothing is kept between requests, so a quantity recorded a moment ago shows at once.

"Engaged" matches (what counts as matched for the share of outputs matched and for territorial
integration): interest expressed or later, or picked by the district allocation, and not
declined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings as django_settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from filiera.qualification.models import Assessment
from filiera.registry.models import District, Firm
from filiera.symbiosis.engine import avoided
from filiera.symbiosis.engine import indicators as engine
from filiera.symbiosis.models import CircularityProfile, Delivery, Flow, Match, SymbiosisPolicy

WINDOW_DAYS = 365
Status = Match.Status
ENGAGED = (Status.INTEREST, Status.CONTACT_SHARED, Status.AGREED, Status.ACTIVE, Status.CLOSED)
LINKED = (Status.ACTIVE, Status.CLOSED)
MATERIAL_KINDS = sorted(avoided.MATERIAL_KINDS)


def engaged() -> Q:
    """Matches that count as matched: engaged by a firm, or picked by the allocation."""
    return Q(status__in=ENGAGED) | Q(status=Status.SUGGESTED, allocated_amount__gt=0)


def window_start(on: date) -> date:
    """Realised quantities count when their period ends within the 12 months up to ``on``."""
    return on - timedelta(days=WINDOW_DAYS - 1)


def policy_of(district: District | None) -> SymbiosisPolicy | None:
    if district is None:
        return None
    return SymbiosisPolicy.objects.filter(district=district).first()


def avoided_overrides() -> dict:
    """The installation's own factors (setting ``SYMBIOSIS_AVOIDED_FACTORS``, by group)."""
    return dict(getattr(django_settings, "SYMBIOSIS_AVOIDED_FACTORS", None) or {})


def engine_settings(policy: SymbiosisPolicy | None) -> engine.Settings:
    transport = policy.transport_kg_co2e_per_tkm if policy is not None else 0.1
    return engine.Settings(avoided.factors(avoided_overrides()), transport)


def thresholds(policy: SymbiosisPolicy | None) -> engine.Thresholds:
    if policy is None:
        return engine.Thresholds()
    return engine.Thresholds(
        min_inflow_pct=policy.min_circular_inflow,
        min_outflow_pct=policy.min_circular_outflow,
        min_grade=policy.min_grade,
        min_exchanges=policy.min_active_exchanges,
    )


def district_firm_ids(district: District) -> QuerySet:
    """The district's firms, as a subquery (no long list of ids in the SQL)."""
    return Firm.districts.through.objects.filter(district=district).values("firm_id")


# Reads ---------------------------------------------------------------------------------------


def _local(members) -> tuple[Exists, Exists]:
    """A flow has an engaged match whose other firm is one of ``members``: as the offer, as
    the need."""
    as_offer = Match.objects.filter(engaged(), offer=OuterRef("pk"), need__firm_id__in=members)
    as_need = Match.objects.filter(engaged(), need=OuterRef("pk"), offer__firm_id__in=members)
    return Exists(as_offer), Exists(as_need)


def declared(members, local_to) -> dict[int, dict[str, Any]]:
    """Per firm: active flows, those with a local engaged match, material needs and offers in
    t/year, and the offered t/year with a local engaged match. One grouped query (the
    conditions on matches sit in the aggregates' filters, which both databases plan well)."""
    material_t = Q(kind__in=MATERIAL_KINDS, base_unit="t")
    offers = material_t & Q(direction=Flow.Direction.OFFER)
    figures = {
        "flows": Count("id"),
        "needs_t": Sum("amount_year", filter=material_t & Q(direction=Flow.Direction.NEED)),
        "offers_t": Sum("amount_year", filter=offers),
    }
    if local_to is not None:
        as_offer, as_need = _local(local_to)
        figures["local"] = Count("id", filter=Q(as_offer) | Q(as_need))
        figures["matched_t"] = Sum("amount_year", filter=offers & Q(as_offer))
    rows = (
        Flow.objects.filter(active=True, firm_id__in=members).values("firm_id").annotate(**figures)
    )
    return {row["firm_id"]: dict(row) for row in rows}


def latest_grades(members) -> dict[int, str]:
    """Each firm's grade in its latest scored assessment (as the qualification pages)."""
    grades: dict[int, str] = {}
    rows = Assessment.objects.filter(score__isnull=False, firm_id__in=members).order_by(
        "firm_id", "-created_at", "-id"
    )
    for firm_id, grade in rows.values_list("firm_id", "grade"):
        grades.setdefault(firm_id, grade or "")
    return grades


def realised(members, since: date) -> QuerySet:
    """Realised quantities of matches involving ``members``, summed per match, whose period
    ends on or after ``since``."""
    return (
        Delivery.objects.filter(period_end__gte=since)
        .filter(Q(match__offer__firm_id__in=members) | Q(match__need__firm_id__in=members))
        .values("match_id")
        .annotate(total=Sum("amount"))
    )


EXCHANGE_FIELDS = (
    "match_id",
    "match__offer__firm_id",
    "match__need__firm_id",
    "match__offer__kind",
    "match__offer__ewc",
    "match__offer__base_unit",
    "match__distance_km",
    "match__need_id",
    "match__need__amount_year",
    "match__need__active",
    "match__need__kind",
    "match__need__base_unit",
)


def exchanges(members, since: date) -> list[engine.Exchange]:
    result = []
    rows = realised(members, since).values_list(*EXCHANGE_FIELDS, "total")
    for (match, offer_firm, need_firm, kind, ewc, unit, km, need, need_year, active, need_kind,
         need_unit, total) in rows:  # fmt: skip
        countable = active and need_kind in avoided.MATERIAL_KINDS and need_unit == "t"
        result.append(
            engine.Exchange(
                match_id=match,
                offer_firm=offer_firm,
                need_firm=need_firm,
                kind=kind,
                ewc=ewc,
                base_unit=unit,
                amount=float(total or 0),
                distance_km=float(km or 0),
                need_id=need,
                need_amount_year=float(need_year or 0) if countable else None,
            )
        )
    return result


def links(members) -> list[engine.Link]:
    rows = (
        Match.objects.filter(status__in=LINKED)
        .filter(Q(offer__firm_id__in=members) | Q(need__firm_id__in=members))
        .values_list("offer__firm_id", "need__firm_id")
    )
    return [engine.Link(offer_firm, need_firm) for offer_firm, need_firm in rows]


# Assembled ----------------------------------------------------------------------------------


@dataclass
class Circularity:
    """Everything the pages and the API show for a district (or one firm on its own)."""

    district: District | None
    on: date
    since: date
    policy: SymbiosisPolicy | None
    inputs: dict[int, engine.FirmInput]
    exchanges: list[engine.Exchange]
    links: list[engine.Link]
    matched_offered_t: float = 0.0
    settings: engine.Settings = field(default_factory=engine.Settings)

    @cached_property
    def firms(self) -> dict[int, engine.FirmIndicators]:
        return engine.all_firm_indicators(
            self.inputs.values(), self.exchanges, self.links, self.settings
        )

    @cached_property
    def totals(self) -> engine.DistrictIndicators:
        return engine.district_indicators(
            self.inputs.values(),
            self.exchanges,
            self.links,
            self.settings,
            matched_offered_t=self.matched_offered_t,
        )

    @cached_property
    def rules(self) -> engine.Thresholds:
        return thresholds(self.policy)

    @cached_property
    def peers(self) -> dict[int, engine.FirmIndicators]:
        """The firms taking part: those with at least one active flow."""
        return {pk: values for pk, values in self.firms.items() if values.flows}

    def eligibility(self, firm_id: int) -> tuple[bool, list[engine.Reason]]:
        return engine.eligibility(self.firms[firm_id], self.rules)

    def positions(self, firm_id: int) -> list[engine.Position]:
        return engine.positioning(firm_id, self.peers)


def _inputs(ids: Iterable[int], members, local_to) -> tuple[dict[int, engine.FirmInput], float]:
    """Each firm's inputs, and the members' offered t/year matched locally (see ``declared``)."""
    flows = declared(members, local_to)
    profiles = {
        pk: (inflow, outflow)
        for pk, inflow, outflow in CircularityProfile.objects.filter(
            firm_id__in=members
        ).values_list("firm_id", "material_inflow_t", "material_outflow_t")
    }
    grades = latest_grades(members)
    result = {}
    for pk in ids:
        row = flows.get(pk, {})
        inflow, outflow = profiles.get(pk, (None, None))
        result[pk] = engine.FirmInput(
            firm_id=pk,
            needs_t=float(row.get("needs_t") or 0),
            offers_t=float(row.get("offers_t") or 0),
            inflow_t=inflow,
            outflow_t=outflow,
            flows=row.get("flows", 0),
            local_flows=row.get("local", 0),
            grade=grades.get(pk, ""),
        )
    matched = sum(float(row.get("matched_t") or 0) for row in flows.values())
    return result, matched


def for_district(district: District, on: date | None = None) -> Circularity:
    """The district's figures and those of each of its firms."""
    on = on or timezone.localdate()
    since = window_start(on)
    members = district_firm_ids(district)
    ids = list(members.values_list("firm_id", flat=True))
    policy = policy_of(district)
    inputs, matched = _inputs(ids, members, members)
    return Circularity(
        district=district,
        on=on,
        since=since,
        policy=policy,
        inputs=inputs,
        exchanges=exchanges(members, since),
        links=links(members),
        matched_offered_t=matched,
        settings=engine_settings(policy),
    )


def for_firm_alone(firm: Firm, on: date | None = None) -> Circularity:
    """A firm's own figures when it belongs to no district (no peers, no rules)."""
    on = on or timezone.localdate()
    since = window_start(on)
    members = [firm.pk]
    return Circularity(
        district=None,
        on=on,
        since=since,
        policy=None,
        inputs=_inputs(members, members, None)[0],
        exchanges=exchanges(members, since),
        links=links(members),
        settings=engine_settings(None),
    )
