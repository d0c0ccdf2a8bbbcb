"""Suggestions and exchanges through the pages: the reasons, interest from both sides, contacts
once both accept, declining with a reason, agreeing, starting, recording realised quantities
and closing; steps out of order come back as a message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse

from filiera.symbiosis.models import Delivery, Match
from tests.symbiosis.conftest import make_delivery, make_match

EN = {"headers": {"accept-language": "en"}}


def detail(match: Match, firm) -> str:
    return reverse("match_detail", args=[firm.pk, match.pk])


def action(name: str, match: Match, firm) -> str:
    return reverse(name, args=[firm.pk, match.pk])


def test_a_suggestion_shows_its_reasons_and_an_unnamed_counterpart(
    client_for, owner_a, firm_a, suggestion, carder
):
    response = client_for(owner_a).get(reverse("match_list", args=[firm_a.pk]), **EN)
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.match == suggestion and row.view.side == "offer" and row.counterpart is None
    assert {r["name"] for r in row.reasons} == {
        "code",
        "material",
        "text",
        "quantity",
        "time",
        "distance",
    }
    body = response.content.decode()
    for name in ("code", "material", "text", "quantity", "time", "distance"):
        assert f'data-component="{name}"' in body
    assert "data-hidden-counterpart" in body and "PO" in body
    assert f"{round(suggestion.distance_km)} km" in body
    assert carder.legal_name not in body
    assert action("match_interest", suggestion, firm_a) in body


def test_interest_from_both_sides_shares_the_contacts(
    client_for, owner_a, firm_a, carder_owner, carder, suggestion
):
    a, c = client_for(owner_a), client_for(carder_owner)
    response = a.post(action("match_interest", suggestion, firm_a), {"next": "suggestions"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("match_list", args=[firm_a.pk]) + f"#match-{suggestion.pk}"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "interest" and suggestion.offer_interest_at is not None
    mine = a.get(reverse("match_list", args=[firm_a.pk]))
    assert mine.context["rows"][0].view.i_am_interested
    assert action("match_interest", suggestion, firm_a) not in mine.content.decode()

    theirs = c.get(reverse("match_list", args=[carder.pk]), **EN)
    [row] = theirs.context["rows"]
    assert row.view.side == "need" and row.view.they_are_interested
    assert firm_a.legal_name not in theirs.content.decode()
    response = c.post(action("match_interest", suggestion, carder), {"next": "suggestions"})
    assert response["Location"] == detail(suggestion, carder)
    suggestion.refresh_from_db()
    assert suggestion.status == "contact" and suggestion.contact_shared_at is not None

    page = c.get(detail(suggestion, carder)).content.decode()
    assert firm_a.legal_name in page and owner_a.email in page and "data-contacts" in page
    exchanges = a.get(reverse("exchange_list", args=[firm_a.pk]))
    assert [r.match for r in exchanges.context["rows"]] == [suggestion]
    body = exchanges.content.decode()
    assert carder.legal_name in body and carder_owner.email in body and carder.email in body
    assert a.get(reverse("match_list", args=[firm_a.pk])).context["rows"] == []


def test_declining_needs_a_reason(client_for, owner_a, firm_a, suggestion):
    client = client_for(owner_a)
    response = client.post(action("match_decline", suggestion, firm_a), {"reason": " "}, **EN)
    assert response.status_code == 200
    assert list(response.context["decline_form"].errors) == ["reason"]
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"
    response = client.post(
        action("match_decline", suggestion, firm_a),
        {"reason": "Too far for us", "next": "suggestions"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "declined" and suggestion.declined_by == "offer"
    assert suggestion.decline_reason == "Too far for us"
    listing = client.get(reverse("match_list", args=[firm_a.pk]))
    assert listing.context["rows"] == []
    assert [r.match for r in listing.context["declined"]] == [suggestion]
    assert "Too far for us" in listing.content.decode()


def test_the_exchange_from_agreement_to_closing(
    client_for, carder_owner, carder, owner_a, firm_a, offer_a, carder_need
):
    match = make_match(offer_a, carder_need, Match.Status.CONTACT_SHARED)
    client = client_for(carder_owner)
    page = client.get(detail(match, carder))
    assert page.context["agree_form"].initial["unit"] == "t"
    assert 'id="agree"' in page.content.decode()
    response = client.post(
        action("match_agree", match, carder),
        {"quantity": "100", "unit": "t", "period": "year", "next": "exchanges"},
    )
    assert response["Location"] == reverse("exchange_list", args=[carder.pk]) + f"#match-{match.pk}"
    match.refresh_from_db()
    assert match.status == "agreed" and match.agreed_quantity == Decimal("100")
    assert (match.agreed_unit, match.agreed_period) == ("t", "year")

    assert client.post(action("match_activate", match, carder)).status_code == 302
    match.refresh_from_db()
    assert match.status == "active"
    response = client.post(
        action("match_delivery", match, carder),
        {
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "quantity": "8500",
            "unit": "kg",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.amount == 8.5 and delivery.recorded_by == carder_owner
    client_for(owner_a).post(
        action("match_delivery", match, firm_a),
        {"period_start": "2025-02-01", "period_end": "2025-02-28", "quantity": "9", "unit": "t"},
    )
    assert client.post(action("match_close", match, carder)).status_code == 302
    match.refresh_from_db()
    assert match.status == "closed"

    exchanges = client_for(owner_a).get(reverse("exchange_list", args=[firm_a.pk]))
    [row] = exchanges.context["rows"]
    assert row.realised == 17.5 and row.deliveries == 2 and row.realised_unit == "t"
    page = client_for(owner_a).get(detail(match, firm_a))
    assert len(page.context["deliveries"]) == 2
    assert 'id="deliveries-table"' in page.content.decode()


def test_an_agreement_in_a_unit_that_does_not_fit_is_named(
    client_for, carder_owner, carder, offer_a, carder_need
):
    match = make_match(offer_a, carder_need, Match.Status.CONTACT_SHARED)
    response = client_for(carder_owner).post(
        action("match_agree", match, carder),
        {"quantity": "5", "unit": "MWh", "period": "year"},
        **EN,
    )
    assert response.status_code == 200
    assert list(response.context["agree_form"].errors) == ["unit"]
    match.refresh_from_db()
    assert match.status == "contact"


def test_a_period_that_ends_before_it_starts_is_named(client_for, owner_a, firm_a, exchange):
    response = client_for(owner_a).post(
        action("match_delivery", exchange, firm_a),
        {"period_start": "2025-03-01", "period_end": "2025-02-01", "quantity": "3", "unit": "t"},
        **EN,
    )
    assert response.status_code == 200
    assert list(response.context["delivery_form"].errors) == ["period_end"]
    assert not Delivery.objects.exists()


def test_a_step_out_of_order_comes_back_as_a_message(client_for, owner_a, firm_a, suggestion):
    response = client_for(owner_a).post(action("match_activate", suggestion, firm_a))
    assert response.status_code == 302 and response["Location"] == detail(suggestion, firm_a)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"
    response = client_for(owner_a).post(
        action("match_delivery", suggestion, firm_a),
        {"period_start": "2025-01-01", "period_end": "2025-01-31", "quantity": "3", "unit": "t"},
    )
    assert response.status_code == 200 and response.context["delivery_form"].errors
    assert not Delivery.objects.exists()


def test_the_exchange_list_holds_only_accepted_pairs(
    client_for, owner_a, firm_a, suggestion, offer_b, need_a
):
    agreed = make_match(offer_b, need_a, Match.Status.AGREED)
    make_delivery(agreed, 2, "t", period_start=date(2025, 1, 1), period_end=date(2025, 1, 31))
    response = client_for(owner_a).get(reverse("exchange_list", args=[firm_a.pk]))
    assert [r.match for r in response.context["rows"]] == [agreed]
    assert response.context["rows"][0].realised == 2.0
    assert action("match_activate", agreed, firm_a) in response.content.decode()


def test_district_staff_see_the_names_they_facilitate(
    client_for, manager, firm_a, suggestion, carder
):
    response = client_for(manager).get(reverse("match_list", args=[firm_a.pk]))
    [row] = response.context["rows"]
    assert row.view.counterpart is None and row.counterpart.name == carder.legal_name
    body = response.content.decode()
    assert carder.legal_name in body
    assert action("match_interest", suggestion, firm_a) not in body  # staff only read


def test_the_district_plan_is_shown_on_a_picked_pair(client_for, owner_a, firm_a, suggestion):
    Match.objects.filter(pk=suggestion.pk).update(allocated_amount=120.0)
    body = client_for(owner_a).get(reverse("match_list", args=[firm_a.pk])).content.decode()
    assert 'data-allocated="120.000000"' in body


def test_the_tabs_count_suggestions_and_what_waits_for_an_answer(
    client_for, owner_a, firm_a, offer_a, carder_need
):
    match = make_match(offer_a, carder_need, Match.Status.INTEREST, offer_interest_at=None)
    Match.objects.filter(pk=match.pk).update(need_interest_at=match.computed_at)
    body = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk])).content.decode()
    assert 'data-count="suggestions">1<' in body and 'data-count="waiting"' in body
    assert 'data-count="exchanges"' not in body
