"""How a match looks to one of its two firms: a row of the suggestions or exchanges page, or
the match page with the forms of its next steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from filiera.registry.models import Firm
from filiera.symbiosis import notify, selectors
from filiera.symbiosis.access import can_edit_flows, sees_names
from filiera.symbiosis.forms import describe_attributes
from filiera.symbiosis.forms_matches import AgreeForm, DeclineForm, DeliveryForm
from filiera.symbiosis.models import Delivery, Flow, Match
from filiera.symbiosis.views.flows import firm_for

S = Match.Status
SUGGESTIONS = (S.SUGGESTED, S.INTEREST)
EXCHANGES = (S.CONTACT_SHARED, S.AGREED, S.ACTIVE, S.CLOSED)
# What each side may do at each step (the services check it again).
CAN_INTEREST = SUGGESTIONS
CAN_DECLINE = (S.SUGGESTED, S.INTEREST, S.CONTACT_SHARED, S.AGREED)
CAN_AGREE = (S.CONTACT_SHARED,)
CAN_ACTIVATE = (S.AGREED,)
CAN_CLOSE = (S.ACTIVE,)
CAN_RECORD = (S.AGREED, S.ACTIVE, S.CLOSED)


@dataclass
class Row:
    """One match as a page shows it to one of its two firms."""

    view: selectors.MatchView
    # The other firm for district staff and the platform admin, who see names at every step.
    facilitator_counterpart: selectors.Counterpart | None = None
    realised: float | None = None
    realised_unit: str = ""
    deliveries: int = 0

    @property
    def match(self) -> Match:
        return self.view.match

    @property
    def status(self) -> str:
        return self.view.match.status

    @property
    def counterpart(self) -> selectors.Counterpart | None:
        return self.view.counterpart or self.facilitator_counterpart

    @property
    def may_interest(self) -> bool:
        return self.status in CAN_INTEREST and not self.view.i_am_interested

    @property
    def may_decline(self) -> bool:
        return self.status in CAN_DECLINE

    @property
    def may_agree(self) -> bool:
        return self.status in CAN_AGREE

    @property
    def may_activate(self) -> bool:
        return self.status in CAN_ACTIVATE

    @property
    def may_close(self) -> bool:
        return self.status in CAN_CLOSE

    @property
    def may_record(self) -> bool:
        return self.status in CAN_RECORD

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """The score's parts for bars: name, label, value and weight as percentages."""
        return [
            {
                "name": r.name,
                "label": r.label,
                "value": round(100 * r.value),
                "weight": round(100 * r.weight),
            }
            for r in self.view.reasons
        ]

    @property
    def other_attributes(self) -> list[tuple[str, str]]:
        return describe_attributes(self.view.other_flow_summary.attributes)

    @property
    def my_interest_at(self):
        return getattr(self.match, f"{self.view.side}_interest_at")

    @property
    def their_interest_at(self):
        other = "need" if self.view.side == Match.Side.OFFER else "offer"
        return getattr(self.match, f"{other}_interest_at")

    @property
    def agreed_period_label(self) -> str:
        period = self.match.agreed_period
        return str(Flow.Period(period).label) if period in Flow.Period.values else ""

    @property
    def score(self) -> int:
        return round(100 * float(self.match.score))


def row_for(view: selectors.MatchView, user=None, firm: Firm | None = None) -> Row:
    row = Row(view=view)
    if view.counterpart is None and firm is not None and sees_names(user, firm):
        _mine, theirs = notify.flows_of(view.match, view.side)
        row.facilitator_counterpart = selectors.counterpart(theirs)
    return row


def with_realised(rows: list[Row]) -> list[Row]:
    """Add the realised quantities (in the offer's base unit) to each row."""
    totals = {
        t["match"]: t
        for t in Delivery.objects.filter(match__in=[r.match.pk for r in rows])
        .values("match")
        .annotate(total=Sum("amount"), n=Count("id"))
    }
    for row in rows:
        total = totals.get(row.match.pk)
        if total:
            row.realised = total["total"]
            row.deliveries = total["n"]
        row.realised_unit = row.match.offer.base_unit if row.match.offer_id else ""
    return rows


def match_for(user, pk: int, match_id: int, *, edit: bool = False) -> tuple[Firm, Match, Row]:
    """The firm, one of its matches (404 when the firm is neither side) and how it looks to it."""
    firm = firm_for(user, pk, edit=edit)
    view = selectors.firm_match(firm, match_id)
    if view is None:
        raise Http404("No such match")
    return firm, view.match, row_for(view, user, firm)


def detail_context(firm: Firm, row: Row, user, **forms: Any) -> dict[str, Any]:
    match = row.match
    mine = row.view.my_flow
    defaults = {"quantity": mine.quantity, "unit": mine.unit, "period": mine.period}
    return {
        "firm": firm,
        "row": with_realised([row])[0],
        "can_act": can_edit_flows(user, firm),
        "counts": selectors.match_counts(firm),
        "deliveries": list(match.deliveries.order_by("period_start", "id")),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "agree_form": forms.get("agree_form") or AgreeForm(initial=defaults),
        "delivery_form": forms.get("delivery_form")
        or DeliveryForm(initial={"unit": match.agreed_unit or match.offer.unit}),
    }


def render_detail(request: HttpRequest, firm: Firm, row: Row, **forms: Any) -> HttpResponse:
    return render(
        request, "symbiosis/match_detail.html", detail_context(firm, row, request.user, **forms)
    )
