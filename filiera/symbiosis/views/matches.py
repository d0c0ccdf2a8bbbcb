"""A firm's suggestions (with the reasons, the other firm unnamed until both accept), its
exchanges (contacts shared and later) and one match with what can be done with it next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from filiera.symbiosis import selectors
from filiera.symbiosis.access import can_edit_flows
from filiera.symbiosis.models import Flow
from filiera.symbiosis.views import match_actions
from filiera.symbiosis.views.flows import firm_for
from filiera.symbiosis.views.match_rows import (
    EXCHANGES,
    SUGGESTIONS,
    S,
    match_for,
    render_detail,
    row_for,
    with_realised,
)


@login_required
def match_list(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk)
    user = request.user
    rows = [row_for(v, user, firm) for v in selectors.firm_matches(firm, statuses=SUGGESTIONS)]
    declined = [
        row_for(v, user, firm) for v in selectors.firm_matches(firm, statuses=(S.DECLINED,))
    ]
    return render(
        request,
        "symbiosis/match_list.html",
        {
            "firm": firm,
            "rows": rows,
            "declined": declined,
            "can_act": can_edit_flows(request.user, firm),
            "has_flows": Flow.objects.filter(firm=firm, active=True).exists(),
            "counts": selectors.match_counts(firm),
        },
    )


@login_required
def exchange_list(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk)
    views = selectors.firm_matches(firm, statuses=EXCHANGES)
    rows = with_realised([row_for(v, request.user, firm) for v in views])
    return render(
        request,
        "symbiosis/exchange_list.html",
        {
            "firm": firm,
            "rows": rows,
            "can_act": can_edit_flows(request.user, firm),
            "counts": selectors.match_counts(firm),
        },
    )


@login_required
def match_detail(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, _match, row = match_for(request.user, pk, match_id)
    return render_detail(request, firm, row)


M = "firms/<int:pk>/matches/<int:match_id>/"

urlpatterns: list = [
    path("firms/<int:pk>/suggestions/", match_list, name="match_list"),
    path("firms/<int:pk>/exchanges/", exchange_list, name="exchange_list"),
    path(M, match_detail, name="match_detail"),
    *match_actions.urlpatterns(M),
]
