"""Batches of a product (a lot, with an optional range of serial numbers) and their
traceability events (a batch passing through a step of the chain on a date).

Rules: the lot is once per product; a serial range has both ends or none, and its first number
comes before its last; an event's step is a step of the batch's product and its quantity is at
most the batch's. An event dated outside its step's dates is saved all the same and flagged
(``date_outside_step``): the step's dates describe the usual run, and a batch made early or late
is not wrong data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_
from filiera.products.models import Batch, BatchEvent, Product, ProductStep
from filiera.products.models.batches import GS1_TEXT
from filiera.products.services.common import ProductError, parse_date, whole_number

BATCH_FIELDS = ("lot", "serial_first", "serial_last", "produced_on", "quantity")
EVENT_FIELDS = ("step", "occurred_on", "quantity", "note")


def _record(actor, action: str, obj, product: Product, changes: dict[str, Any]) -> None:
    audit.record(actor, action, obj, changes=changes, firm_id=product.brand_id)


def _gs1(field: str, raw: Any, template: str) -> str:
    value = str(raw or "").strip()
    if value:
        try:
            GS1_TEXT(value)
        except ValidationError:
            raise ProductError(field, template) from None
    return value


def serial_in_order(first: str, last: str) -> bool:
    """Whether ``first`` comes no later than ``last``: as numbers when both are, else in text
    order between serials of the same length (as ``Batch.has_serial`` reads a range)."""
    if first.isdigit() and last.isdigit():
        return int(first) <= int(last)
    return len(first) == len(last) and first <= last


def _check_batch(batch: Batch, fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(BATCH_FIELDS))
    if unknown:
        raise TypeError(f"Unknown batch fields: {', '.join(unknown)}")
    if "lot" in fields:
        batch.lot = _gs1(
            "lot",
            fields["lot"],
            N_("Lot: use up to 20 letters, digits or the signs allowed in barcodes (no spaces)."),
        )
    if not batch.lot:
        raise ProductError("lot", N_("Lot: give the lot number of the batch."))
    for name, template in (
        (
            "serial_first",
            N_(
                "First serial number: use up to 20 letters, digits or the signs allowed in "
                "barcodes (no spaces)."
            ),
        ),
        (
            "serial_last",
            N_(
                "Last serial number: use up to 20 letters, digits or the signs allowed in "
                "barcodes (no spaces)."
            ),
        ),
    ):
        if name in fields:
            setattr(batch, name, _gs1(name, fields[name], template))
    if batch.serial_first and not batch.serial_last:
        raise ProductError(
            "serial_last", N_("Last serial number: give both ends of the range, or neither.")
        )
    if batch.serial_last and not batch.serial_first:
        raise ProductError(
            "serial_first", N_("First serial number: give both ends of the range, or neither.")
        )
    if batch.serial_first and not serial_in_order(batch.serial_first, batch.serial_last):
        raise ProductError(
            "serial_last",
            N_(
                "Last serial number: it must come after the first (%(first)s); serials that are "
                "not plain numbers must have the same length."
            ),
            first=batch.serial_first,
        )
    if "produced_on" in fields:
        try:
            batch.produced_on = parse_date(fields["produced_on"])
        except ValueError:
            raise ProductError(
                "produced_on",
                N_("Produced on: “%(value)s” is not a date (e.g. 2025-03-31)."),
                value=fields["produced_on"],
            ) from None
    if "quantity" in fields:
        try:
            batch.quantity = whole_number(fields["quantity"])
        except ValueError:
            batch.quantity = 0
        if batch.quantity == 0:
            raise ProductError("quantity", N_("Quantity: write a whole number of items, e.g. 500."))
    taken = Batch.objects.filter(product_id=batch.product_id, lot=batch.lot).exclude(pk=batch.pk)
    if taken.exists():
        raise ProductError(
            "lot", N_("Lot: this product already has a batch with lot %(lot)s."), lot=batch.lot
        )


def _batch_snapshot(batch: Batch) -> dict[str, Any]:
    return audit.snapshot(batch, BATCH_FIELDS)


@transaction.atomic
def create_batch(actor, product: Product, **fields: Any) -> Batch:
    batch = Batch(product=product)
    _check_batch(batch, fields)
    batch.save()
    _record(actor, "create", batch, product, audit.diff({}, _batch_snapshot(batch)))
    return batch


@transaction.atomic
def update_batch(actor, batch: Batch, **fields: Any) -> Batch:
    before = _batch_snapshot(Batch.objects.get(pk=batch.pk))
    _check_batch(batch, fields)
    if batch.quantity is not None:
        largest = batch.events.filter(quantity__gt=batch.quantity).order_by("-quantity").first()
        if largest is not None:
            raise ProductError(
                "quantity",
                N_(
                    "Quantity: the event of %(date)s counts %(count)s items, more than "
                    "%(quantity)s; change that event first."
                ),
                date=largest.occurred_on.isoformat(),
                count=largest.quantity,
                quantity=batch.quantity,
            )
    batch.save()
    changes = audit.diff(before, _batch_snapshot(batch))
    if changes:
        _record(actor, "update", batch, batch.product, changes)
    return batch


@transaction.atomic
def delete_batch(actor, batch: Batch) -> None:
    """Delete the batch with its traceability events."""
    changes = audit.diff(_batch_snapshot(batch), {}) | {
        "events": [[_event_line(e) for e in batch.events.select_related("step")], None]
    }
    _record(actor, "delete", batch, batch.product, changes)
    batch.delete()


# Events --------------------------------------------------------------------------------------


def _event_line(event: BatchEvent) -> str:
    quantity = f" qty {event.quantity}" if event.quantity else ""
    return f"{event.occurred_on.isoformat()} {event.step.stage} step {event.step_id}{quantity}"


def _step_of(batch: Batch, step: ProductStep | int | str | None) -> ProductStep:
    try:
        step_id = step.pk if isinstance(step, ProductStep) else int(step)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        step_id = None
    found = (
        ProductStep.objects.filter(pk=step_id, product_id=batch.product_id).first()
        if step_id is not None
        else None
    )
    if found is None:
        raise ProductError("step", N_("Step: choose one of the product's steps."))
    return found


@transaction.atomic
def add_batch_event(
    actor,
    batch: Batch,
    *,
    step: ProductStep | int | str | None,
    occurred_on: Any,
    quantity: Any = None,
    note: str = "",
) -> BatchEvent:
    """Record that ``batch`` went through ``step`` (a step of its product) on a date."""
    found = _step_of(batch, step)
    try:
        date = parse_date(occurred_on)
    except ValueError:
        raise ProductError(
            "occurred_on",
            N_("Date: “%(value)s” is not a date (e.g. 2025-03-31)."),
            value=occurred_on,
        ) from None
    if date is None:
        raise ProductError("occurred_on", N_("Date: say when the batch went through the step."))
    try:
        count = whole_number(quantity)
    except ValueError:
        count = 0
    if count == 0:
        raise ProductError("quantity", N_("Quantity: write a whole number of items, e.g. 500."))
    if count is not None and batch.quantity is not None and count > batch.quantity:
        raise ProductError(
            "quantity",
            N_("Quantity: at most %(quantity)s, the quantity of the batch."),
            quantity=batch.quantity,
        )
    note = " ".join(str(note or "").split())
    if len(note) > 200:
        raise ProductError("note", N_("Note: use at most 200 characters."))
    event = BatchEvent.objects.create(
        batch=batch, step=found, occurred_on=date, quantity=count, note=note
    )
    _record(actor, "update", batch, batch.product, {"events": [None, _event_line(event)]})
    return event


@transaction.atomic
def remove_batch_event(actor, event: BatchEvent) -> None:
    batch = event.batch
    _record(actor, "update", batch, batch.product, {"events": [_event_line(event), None]})
    event.delete()


def date_outside_step(event: BatchEvent) -> bool:
    """Whether the event's date falls outside the dates its step gives (when it gives any)."""
    return is_outside(event.occurred_on, event.step.started_on, event.step.finished_on)


def is_outside(date: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    return bool((start and date < start) or (end and date > end))
