"""Supply chains: a firm's relations as client and as supplier, changing and ending a relation,
what a client may see of one supplier, and the chain indicators.

The rules are the pages' (``filiera.chains.access``): a firm's chain is read by the firm's own
people and changed by its owners and editors; district staff see the firm but not its chain
(403); anyone else gets 404. A supplier that shares nothing with a client is never named to it.
Invitations and consents are in ``chains_sharing``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router
from ninja.errors import ValidationError
from pydantic import Field

from filiera.api.chains_indicators import chain_indicators
from filiera.api.chains_schemas import (
    IndicatorsOut,
    RelationEnd,
    RelationOut,
    RelationPage,
    RelationPatch,
    SharedSupplierOut,
    relation_out,
)
from filiera.api.chains_shared import shared_view
from filiera.api.errors import forbidden
from filiera.api.firms import MAX_ID, get_firm
from filiera.api.pagination import PageParams, page_keys
from filiera.chains import access
from filiera.chains.models import Consent, SupplyRelation
from filiera.chains.services import relations as relation_services
from filiera.core.usererror import N_, UserError
from filiera.registry.models import Firm, Process, Site

router = Router(tags=["supply chains"])
NOT_A_SUPPLIER_SITE = N_("%(site)s: not a site of this supplier.")


class RelationQuery(PageParams):
    ended: bool = Field(False, description="Include relations that ended or have not started.")


def chain_firm(user, firm_id: int, check=access.can_view_chain) -> Firm:
    """The firm, or 404 when the user may not see it; 403 when the user sees the firm but not
    (or may not change) its chain."""
    firm = get_firm(user, firm_id)
    if not check(user, firm):
        raise forbidden()
    return firm


def user_error(err: UserError, fields: tuple[str, ...] = ()) -> ValidationError:
    """A 422 naming the field of a service's error: its ``field`` when it has one, else the
    field its message starts with (``"Tier: …"``), else the body as a whole."""
    field = getattr(err, "field", None)
    if field is None:
        head = str(err.template).split(":", 1)[0].strip().lower()
        field = next((f for f in fields if head == f.replace("_", " ")), None)
    loc = ["body", field] if field else ["body"]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": err.translated()}])


def load_relations(ids: list[int]) -> list[SupplyRelation]:
    """The relations with their firms, site and process codes, in a fixed number of queries."""
    return list(
        SupplyRelation.objects.filter(id__in=ids)
        .select_related("client", "supplier", "site")
        .prefetch_related(Prefetch("processes", queryset=Process.objects.only("code")))
        .order_by("id")
    )


def client_view(relations: list[SupplyRelation], client_id: int) -> list[dict]:
    """Relations as their client sees them: suppliers named and sites shown only as shared."""
    consents = access.consents_to(client_id, {r.supplier_id for r in relations})
    out = []
    for relation in relations:
        consent = consents.get(relation.supplier_id)
        out.append(
            relation_out(
                relation,
                disclosed=consent is not None,
                sites_shared=consent is not None and consent.sites,
            )
        )
    return out


def _page(queryset, params: RelationQuery):
    if not params.ended:
        queryset = queryset.active()
    return page_keys(queryset.order_by("id"), ("id",), params)


@router.get("/firms/{firm_id}/suppliers", response=RelationPage, summary="List a firm's suppliers")
def list_suppliers(request: HttpRequest, firm_id: int, params: Query[RelationQuery]):
    """The firm's relations as client, oldest first: its direct suppliers. A supplier that
    shares nothing with the firm shows as `supplier: null` (tier and processes only)."""
    firm = chain_firm(request.user, firm_id)
    rows, next_cursor = _page(SupplyRelation.objects.filter(client=firm), params)
    relations = load_relations([pk for (pk,) in rows])
    return {"items": client_view(relations, firm.pk), "next_cursor": next_cursor}


@router.get("/firms/{firm_id}/clients", response=RelationPage, summary="List a firm's clients")
def list_clients(request: HttpRequest, firm_id: int, params: Query[RelationQuery]):
    """The firm's relations as supplier, oldest first: the clients it works for."""
    firm = chain_firm(request.user, firm_id, access.can_view_sharing)
    rows, next_cursor = _page(SupplyRelation.objects.filter(supplier=firm), params)
    relations = load_relations([pk for (pk,) in rows])
    items = [relation_out(r, disclosed=True, sites_shared=True) for r in relations]
    return {"items": items, "next_cursor": next_cursor}


