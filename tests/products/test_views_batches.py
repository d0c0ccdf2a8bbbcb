"""The batch pages: the list (read by the firm's people), adding a batch, changing and deleting
it, recording and removing traceability events; an event outside its step's dates is saved
with a warning."""

from __future__ import annotations

from django.urls import reverse

from filiera.products.models import Batch, BatchEvent


def batches_url(product) -> str:
    return reverse("product_batches", args=[product.brand_id, product.pk])


def batch_url(batch) -> str:
    return reverse("product_batch", args=[batch.product.brand_id, batch.product_id, batch.pk])


def test_the_list_for_a_viewer_has_no_form(client_for, viewer_a, traced):
    response = client_for(viewer_a).get(batches_url(traced))
    assert response.status_code == 200
    assert [b.lot for b in response.context["batches"]] == ["L-01"]
    assert response.context["form"] is None
    assert 'id="batch-form"' not in response.content.decode()
    page = client_for(viewer_a).get(batch_url(traced.batches.get()))
    assert page.status_code == 200 and 'id="event-form"' not in page.content.decode()
    assert len(page.context["events"]) == 1


def test_add_a_batch_then_its_events(client_for, editor_a, traced):
    response = client_for(editor_a).post(
        batches_url(traced),
        {"lot": "L-02", "serial_first": "101", "serial_last": "200", "quantity": "100"},
    )
    batch = Batch.objects.get(lot="L-02")
    assert response.status_code == 302 and response["Location"] == batch_url(batch)
    page = client_for(editor_a).get(batch_url(batch))
    choices = dict(page.context["event_form"].fields["step"].choices)
    making = traced.steps.get(stage="making")
    assert str(making.pk) in choices and "Maglificio Alfa" in choices[str(making.pk)]
    response = client_for(editor_a).post(
        reverse("product_batch_event_add", args=[traced.brand_id, traced.pk, batch.pk]),
        {"step": str(making.pk), "occurred_on": "2025-04-15", "quantity": "100", "note": "ok"},
        follow=True,
    )
    event = batch.events.get()
    assert (event.step_id, str(event.occurred_on), event.note) == (making.pk, "2025-04-15", "ok")
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels  # outside the step's dates (March)
    assert response.context["events"][0]["outside"]


def test_refusals_name_the_field(client_for, owner_a, traced):
    response = client_for(owner_a).post(batches_url(traced), {"lot": "L-01"})
    assert list(response.context["form"].errors) == ["lot"]
    response = client_for(owner_a).post(batches_url(traced), {"lot": "X", "serial_first": "5"})
    assert list(response.context["form"].errors) == ["serial_last"]
    batch = traced.batches.get()
    response = client_for(owner_a).post(
        reverse("product_batch_event_add", args=[traced.brand_id, traced.pk, batch.pk]),
        {
            "step": str(traced.steps.get(stage="making").pk),
            "occurred_on": "2025-03-11",
            "quantity": "500",
        },
    )
    assert response.status_code == 200
    assert list(response.context["event_form"].errors) == ["quantity"]
    assert Batch.objects.count() == 1 and BatchEvent.objects.count() == 1


def test_change_and_delete_a_batch_and_remove_an_event(client_for, owner_a, traced):
    batch = traced.batches.get()
    response = client_for(owner_a).post(batch_url(batch), {"lot": "L-01", "quantity": "10"})
    assert list(response.context["form"].errors) == ["quantity"]  # the event counts 100
    assert response.context["batch"].quantity == 100
    response = client_for(owner_a).post(
        batch_url(batch), {"lot": "L-01b", "quantity": "150", "produced_on": "2025-03-31"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.lot, batch.quantity, str(batch.produced_on)) == ("L-01b", 150, "2025-03-31")
    event = batch.events.get()
    remove = reverse(
        "product_batch_event_remove", args=[traced.brand_id, traced.pk, batch.pk, event.pk]
    )
    assert client_for(owner_a).post(remove).status_code == 302
    assert not BatchEvent.objects.exists()
    delete = reverse("product_batch_delete", args=[traced.brand_id, traced.pk, batch.pk])
    assert client_for(owner_a).get(delete).status_code == 200
    response = client_for(owner_a).post(delete)
    assert response.status_code == 302 and response["Location"] == batches_url(traced)
    assert not Batch.objects.exists()


def test_a_site_no_longer_shared_is_not_named_on_the_batch_page(
    client_for, owner_a, composed, supply_chain
):
    from filiera.chains.models import Consent
    from filiera.products import services

    spinner = supply_chain["spinner"]
    services.set_steps(owner_a, composed, [("spinning", spinner.sites.get(), "")])
    batch = services.create_batch(owner_a, composed, lot="S-1")
    services.add_batch_event(owner_a, batch, step=composed.steps.get(), occurred_on="2025-01-10")
    page = client_for(owner_a).get(batch_url(batch))
    assert spinner.sites.get().name in page.content.decode()
    Consent.objects.filter(supplier=spinner).update(sites=False)
    page = client_for(owner_a).get(batch_url(batch))
    assert page.context["events"][0]["hidden_site"]
    assert spinner.sites.get().name not in page.content.decode()
