"""Reads of a firm's flows, suggestions and exchanges, shaped for pages, the API and e-mails.

``firm_matches`` describes each match from the firm's side. The counterpart's identity (firm,
site, contacts) is filled ONLY once both sides accepted (``match.identities_visible``); before,
the other flow is described by kind, code, description, quantity, province and distance only.
District staff read ``district_matches`` (names included: they facilitate).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from filiera.registry.models import District, Firm
from filiera.symbiosis import notify
from filiera.symbiosis.engine import matching
from filiera.symbiosis.models import Flow, Match

Status = Match.Status
# Score components by their stable names, with the words pages show.
COMPONENT_LABELS = {
    "code": _("Waste code"),
    "material": _("Material"),
    "text": _("Description"),
    "quantity": _("Quantity"),
    "time": _("Timing"),
    "distance": _("Distance"),
}
SUGGESTION_STATUSES = (Status.SUGGESTED, Status.INTEREST)
EXCHANGE_STATUSES = (Status.CONTACT_SHARED, Status.AGREED, Status.ACTIVE, Status.CLOSED)
STATUS_ORDER = {status: n for n, status in enumerate(Status.values)}


def current_weights() -> dict[str, float]:
    """The engine's weights with the ones set in ``settings.SYMBIOSIS_WEIGHTS`` on top."""
    weights = dict(matching.DEFAULT_WEIGHTS)
    for name, value in (getattr(settings, "SYMBIOSIS_WEIGHTS", None) or {}).items():
        if name in weights:
            weights[name] = float(value)
    return weights


@dataclass(frozen=True)
class Reason:
    name: str  # stable component name: code, material, text, quantity, time, distance
    label: str
    value: float  # 0 to 1
    weight: float  # share of the score, 0 to 1 (the weights sum to 1)

    @property
    def contribution(self) -> float:
        return self.value * self.weight

    @property
    def percent(self) -> int:
        return round(self.value * 100)

    def __iter__(self):  # (label, value, weight), as a tuple
        return iter((self.label, self.value, self.weight))


def reasons(components: dict[str, Any], weights: dict[str, float] | None = None) -> list[Reason]:
    """The score's parts with their labels, largest contribution first."""
    weights = weights or current_weights()
    total = sum(w for name, w in weights.items() if name in COMPONENT_LABELS) or 1.0
    found = []
    for name, label in COMPONENT_LABELS.items():
        value = components.get(name)
        if not isinstance(value, (int, float)):
            continue
        found.append(Reason(name, str(label), float(value), weights.get(name, 0.0) / total))
    return sorted(found, key=lambda r: (-r.contribution, r.name))


@dataclass(frozen=True)
class FlowSummary:
    """What a firm may know of the other side's flow before names are shared."""

    id: int
    direction: str
    kind: str
    kind_label: str
    ewc: str  # "04 02 22", "*" when hazardous; "" when none
    description: str
    description_en: str
    quantity: Any
    unit: str
    period: str
    period_label: str
    amount_year: float | None
    base_unit: str
    attributes: dict
    province: str
    distance_km: float
    available_from: Any
    available_until: Any


@dataclass(frozen=True)
class Counterpart:
    """The other firm, shown once both sides accepted."""

    firm_id: int
    name: str
    site: str
    municipality: str
    email: str
    website: str
    people: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class MatchView:
    match: Match
    side: str  # the firm's side: "offer" or "need"
    my_flow: Flow
    other_flow_summary: FlowSummary
    counterpart: Counterpart | None
    reasons: list[Reason]

    @property
    def i_am_interested(self) -> bool:
        return getattr(self.match, f"{self.side}_interest_at") is not None

    @property
    def they_are_interested(self) -> bool:
        return getattr(self.match, f"{notify.other(self.side)}_interest_at") is not None

    @property
    def status(self) -> str:
        return self.match.status

    @property
    def declined_by_me(self) -> bool:
        return self.match.declined_by == self.side


def summary(flow: Flow, distance_km: float) -> FlowSummary:
    return FlowSummary(
        id=flow.pk,
        direction=flow.direction,
        kind=flow.kind,
        kind_label=str(flow.get_kind_display()),
        ewc=flow.display_ewc,
        description=flow.description,
        description_en=flow.description_en,
        quantity=flow.quantity,
        unit=flow.unit,
        period=flow.period,
        period_label=str(flow.get_period_display()),
        amount_year=flow.amount_year,
        base_unit=flow.base_unit,
        attributes=dict(flow.attributes or {}),
        province=notify.province(flow),
        distance_km=round(distance_km, 1),
        available_from=flow.available_from,
        available_until=flow.available_until,
    )


