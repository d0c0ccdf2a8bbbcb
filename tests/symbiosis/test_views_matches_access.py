"""Who reaches the suggestions, the exchanges and a match's page, and who may act on a match;
and the rule that holds above all: until both firms accept, no page shows a firm the other's
name, VAT, site, address or people."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from filiera.registry.models import Site
from filiera.symbiosis.models import Delivery, Match
from tests.conftest import PERSONAS
from tests.symbiosis.conftest import make_match
from tests.symbiosis.factories_pages import identity_words

READ = ["match_list", "exchange_list", "match_detail"]
ACTIONS = [
    "match_interest",
    "match_decline",
    "match_agree",
    "match_activate",
    "match_close",
    "match_delivery",
]
EDITORS = {"admin", "owner_a", "editor_a"}
READERS = EDITORS | {"viewer_a", "manager", "verifier"}
POSTED = {
    "reason": "Not now",
    "quantity": "5",
    "unit": "t",
    "period": "year",
    "period_start": "2025-01-01",
    "period_end": "2025-01-31",
}


def url(name: str, match: Match, firm_id: int) -> str:
    if name in ("match_list", "exchange_list"):
        return reverse(name, args=[firm_id])
    return reverse(name, args=[firm_id, match.pk])


def expected(persona: str, name: str) -> int:
    if persona in EDITORS:
        return 200
    if persona in READERS:
        return 200 if name in READ else 403
    return 404


@pytest.mark.parametrize("name", READ)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_for_every_persona(request, client_for, suggestion, offer_a, persona, name):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url(name, suggestion, offer_a.firm_id))
    assert response.status_code == expected(persona, name)


@pytest.mark.parametrize("name", READ + ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(client_for, suggestion, offer_a, name):
    response = client_for(None).post(url(name, suggestion, offer_a.firm_id), POSTED)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in EDITORS])
def test_actions_change_nothing_for_those_who_may_not(
    request, client_for, exchange, offer_a, persona, name
):
    user = request.getfixturevalue(persona)
    Match.objects.filter(pk=exchange.pk).update(status=Match.Status.ACTIVE)
    response = client_for(user).post(url(name, exchange, offer_a.firm_id), POSTED)
    assert response.status_code == (403 if persona in READERS else 404)
    exchange.refresh_from_db()
    assert exchange.status == Match.Status.ACTIVE and not exchange.decline_reason
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_answer_only_posts(client_for, owner_a, suggestion, offer_a, name):
    response = client_for(owner_a).get(url(name, suggestion, offer_a.firm_id))
    assert response.status_code == 405


@pytest.mark.parametrize("persona", sorted(EDITORS))
def test_editors_act_for_their_firm(request, client_for, suggestion, offer_a, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(url("match_interest", suggestion, offer_a.firm_id))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "interest" and suggestion.offer_interest_at is not None
    assert suggestion.need_interest_at is None


def test_a_match_is_reached_only_through_one_of_its_firms(
    client_for, owner_a, owner_b, firm_a, firm_b, suggestion, offer_b, carder_need
):
    others = make_match(offer_b, carder_need)  # firm B and the carder: not firm A's
    assert client_for(owner_b).get(url("match_detail", suggestion, firm_b.pk)).status_code == 404
    assert client_for(owner_a).get(url("match_detail", suggestion, firm_b.pk)).status_code == 404
    assert client_for(owner_a).get(url("match_detail", others, firm_a.pk)).status_code == 404
    response = client_for(owner_b).post(url("match_interest", suggestion, firm_b.pk))
    assert response.status_code == 404
    response = client_for(owner_a).post(url("match_interest", others, firm_a.pk))
    assert response.status_code == 404
    suggestion.refresh_from_db()
    others.refresh_from_db()
    assert suggestion.status == others.status == "suggested"


def test_each_district_reads_its_own_firms_side(client_for, prato_manager, suggestion, carder):
    assert (
        client_for(prato_manager).get(url("match_detail", suggestion, carder.pk)).status_code == 200
    )
    firm_a_id = suggestion.offer.firm_id
    assert (
        client_for(prato_manager).get(url("match_detail", suggestion, firm_a_id)).status_code == 404
    )
    response = client_for(prato_manager).post(url("match_interest", suggestion, carder.pk))
    assert response.status_code == 403


# Names stay hidden until both accept ---------------------------------------------------------


def _pages(firm_id: int, match: Match) -> list[str]:
    return [
        reverse("match_list", args=[firm_id]),
        reverse("exchange_list", args=[firm_id]),
        reverse("match_detail", args=[firm_id, match.pk]),
        reverse("flow_list", args=[firm_id]),
    ]


def _distinct_addresses(firm_a, carder) -> None:
    Site.objects.filter(firm=firm_a).update(address="Via dei Maglifici 12, Carpi")
    Site.objects.filter(firm=carder).update(address="Via del Cardato 7, Prato")


@pytest.mark.parametrize("status", ["suggested", "interest", "declined"])
def test_no_page_names_the_other_firm_before_both_accept(
    client_for,
    firm_a,
    owner_a,
    editor_a,
    viewer_a,
    carder,
    carder_owner,
    offer_a,
    carder_need,
    status,
):
    _distinct_addresses(firm_a, carder)
    match = make_match(offer_a, carder_need, status)
    sides = [
        (firm_a, [owner_a, editor_a, viewer_a], carder),
        (carder, [carder_owner], firm_a),
    ]
    for firm, people, other in sides:
        hidden = identity_words(other)
        assert len(hidden) >= 5
        for user in people:
            for page in _pages(firm.pk, match):
                response = client_for(user).get(page)
                assert response.status_code == 200, page
                body = response.content.decode()
                shown = [word for word in hidden if word in body]
                assert shown == [], f"{user} sees {shown} on {page}"


def test_interest_tells_the_other_side_without_the_name(
    client_for,
    firm_a,
    owner_a,
    carder,
    carder_owner,
    suggestion,
    django_capture_on_commit_callbacks,
):
    _distinct_addresses(firm_a, carder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner_a).post(url("match_interest", suggestion, firm_a.pk))
    assert mail.outbox, "the carding mill is told"
    for message in mail.outbox:
        text = message.subject + message.body
        assert [w for w in identity_words(firm_a) if w in text] == []
    # The carder's answer shares the contacts: now each side sees the other.
    client_for(carder_owner).post(url("match_interest", suggestion, carder.pk))
    for firm, user, other in ((firm_a, owner_a, carder), (carder, carder_owner, firm_a)):
        body = client_for(user).get(url("match_detail", suggestion, firm.pk)).content.decode()
        assert other.legal_name in body
        assert other.sites.get().name in body


@pytest.mark.parametrize("status", ["contact", "agreed", "active", "closed"])
def test_both_sides_see_each_other_once_both_accepted(
    client_for, firm_a, owner_a, carder, carder_owner, offer_a, carder_need, status
):
    match = make_match(offer_a, carder_need, status)
    a = client_for(owner_a).get(url("match_detail", match, firm_a.pk)).content.decode()
    c = client_for(carder_owner).get(url("match_detail", match, carder.pk)).content.decode()
    assert carder.legal_name in a and carder_owner.email in a
    assert firm_a.legal_name in c and owner_a.email in c
