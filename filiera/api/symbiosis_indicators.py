"""Circularity over the API: a firm's indicators, eligibility and positions; a district's
indicators, the firms' eligibility and the allocation's picks.

A firm's figures are read by whoever sees its symbiosis pages (its people, the staff of its
districts); its positions compare it with its district's firms without naming any. District
figures, eligibility and picks name firms and are for the district's staff: people of a member
firm get 403, everyone else 404. The figures are the pages' (``filiera.symbiosis.indicators``).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from filiera.api.districts import get_district
from filiera.api.firms import get_firm
from filiera.api.pagination import PageParams, decode_cursor, encode_cursor, page_keys
from filiera.api.symbiosis_indicators_schemas import (
    DistrictCircularityOut,
    EligibilityPage,
    EligibilityQuery,
    FirmCircularityOut,
    PickPage,
)
from filiera.registry.models import District, Firm
from filiera.symbiosis import dashboard, indicators
from filiera.symbiosis.access import can_view_district_symbiosis, can_view_symbiosis
from filiera.symbiosis.engine import indicators as engine
from filiera.symbiosis.indicator_labels import pct, reason_text
from filiera.symbiosis.models import Flow, Match

router = Router(tags=["industrial symbiosis"])
STAFF_ONLY = "Only the district's staff see its symbiosis figures."


def _staff_district(user, slug: str) -> District:
    district = get_district(user, slug)
    if not can_view_district_symbiosis(user, district):
        raise HttpError(403, STAFF_ONLY)
    return district


def _co2e(value: engine.Co2e) -> dict:
    return {
        "avoided_t": round(value.avoided_t, 3),
        "gross_t": round(value.gross_t, 3),
        "transport_t": round(value.transport_t, 3),
        "uncounted_t": round(value.uncounted_t, 3),
    }


def _reasons(reasons: list[engine.Reason]) -> list[dict]:
    return [
        {
            "rule": r.rule,
            "met": r.met,
            "value": r.value,
            "threshold": r.threshold,
            "text": reason_text(r),
        }
        for r in reasons
    ]


def firm_figures(values: engine.FirmIndicators) -> dict:
    return {
        "inflow_share": pct(values.inflow_share),
        "inflow_basis": values.inflow_basis,
        "outflow_share": pct(values.outflow_share),
        "outflow_basis": values.outflow_basis,
        "received_t": round(values.received_t, 3),
        "diverted_t": round(values.sent_t, 3),
        "co2e": _co2e(values.co2e),
        "water_m3": round(values.water_m3, 3),
        "energy_mwh": round(values.energy_mwh, 3),
        "exchanges": values.exchanges,
        "partners": values.partners,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@router.get(
    "/firms/{firm_id}/symbiosis/indicators",
    response=FirmCircularityOut,
    summary="A firm's circularity",
)
def get_firm_indicators(request: HttpRequest, firm_id: int):
    """The firm's circularity indicators over the last 12 months; for each of its districts,
    whether it meets the eco-district rules (each rule with its outcome) and its position
    among the district's firms that declared flows."""
    firm: Firm = get_firm(request.user, firm_id)
    if not can_view_symbiosis(request.user, firm):
        raise HttpError(404, "No such firm")
    districts, data = [], None
    for district in firm.districts.order_by("name"):
        data_here = indicators.for_district(district)
        data = data or data_here
        eligible, reasons = data_here.eligibility(firm.pk)
        districts.append(
            {
                "slug": district.slug,
                "name": district.name,
                "rules_set": data_here.rules.any,
                "eligible": eligible if data_here.rules.any else None,
                "reasons": _reasons(reasons),
                "positions": [
                    {
                        "measure": p.measure,
                        "value": _rounded(p.value),
                        "percentile": p.percentile,
                        "median": p.median,
                    }
                    for p in data_here.positions(firm.pk)
                ],
            }
        )
    data = data or indicators.for_firm_alone(firm)
    return {
        "firm": firm.pk,
        "since": data.since,
        "on": data.on,
        "indicators": firm_figures(data.firms[firm.pk]),
        "districts": districts,
    }


