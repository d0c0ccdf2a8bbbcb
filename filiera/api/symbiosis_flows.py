"""Industrial symbiosis: a firm's flows (offers and needs), its suggestions, and EWC code
suggestions from a description.

The rules are the pages' (``filiera.symbiosis.access``): a firm's flows and suggestions are read
by the firm's own people and the staff of its districts, and changed by its owners and editors
(others who see the firm get 403; anyone else 404). Values are checked by the same rules as
the flow form and the file import; writes go through the flow services (audited; the firm's
suggestions are computed again after the change). A suggestion never names the other firm to
the firm's people before both firms accepted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import ValidationError

from filiera.api.errors import field_error, forbidden
from filiera.api.firms import MAX_ID, get_firm
from filiera.api.pagination import decode_cursor, encode_cursor, page_keys
from filiera.api.symbiosis_schemas import (
    EwcQuery,
    EwcSuggestionOut,
    FlowIn,
    FlowOut,
    FlowPage,
    FlowPatch,
    FlowQuery,
    SuggestionPage,
    SuggestionQuery,
    flow_out,
    spaced,
)
from filiera.registry.identifiers import IdentifierError, normalise_facility_id
from filiera.registry.models import Firm
from filiera.symbiosis import access, selectors
from filiera.symbiosis.engine import ewc, ewc_suggest
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.services import flows as flow_services

router = Router(tags=["symbiosis"])
NOT_A_SITE = "Not a site of this firm: give the facility ID of one of its sites."


def symbiosis_firm(user, firm_id: int, *, edit: bool = False) -> Firm:
    """The firm, or 404 when the user may not see its flows; 403 when the user may see them
    but (with ``edit``) not change them."""
    firm = get_firm(user, firm_id)
    if not access.can_view_symbiosis(user, firm):
        raise Http404("No such firm")
    if edit and not access.can_edit_flows(user, firm):
        raise forbidden()
    return firm


def get_flow(user, flow_id: int, *, edit: bool = False) -> Flow:
    """The flow, or 404 when the user may not see its firm's flows; 403 when the user may see
    them but (with ``edit``) not change them."""
    flow = (
        Flow.objects.select_related("firm", "site").filter(pk=flow_id).first()
        if 0 < flow_id <= MAX_ID
        else None
    )
    if flow is None or not access.can_view_symbiosis(user, flow.firm):
        raise Http404("No such flow")
    if edit and not access.can_edit_flows(user, flow.firm):
        raise forbidden()
    return flow


def _data(firm: Firm, payload: FlowPatch) -> dict[str, Any]:
    """The fields sent, as the flow services take them (the site from its facility ID)."""
    data = payload.model_dump(exclude_unset=True)
    if "site" in data:
        raw = data.pop("site")
        site = None
        if raw:
            try:
                facility_id = normalise_facility_id(raw)
            except IdentifierError:
                facility_id = ""
            site = firm.sites.filter(facility_id=facility_id).first()
            if site is None:
                raise field_error("body", "site", NOT_A_SITE)
        data["site"] = site
    for name in ("ewc", "ref", "description", "description_en", "unit", "legal_status"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _load(flow_id: int) -> dict[str, Any]:
    return flow_out(Flow.objects.select_related("site").get(pk=flow_id))


# Flows ---------------------------------------------------------------------------------------


@router.get("/firms/{firm_id}/flows", response=FlowPage, summary="List a firm's flows")
def list_flows(request: HttpRequest, firm_id: int, params: Query[FlowQuery]):
    """The firm's active flows (with `archived=true`, its archived ones), oldest first, a page
    at a time."""
    firm = symbiosis_firm(request.user, firm_id)
    flows: QuerySet[Flow] = Flow.objects.filter(firm=firm, active=not params.archived)
    if params.direction:
        flows = flows.filter(direction=params.direction)
    if params.kind:
        flows = flows.filter(kind=params.kind)
    rows, next_cursor = page_keys(flows.order_by("id"), ("id",), params)
    page = Flow.objects.filter(id__in=[pk for (pk,) in rows]).select_related("site").order_by("id")
    return {"items": [flow_out(flow) for flow in page], "next_cursor": next_cursor}


@router.post("/firms/{firm_id}/flows", response={201: FlowOut}, summary="Add a flow")
def create_flow(request: HttpRequest, firm_id: int, payload: FlowIn):
    """Declare something a site of the firm offers or needs. The firm's owners and editors may.
    Its suggestions are computed again in the background."""
    firm = symbiosis_firm(request.user, firm_id, edit=True)
    flow = flow_services.create_flow(firm=firm, user=request.user, data=_data(firm, payload))
    return 201, _load(flow.pk)


@router.get("/flows/{flow_id}", response=FlowOut, summary="Get a flow")
def get_flow_detail(request: HttpRequest, flow_id: int):
    return flow_out(get_flow(request.user, flow_id))


@router.patch("/flows/{flow_id}", response=FlowOut, summary="Change a flow")
def update_flow(request: HttpRequest, flow_id: int, payload: FlowPatch):
    """Change the fields you send; the others keep their values. Exchanges under way are not
    touched; suggestions that no longer fit go at the next refresh."""
    flow = get_flow(request.user, flow_id, edit=True)
    flow_services.update_flow(flow, user=request.user, data=_data(flow.firm, payload))
    return _load(flow.pk)


@router.post("/flows/{flow_id}/archive", response=FlowOut, summary="Archive a flow")
def archive_flow(request: HttpRequest, flow_id: int):
    """The flow is no longer offered or sought: its open suggestions go; exchanges with
    contacts shared or later stay."""
    flow = get_flow(request.user, flow_id, edit=True)
    flow_services.archive_flow(flow, user=request.user)
    return _load(flow.pk)


@router.post("/flows/{flow_id}/restore", response=FlowOut, summary="Restore an archived flow")
def restore_flow(request: HttpRequest, flow_id: int):
    flow = get_flow(request.user, flow_id, edit=True)
    flow_services.restore_flow(flow, user=request.user)
    return _load(flow.pk)


# Suggestions ---------------------------------------------------------------------------------


def _suggestion(view: selectors.MatchView, names: bool) -> dict[str, Any]:
    match, other = view.match, view.other_flow_summary
    theirs = "need" if view.side == "offer" else "offer"
    counterpart = view.counterpart
    if counterpart is None and names:
        counterpart = selectors.counterpart(match.need if view.side == "offer" else match.offer)
    return {
        "id": match.pk,
        "status": match.status,
        "side": view.side,
        "flow": view.my_flow.pk,
        "flow_ref": view.my_flow.ref,
        "score": match.score,
        "distance_km": match.distance_km,
        "components": {
            name: float(value)
            for name, value in (match.components or {}).items()
            if name in selectors.COMPONENT_LABELS and isinstance(value, int | float)
        },
        "reasons": [
            {"name": r.name, "label": r.label, "value": r.value, "weight": r.weight}
            for r in view.reasons
        ],
        "allocated_t": match.allocated_amount,
        "other_flow": {
            "direction": other.direction,
            "kind": other.kind,
            "ewc": other.ewc.rstrip("*"),
            "hazardous": other.ewc.endswith("*"),
            "description": other.description,
            "description_en": other.description_en,
            "quantity": float(other.quantity),
            "unit": other.unit,
            "period": other.period,
            "amount_year": other.amount_year,
            "base_unit": other.base_unit,
            "attributes": other.attributes,
            "available_from": other.available_from,
            "available_until": other.available_until,
            "province": other.province,
        },
        "interest_mine": getattr(match, f"{view.side}_interest_at") is not None,
        "interest_theirs": getattr(match, f"{theirs}_interest_at") is not None,
        "identities_shared": match.identities_visible,
        "counterpart": None
        if counterpart is None
        else {
            "firm": counterpart.firm_id,
            "name": counterpart.name,
            "site": counterpart.site,
            "municipality": counterpart.municipality,
            "email": counterpart.email,
            "website": counterpart.website,
            "people": counterpart.people,
        },
        "declined_by": match.declined_by,
        "decline_reason": match.decline_reason,
    }


def _after(view: selectors.MatchView) -> list:
    """The sort key of ``firm_matches`` as cursor values (text and whole numbers only)."""
    return [selectors.STATUS_ORDER[view.status], repr(-view.match.score), view.match.pk]


def _key(values: list) -> tuple:
    return (values[0], float(values[1]), values[2])


@router.get(
    "/firms/{firm_id}/suggestions", response=SuggestionPage, summary="List a firm's suggestions"
)
def list_suggestions(request: HttpRequest, firm_id: int, params: Query[SuggestionQuery]):
    """The firm's matches seen from its side, suggested ones first, then by score; each with
    the parts of its score. The other firm's flow is described by kind, code, description,
    quantity and province; the other firm itself (`counterpart`) only once both firms accepted.
    The district's staff, who facilitate exchanges, see it at every step."""
    user = request.user
    firm = symbiosis_firm(user, firm_id)
    unknown = [s for s in params.status if s not in Match.Status.values]
    if unknown:
        message = f"Not a status: {', '.join(unknown)}. Use {', '.join(Match.Status.values)}."
        raise field_error("query", "status", message)
    views = selectors.firm_matches(firm, statuses=params.status or None)
    if params.cursor:
        last = decode_cursor(params.cursor, 3)
        try:
            after = _key(last)
        except ValueError:
            raise field_error("query", "cursor", "Invalid cursor.") from None
        views = [v for v in views if _key(_after(v)) > after]
    page = views[: params.limit]
    more = len(views) > params.limit
    names = access.sees_names(user, firm)
    return {
        "items": [_suggestion(view, names) for view in page],
        "next_cursor": encode_cursor(_after(page[-1])) if more else None,
    }


# EWC codes -----------------------------------------------------------------------------------


@router.get(
    "/ewc/suggestions", response=list[EwcSuggestionOut], summary="Suggest EWC codes for a text"
)
def suggest_ewc(request: HttpRequest, params: Query[EwcQuery]):
    """The EWC (List of Waste) entries nearest to a description in Italian or English, best
    first, with their texts: a person picks the right one. A code written in the text comes
    first. The Italian texts are not all the official wording yet (`text_it_official`)."""
    if not params.text.strip():
        raise ValidationError(
            [{"type": "value_error", "loc": ["query", "text"], "msg": "Write what the waste is."}]
        )
    out = []
    for found in ewc_suggest.suggest(params.text, k=params.limit):
        entry = ewc.entry(found.code)
        out.append(
            {
                "code": spaced(found.code),
                "display": found.display,
                "hazardous": bool(entry and entry.hazardous),
                "text_en": found.text_en,
                "text_it": found.text_it,
                "text_it_official": bool(entry and entry.text_it_official),
                "score": round(found.score, 4),
            }
        )
    return out