def counterpart(flow: Flow) -> Counterpart:
    firm, site = flow.firm, flow.site
    return Counterpart(
        firm_id=firm.pk,
        name=firm.legal_name,
        site=site.name,
        municipality=str(site.municipality) if site.municipality is not None else site.country,
        email=firm.email,
        website=firm.website,
        people=notify.people(firm),
    )


def of_firms(firms) -> Q:
    """Matches with a flow of ``firms`` (a firm, or a query of firms) on either side. Written
    with the flows' ids so the database reads its two indexes rather than every match."""
    flows = Flow.objects.filter(firm__in=firms) if isinstance(firms, QuerySet) else None
    if flows is None:
        flows = Flow.objects.filter(firm=firms)
    ids = flows.values("id")
    return Q(offer_id__in=ids) | Q(need_id__in=ids)


def _with_flows(queryset: QuerySet[Match]) -> QuerySet[Match]:
    return queryset.select_related(
        "offer__firm",
        "offer__site__municipality",
        "need__firm",
        "need__site__municipality",
    )


def firm_flows(firm: Firm, *, active: bool | None = True) -> QuerySet[Flow]:
    """The firm's flows (active ones by default; ``active=None``: all), offers first."""
    flows = Flow.objects.filter(firm=firm).select_related("site__municipality")
    if active is not None:
        flows = flows.filter(active=active)
    return flows.order_by("direction", "-updated_at", "id")


def firm_matches(
    firm: Firm, *, statuses: Iterable[str] | None = None, flow: Flow | None = None
) -> list[MatchView]:
    """Every match of the firm's flows (or of one ``flow``) seen from the firm's side, by
    status (suggested first) and score; ``statuses`` narrows them."""
    queryset = Match.objects.filter(of_firms(firm))
    if statuses is not None:
        queryset = queryset.filter(status__in=list(statuses))
    if flow is not None:
        queryset = queryset.filter(Q(offer=flow) | Q(need=flow))
    weights = current_weights()
    views = [view(match, firm, weights) for match in _with_flows(queryset)]
    return sorted(views, key=lambda v: (STATUS_ORDER[v.status], -v.match.score, v.match.pk))


def view(match: Match, firm: Firm, weights: dict[str, float] | None = None) -> MatchView:
    """One match from ``firm``'s side (the firm must be on one side)."""
    side = "offer" if match.offer.firm_id == firm.pk else "need"
    mine, theirs = notify.flows_of(match, side)
    return MatchView(
        match=match,
        side=side,
        my_flow=mine,
        other_flow_summary=summary(theirs, match.distance_km),
        counterpart=counterpart(theirs) if match.identities_visible else None,
        reasons=reasons(match.components or {}, weights),
    )


def firm_match(firm: Firm, match_id: int) -> MatchView | None:
    """One of the firm's matches by id, or None when it is not the firm's."""
    match = _with_flows(Match.objects.filter(of_firms(firm))).filter(pk=match_id).first()
    return view(match, firm) if match is not None else None


def match_counts(firm: Firm) -> dict[str, int]:
    """How many suggestions and exchanges the firm has, for its menu."""
    counts = Match.objects.filter(of_firms(firm)).aggregate(
        suggestions=Count("id", filter=Q(status__in=SUGGESTION_STATUSES)),
        exchanges=Count("id", filter=Q(status__in=EXCHANGE_STATUSES)),
        waiting=Count(
            "id",
            filter=Q(status=Status.INTEREST)
            & (
                Q(offer__firm=firm, offer_interest_at__isnull=True)
                | Q(need__firm=firm, need_interest_at__isnull=True)
            ),
        ),
    )
    return {name: int(value or 0) for name, value in counts.items()}


def district_matches(
    district: District, *, statuses: Iterable[str] | None = None
) -> QuerySet[Match]:
    """Matches with a firm of the district on either side, with both flows and firms loaded
    (names included: for the district's staff)."""
    queryset = Match.objects.filter(of_firms(Firm.objects.filter(districts=district)))
    if statuses is not None:
        queryset = queryset.filter(status__in=list(statuses))
    return _with_flows(queryset).order_by("-score", "id")
