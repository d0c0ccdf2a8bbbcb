"""Batches and their traceability events: lot once per product, serial ranges complete and in
order, quantities; events at the product's own steps, no more items than the batch; an event
outside its step's dates is saved and flagged."""

from __future__ import annotations

import datetime

import pytest

from filiera.core.models import AuditEvent
from filiera.products import services
from filiera.products.models import Batch, BatchEvent
from filiera.products.services import ProductError


def test_a_batch_is_created_and_recorded(composed, owner_a, firm_a):
    batch = services.create_batch(
        owner_a,
        composed,
        lot=" A-1/25 ",
        serial_first="0001",
        serial_last="0500",
        produced_on="2025-03-20",
        quantity="500",
    )
    assert (batch.lot, batch.quantity, batch.produced_on) == (
        "A-1/25",
        500,
        datetime.date(2025, 3, 20),
    )
    assert batch.has_serial("0250")
    event = AuditEvent.objects.get(object_type="products.batch", action="create")
    assert event.firm_id == firm_a.pk and event.changes["lot"] == [None, "A-1/25"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lot": ""}, "lot"),
        ({"lot": "A 1"}, "lot"),
        ({"lot": "A" * 21}, "lot"),
        ({"lot": "B", "serial_first": "1"}, "serial_last"),
        ({"lot": "B", "serial_last": "9"}, "serial_first"),
        ({"lot": "B", "serial_first": "10", "serial_last": "9"}, "serial_last"),
        ({"lot": "B", "serial_first": "AB10", "serial_last": "AB9"}, "serial_last"),
        ({"lot": "B", "serial_first": "X 1", "serial_last": "X 2"}, "serial_first"),
        ({"lot": "B", "quantity": "0"}, "quantity"),
        ({"lot": "B", "quantity": "tanti"}, "quantity"),
        ({"lot": "B", "produced_on": "ieri"}, "produced_on"),
    ],
)
def test_bad_batches_name_the_field_and_save_nothing(composed, owner_a, fields, field):
    with pytest.raises(ProductError) as caught:
        services.create_batch(owner_a, composed, **fields)
    assert caught.value.field == field
    assert not Batch.objects.exists()


def test_serial_ranges_of_numbers_and_of_codes(composed, owner_a):
    services.create_batch(owner_a, composed, lot="N", serial_first="9", serial_last="10")
    services.create_batch(owner_a, composed, lot="C", serial_first="AB09", serial_last="AB10")


def test_the_lot_is_once_per_product(composed, owner_a, firm_a):
    services.create_batch(owner_a, composed, lot="L1")
    with pytest.raises(ProductError) as caught:
        services.create_batch(owner_a, composed, lot="L1")
    assert caught.value.field == "lot"
    other = services.create_product(None, firm_a, name="Altro", category="pull", mass_kg="0.3")
    services.create_batch(owner_a, other, lot="L1")


def test_update_and_delete(traced, owner_a):
    batch = traced.batches.get()
    with pytest.raises(ProductError) as caught:
        services.update_batch(owner_a, batch, quantity=50)  # the event counts 100
    assert caught.value.field == "quantity"
    batch.refresh_from_db()
    assert batch.quantity == 100
    services.update_batch(owner_a, batch, lot="L-02", quantity=200)
    batch.refresh_from_db()
    assert (batch.lot, batch.quantity) == ("L-02", 200)
    services.delete_batch(owner_a, batch)
    assert not Batch.objects.exists() and not BatchEvent.objects.exists()
    event = AuditEvent.objects.get(object_type="products.batch", action="delete")
    assert event.changes["lot"] == ["L-02", None] and len(event.changes["events"][0]) == 1


def test_events_name_a_step_of_the_product(traced, owner_a, firm_a):
    batch = traced.batches.get()
    other = services.create_product(None, firm_a, name="Altro", category="pull", mass_kg="0.3")
    services.set_steps(owner_a, other, [("making", None, "IT")])
    with pytest.raises(ProductError) as caught:
        services.add_batch_event(owner_a, batch, step=other.steps.get(), occurred_on="2025-03-10")
    assert caught.value.field == "step"
    with pytest.raises(ProductError) as caught:
        services.add_batch_event(owner_a, batch, step="abc", occurred_on="2025-03-10")
    assert caught.value.field == "step"
    assert batch.events.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"occurred_on": ""}, "occurred_on"),
        ({"occurred_on": "domani"}, "occurred_on"),
        ({"occurred_on": "2025-03-10", "quantity": 101}, "quantity"),
        ({"occurred_on": "2025-03-10", "quantity": 0}, "quantity"),
        ({"occurred_on": "2025-03-10", "note": "x" * 201}, "note"),
    ],
)
def test_bad_events_name_the_field(traced, owner_a, fields, field):
    batch = traced.batches.get()
    with pytest.raises(ProductError) as caught:
        services.add_batch_event(owner_a, batch, step=traced.steps.get(stage="making"), **fields)
    assert caught.value.field == field
    assert batch.events.count() == 1


def test_an_event_outside_its_steps_dates_is_saved_and_flagged(traced, owner_a):
    batch = traced.batches.get()
    making = traced.steps.get(stage="making")
    inside = batch.events.get()
    assert not services.date_outside_step(inside)
    late = services.add_batch_event(owner_a, batch, step=making, occurred_on="2025-04-02")
    assert services.date_outside_step(late)
    undated = traced.steps.get(stage="other")
    assert not services.date_outside_step(
        services.add_batch_event(owner_a, batch, step=undated, occurred_on="1999-01-01")
    )
    services.remove_batch_event(owner_a, late)
    assert batch.events.count() == 2
    changes = AuditEvent.objects.filter(object_type="products.batch").latest("id").changes
    assert changes["events"][1] is None