def get_relation(user, relation_id: int) -> SupplyRelation:
    """The relation for its client's owners and editors; 404 to whoever sees neither firm's
    chain, 403 to the others (the supplier's people, the client's viewers)."""
    found = load_relations([relation_id]) if 0 < relation_id <= MAX_ID else []
    relation = found[0] if found else None
    if relation is None or not (
        access.can_view_chain(user, relation.client)
        or access.can_view_sharing(user, relation.supplier)
    ):
        raise Http404("No such relation")
    if not access.can_manage_chain(user, relation.client):
        raise forbidden()
    return relation


def supplier_site(relation: SupplyRelation, facility_id: str | None) -> Site | None:
    if not facility_id:
        return None
    site = Site.objects.filter(firm_id=relation.supplier_id, facility_id=facility_id).first()
    if site is None:
        message = gettext(NOT_A_SUPPLIER_SITE) % {"site": facility_id}
        raise ValidationError([{"type": "value_error", "loc": ["body", "site"], "msg": message}])
    return site


@router.patch("/relations/{relation_id}", response=RelationOut, summary="Change a relation")
def update_relation(request: HttpRequest, relation_id: int, payload: RelationPatch):
    """The client's owners and editors change the tier, processes, site or dates; fields left
    out keep their values."""
    relation = get_relation(request.user, relation_id)
    changes = payload.model_dump(exclude_unset=True)
    site = relation.site
    if "site" in changes:
        site = supplier_site(relation, changes["site"])
    values: dict[str, Any] = {
        "tier": changes.get("tier") or relation.tier,
        "processes": [p.pk for p in relation.processes.all()]
        if changes.get("processes") is None
        else changes["processes"],
        "site": site,
        "since": changes.get("since", relation.since),
        "until": changes.get("until", relation.until),
    }
    try:
        relation_services.update_relation(request.user, relation, **values)
    except UserError as err:
        raise user_error(err, ("tier", "processes", "site", "since", "until")) from None
    return client_view(load_relations([relation.pk]), relation.client_id)[0]


@router.post("/relations/{relation_id}/end", response=RelationOut, summary="End a relation")
def end_relation(request: HttpRequest, relation_id: int, payload: RelationEnd):
    """The supplier no longer works for the client after `until` (today when left out)."""
    relation = get_relation(request.user, relation_id)
    try:
        relation_services.end_relation(request.user, relation, payload.until)
    except UserError as err:
        raise user_error(err, ("until",)) from None
    return client_view(load_relations([relation.pk]), relation.client_id)[0]


# What a client sees ------------------------------------------------------------------------


def sharing_consent(client: Firm, supplier_id: int) -> Consent:
    """The supplier's live consent to the client, or 404 when it shares nothing: a supplier
    that shares nothing is not named, so it looks exactly like no firm at all."""
    consent = (
        Consent.objects.select_related("supplier")
        .filter(client=client, supplier_id=supplier_id)
        .first()
        if 0 < supplier_id <= MAX_ID
        else None
    )
    if consent is None or not consent.shares_anything:
        raise Http404("No such supplier")
    return consent


@router.get(
    "/firms/{firm_id}/chain/suppliers/{supplier_id}",
    response=SharedSupplierOut,
    summary="What a supplier shares with a client",
)
def get_shared_supplier(request: HttpRequest, firm_id: int, supplier_id: int):
    """What the supplier shares with the firm right now: its profile, grade, area scores,
    answers, evidence and sites, each only when shared. Every read is logged and shown to the
    supplier. A supplier that shares nothing answers 404."""
    firm = chain_firm(request.user, firm_id)
    consent = sharing_consent(firm, supplier_id)
    relations = load_relations(
        list(
            SupplyRelation.objects.filter(client=firm, supplier_id=supplier_id).values_list(
                "id", flat=True
            )
        )
    )
    return shared_view(request.user, firm, consent, client_view(relations, firm.pk))


@router.get(
    "/firms/{firm_id}/chain/indicators",
    response=IndicatorsOut,
    summary="Indicators of a firm's chain",
)
def get_indicators(request: HttpRequest, firm_id: int, on: date | None = None):
    """The indicators of the firm's chain (suppliers of suppliers included) on a day (today
    when left out), computed with only what each supplier shares with the firm."""
    firm = chain_firm(request.user, firm_id)
    return chain_indicators(firm, on or timezone.localdate())