@router.get(
    "/districts/{slug}/symbiosis/indicators",
    response=DistrictCircularityOut,
    summary="A district's circularity",
)
def get_district_indicators(request: HttpRequest, slug: str):
    """The district's circularity indicators over the last 12 months, its eco-district rules
    and how many of its firms meet them all."""
    district = _staff_district(request.user, slug)
    data = indicators.for_district(district)
    t = data.totals
    rules = data.rules
    policy = data.policy
    return {
        "district": district.slug,
        "since": data.since,
        "on": data.on,
        "indicators": {
            "diverted_t": round(t.diverted_t, 3),
            "co2e": _co2e(t.co2e),
            "water_m3": round(t.water_m3, 3),
            "energy_mwh": round(t.energy_mwh, 3),
            "exchanges": t.exchanges,
            "circular_use_t": round(t.circular_use_t, 3),
            "uncovered_needs_t": round(t.uncovered_needs_t, 3),
            "cmu": pct(t.cmu),
            "offered_t": round(t.offered_t, 3),
            "matched_offered_t": round(t.matched_offered_t, 3),
            "outputs_matched": pct(t.outputs_matched),
            "links": t.links,
            "links_per_firm": None if t.links_per_firm is None else round(t.links_per_firm, 3),
            "firms": t.firms,
            "firms_with_flows": t.firms_with_flows,
        },
        "rules": {
            "min_circular_inflow": policy.min_circular_inflow,
            "min_circular_outflow": policy.min_circular_outflow,
            "min_grade": policy.min_grade,
            "min_active_exchanges": policy.min_active_exchanges,
        }
        if policy is not None and rules.any
        else None,
        "eligible_firms": sum(1 for pk in data.inputs if data.eligibility(pk)[0])
        if rules.any
        else None,
    }


def _flow(flow: Flow) -> dict:
    return {
        "id": flow.pk,
        "ref": flow.ref,
        "firm": {"id": flow.firm_id, "legal_name": flow.firm.legal_name},
        "kind": flow.kind,
        "ewc": flow.display_ewc,
        "description": flow.description,
    }


@router.get(
    "/districts/{slug}/symbiosis/allocation",
    response=PickPage,
    summary="The district allocation's picks",
)
def list_allocation_picks(request: HttpRequest, slug: str, params: Query[PageParams]):
    """The suggestions the district optimum picks (a firm of the district on either side),
    oldest first, with the tonnes per year it gives each; `picked` and `picked_t` are the
    totals over every page. Managers run the allocation from the district's page."""
    district = _staff_district(request.user, slug)
    queryset = dashboard.picks(district)
    count, tonnes = dashboard.pick_totals(district)
    rows, next_cursor = page_keys(queryset.order_by("id"), ("id",), params)
    matches = Match.objects.filter(pk__in=[pk for (pk,) in rows]).select_related(
        "offer__firm", "need__firm"
    )
    items = [
        {
            "match": m.pk,
            "offer": _flow(m.offer),
            "need": _flow(m.need),
            "distance_km": m.distance_km,
            "allocated_t": m.allocated_amount,
            "score": m.score,
            "status": m.status,
        }
        for m in sorted(matches, key=lambda m: m.pk)
    ]
    return {"items": items, "next_cursor": next_cursor, "picked": count, "picked_t": tonnes}


@router.get(
    "/districts/{slug}/symbiosis/eligibility",
    response=EligibilityPage,
    summary="Eco-district eligibility of the district's firms",
)
def list_eligibility(request: HttpRequest, slug: str, params: Query[EligibilityQuery]):
    """Each firm of the district (by id) with whether it meets every eco-district rule and the
    outcome of each rule. With no rule set, every firm is eligible with no reasons."""
    district = _staff_district(request.user, slug)
    data = indicators.for_district(district)
    after = decode_cursor(params.cursor, 1)[0] if params.cursor else 0
    names = dict(
        Firm.objects.filter(id__in=indicators.district_firm_ids(district)).values_list(
            "id", "legal_name"
        )
    )
    items: list[dict] = []
    for pk in sorted(pk for pk in data.inputs if pk > after):
        eligible, reasons = data.eligibility(pk)
        if params.eligible is not None and eligible != params.eligible:
            continue
        items.append(
            {
                "firm": {"id": pk, "legal_name": names.get(pk, "")},
                "eligible": eligible,
                "reasons": _reasons(reasons),
            }
        )
        if len(items) > params.limit:
            break
    next_cursor = None
    if len(items) > params.limit:
        items = items[: params.limit]
        next_cursor = encode_cursor([items[-1]["firm"]["id"]])
    return {"items": items, "next_cursor": next_cursor}
