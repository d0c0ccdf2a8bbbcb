"""Batches of a product and their traceability events.

The firm's people see the batches; its owners and editors add, change and delete them and
record, for each batch, when it went through which step. An event dated outside its step's
dates is saved and marked (see ``services.batches``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.products import selectors, services
from filiera.products.access import can_edit_products
from filiera.products.forms import show_error
from filiera.products.forms_batches import BatchForm, EventForm
from filiera.products.models import Batch, BatchEvent
from filiera.products.services import ProductError
from filiera.products.views.common import product_for


def _batch(product, batch_id: int) -> Batch:
    return get_object_or_404(Batch, pk=batch_id, product=product)


def _batch_url(batch: Batch) -> str:
    return reverse("product_batch", args=[batch.product.brand_id, batch.product_id, batch.pk])


def _events(batch: Batch) -> list[dict]:
    """The batch's events, each with its step's site only while the site is still one the brand
    may name (a supplier that stops sharing its sites is no longer shown)."""
    allowed = set(selectors.step_site_choices(batch.product.brand).values_list("id", flat=True))
    rows = []
    for event in batch.events.select_related("step__process", "step__site"):
        site = event.step.site if event.step.site_id in allowed else None
        rows.append(
            {
                "event": event,
                "site": site,
                "hidden_site": event.step.site_id is not None and site is None,
                "outside": services.date_outside_step(event),
            }
        )
    return rows


@login_required
def product_batches(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id)
    can_edit = can_edit_products(request.user, firm)
    form = BatchForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit or form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                batch = services.create_batch(request.user, product, **form.service_kwargs())
            except ProductError as err:
                show_error(form, err)
            else:
                messages.success(request, _("Batch %(lot)s added.") % {"lot": batch.lot})
                return redirect(_batch_url(batch))
    return render(
        request,
        "products/product_batches.html",
        {
            "firm": firm,
            "product": product,
            "batches": selectors.batches_of(product),
            "form": form,
            "can_edit": can_edit,
        },
    )


def _batch_page(request, firm, product, batch, batch_form=None, event_form=None) -> HttpResponse:
    can_edit = can_edit_products(request.user, firm)
    if can_edit:
        batch_form = batch_form or BatchForm.for_batch(batch)
        event_form = event_form or EventForm(product=product)
    return render(
        request,
        "products/product_batch.html",
        {
            "firm": firm,
            "product": product,
            "batch": batch,
            "events": _events(batch),
            "form": batch_form,
            "event_form": event_form,
            "can_edit": can_edit,
        },
    )


@login_required
def product_batch(request: HttpRequest, pk: int, product_id: int, batch_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=request.method == "POST")
    batch = _batch(product, batch_id)
    if request.method != "POST":
        return _batch_page(request, firm, product, batch)
    form = BatchForm.for_batch(batch, request.POST)
    if form.is_valid():
        try:
            services.update_batch(request.user, batch, **form.service_kwargs())
        except ProductError as err:
            show_error(form, err)
            batch.refresh_from_db()
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_batch_url(batch))
    return _batch_page(request, firm, product, batch, batch_form=form)


@login_required
def product_batch_delete(
    request: HttpRequest, pk: int, product_id: int, batch_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    batch = _batch(product, batch_id)
    if request.method == "POST":
        lot = batch.lot
        services.delete_batch(request.user, batch)
        messages.success(request, _("Batch %(lot)s deleted.") % {"lot": lot})
        return redirect(reverse("product_batches", args=[firm.pk, product.pk]))
    return render(
        request,
        "products/product_batch_delete.html",
        {"firm": firm, "product": product, "batch": batch, "events": batch.events.count()},
    )


@login_required
@require_POST
def product_batch_event_add(
    request: HttpRequest, pk: int, product_id: int, batch_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    batch = _batch(product, batch_id)
    form = EventForm(request.POST, product=product)
    if form.is_valid():
        try:
            event = services.add_batch_event(request.user, batch, **form.service_kwargs())
        except ProductError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Event recorded."))
            if services.date_outside_step(event):
                messages.warning(
                    request,
                    _(
                        "The date of the event is outside the dates of its step: check the "
                        "date, or the step's dates on the steps page."
                    ),
                )
            return redirect(_batch_url(batch))
    return _batch_page(request, firm, product, batch, event_form=form)


@login_required
@require_POST
def product_batch_event_remove(
    request: HttpRequest, pk: int, product_id: int, batch_id: int, event_id: int
) -> HttpResponse:
    _firm, product = product_for(request.user, pk, product_id, edit=True)
    batch = _batch(product, batch_id)
    event = get_object_or_404(BatchEvent, pk=event_id, batch=batch)
    services.remove_batch_event(request.user, event)
    messages.success(request, _("Event removed."))
    return redirect(_batch_url(batch))
