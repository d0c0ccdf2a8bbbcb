"""The steps of an exchange: who may take them, in which order, what each side is told."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Match
from filiera.symbiosis.services import matches
from filiera.symbiosis.services.matches import MatchError

Status = Match.Status


def _bodies() -> str:
    return "\n".join(m.subject + "\n" + m.body for m in mail.outbox)


def test_interest_from_one_side_keeps_names_hidden(
    suggestion, owner_a, carder_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matches.express_interest(suggestion, user=owner_a)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.INTEREST
    assert suggestion.offer_interest_at and not suggestion.need_interest_at
    assert not suggestion.identities_visible
    assert [m.to for m in mail.outbox] == [[carder_owner.email]]
    text = _bodies()
    assert "Maglificio Alfa" not in text and "Carpi" not in text and "MO" in text
    assert suggestion.offer.description in text


def test_both_sides_share_contacts(
    suggestion, owner_a, carder_owner, django_capture_on_commit_callbacks
):
    matches.express_interest(suggestion, user=owner_a)
    matches.express_interest(suggestion, user=owner_a)  # twice is once
    with django_capture_on_commit_callbacks(execute=True):
        matches.express_interest(suggestion, user=carder_owner)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.CONTACT_SHARED
    assert suggestion.contact_shared_at is not None and suggestion.identities_visible
    to_a = next(m for m in mail.outbox if m.to == [owner_a.email])
    to_carder = next(m for m in mail.outbox if m.to == [carder_owner.email])
    assert "Cardatura Pratese" in to_a.body and carder_owner.email in to_a.body
    assert "Maglificio Alfa" in to_carder.body and owner_a.email in to_carder.body
    actions = AuditEvent.objects.filter(object_type="symbiosis.match").values_list(
        "action", "firm_id"
    )
    assert sorted(actions) == sorted(
        [
            ("express_interest", suggestion.offer.firm_id),
            ("express_interest", suggestion.need.firm_id),
            ("share_contacts", suggestion.need.firm_id),
        ]
    )


def test_only_editors_of_the_two_firms_act(suggestion, viewer_a, owner_b, manager, admin):
    for user in (viewer_a, owner_b, manager):
        with pytest.raises(MatchError):
            matches.express_interest(suggestion, user=user)
    assert matches.side_of(admin, suggestion) == "offer"
    assert matches.side_of(admin, suggestion, suggestion.need.firm) == "need"


def test_decline_needs_a_reason_and_tells_an_interested_side(
    suggestion, owner_a, carder_owner, django_capture_on_commit_callbacks
):
    with pytest.raises(MatchError) as caught:
        matches.decline(suggestion, user=carder_owner, reason="  ")
    assert caught.value.field == "reason"
    matches.express_interest(suggestion, user=owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        matches.decline(suggestion, user=carder_owner, reason="Too many colours")
    suggestion.refresh_from_db()
    assert suggestion.status == Status.DECLINED
    assert suggestion.declined_by == "need" and suggestion.decline_reason == "Too many colours"
    assert [m.to for m in mail.outbox] == [[owner_a.email]]
    assert "Too many colours" in mail.outbox[0].body
    assert "Cardatura" not in _bodies()
    with pytest.raises(MatchError):
        matches.express_interest(suggestion, user=owner_a)


def test_the_lifecycle_in_order(exchange, owner_a, carder_owner):
    exchange.status = Status.CONTACT_SHARED
    exchange.save()
    with pytest.raises(MatchError):
        matches.activate(exchange, user=owner_a)
    with pytest.raises(MatchError) as caught:
        matches.agree(exchange, user=owner_a, quantity="5", unit="MWh", period="month")
    assert caught.value.field == "unit"
    with pytest.raises(MatchError) as caught:
        matches.agree(exchange, user=owner_a, quantity="x", unit="t", period="month")
    assert caught.value.field == "quantity"
    matches.agree(exchange, user=owner_a, quantity="8,5", unit="tonnellate", period="month")
    exchange.refresh_from_db()
    assert exchange.status == Status.AGREED
    assert (exchange.agreed_quantity, exchange.agreed_unit) == (Decimal("8.500"), "t")
    matches.activate(exchange, user=carder_owner)
    matches.close(exchange, user=owner_a)
    exchange.refresh_from_db()
    assert exchange.status == Status.CLOSED and exchange.closed_at and exchange.activated_at
    with pytest.raises(MatchError):
        matches.decline(exchange, user=owner_a, reason="late")
    assert list(
        AuditEvent.objects.filter(object_type="symbiosis.match")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["agree_exchange", "activate_exchange", "close_exchange"]


def test_deliveries_convert_to_the_base_unit(exchange, carder_owner, owner_b):
    delivery = matches.record_delivery(
        exchange,
        user=carder_owner,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        quantity="2500",
        unit="kg",
        note="first lorry",
    )
    assert delivery.amount == pytest.approx(2.5)
    assert delivery.unit == "kg" and delivery.recorded_by == carder_owner
    exchange.refresh_from_db()
    assert exchange.status == Status.ACTIVE  # the first quantity starts an agreed exchange
    with pytest.raises(MatchError) as caught:
        matches.record_delivery(
            exchange,
            user=carder_owner,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 3, 1),
            quantity="1",
            unit="t",
        )
    assert caught.value.field == "period_end"
    with pytest.raises(MatchError) as caught:
        matches.record_delivery(
            exchange,
            user=carder_owner,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 4, 30),
            quantity="1",
            unit="m3",
        )
    assert caught.value.field == "unit"
    with pytest.raises(MatchError):
        matches.record_delivery(
            exchange,
            user=owner_b,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 4, 30),
            quantity="1",
            unit="t",
        )
    assert exchange.deliveries.count() == 1


def test_no_delivery_before_agreement(suggestion, owner_a):
    with pytest.raises(MatchError):
        matches.record_delivery(
            suggestion,
            user=owner_a,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 1, 31),
            quantity="1",
            unit="t",
        )


def test_agreement_is_told_to_the_other_side(
    exchange, owner_a, carder_owner, django_capture_on_commit_callbacks
):
    exchange.status = Status.CONTACT_SHARED
    exchange.save()
    with django_capture_on_commit_callbacks(execute=True):
        matches.agree(exchange, user=carder_owner, quantity="100", unit="t", period="year")
    assert [m.to for m in mail.outbox] == [[owner_a.email]]
    assert "Cardatura Pratese" in mail.outbox[0].subject
