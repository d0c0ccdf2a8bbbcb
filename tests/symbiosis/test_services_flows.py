"""Adding, changing and archiving flows; the site's position follows; merges keep flows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from filiera.core.models import AuditEvent
from filiera.registry import duplicates, services
from filiera.registry.models import Municipality
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.services.flows import archive_flow, create_flow, restore_flow, update_flow
from tests.symbiosis.conftest import make_flow, make_match


def _cuttings(**extra):
    data = {
        "direction": "offer",
        "kind": "waste",
        "ewc": "04 02 22",
        "description": "Ritagli di maglieria in lana",
        "description_en": "Wool knitting cuttings",
        "quantity": "10",
        "unit": "t",
        "period": "month",
        "max_distance_km": 150,
        "ref": "CUT-1",
        "attributes": "fibre=wool;colour=mixed",
    }
    data.update(extra)
    return data


def test_create_fills_position_amount_and_audit(firm_a, owner_a):
    flow = create_flow(firm=firm_a, user=owner_a, data=_cuttings())
    site = firm_a.sites.get()
    assert (flow.lat, flow.lon) == (site.lat, site.lon)
    assert flow.amount_year == pytest.approx(120.0) and flow.base_unit == "t"
    assert flow.quantity == Decimal("10.000")
    assert flow.active and flow.created_by == owner_a
    event = AuditEvent.objects.get(object_type="symbiosis.flow", object_id=str(flow.pk))
    assert event.action == "create" and event.firm_id == firm_a.pk
    assert event.changes["ewc"] == [None, "040222"]


def test_bad_input_saves_nothing(firm_a, owner_a):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        create_flow(firm=firm_a, user=owner_a, data=_cuttings(ewc="", quantity="-3"))
    assert set(caught.value.message_dict) == {"ewc", "quantity"}
    assert not Flow.objects.exists()
    assert not AuditEvent.objects.filter(object_type="symbiosis.flow").exists()


def test_ref_is_unique_per_firm(firm_a, firm_b, owner_a):
    create_flow(firm=firm_a, user=owner_a, data=_cuttings())
    with pytest.raises(ValidationError) as caught:
        create_flow(firm=firm_a, user=owner_a, data=_cuttings())
    assert "ref" in caught.value.message_dict
    create_flow(firm=firm_b, user=None, data=_cuttings())  # another firm may use it
    assert Flow.objects.count() == 2


def test_update_merges_and_audits_changes(firm_a, owner_a):
    flow = create_flow(firm=firm_a, user=owner_a, data=_cuttings())
    update_flow(flow, user=owner_a, data={"quantity": "2", "unit": "t", "period": "week"})
    flow.refresh_from_db()
    assert flow.amount_year == pytest.approx(104.0)
    assert flow.ref == "CUT-1" and flow.ewc == "040222"  # untouched fields stay
    event = AuditEvent.objects.filter(action="update", object_id=str(flow.pk)).get()
    assert set(event.changes) == {"quantity", "period"}
    update_flow(flow, user=owner_a, data={"ref": "CUT-1"})  # its own ref is fine, no change
    assert AuditEvent.objects.filter(action="update", object_id=str(flow.pk)).count() == 1


def test_archive_removes_open_suggestions_only(offer_a, carder_need, firm_b, owner_a):
    other_need = make_flow(firm_b, "need", "waste", "040222", accepted_ewc=["040222"])
    suggested = make_match(offer_a, carder_need)
    agreed = make_match(offer_a, other_need, Match.Status.AGREED)
    archive_flow(offer_a, user=owner_a)
    offer_a.refresh_from_db()
    assert not offer_a.active
    assert not Match.objects.filter(pk=suggested.pk).exists()
    assert Match.objects.filter(pk=agreed.pk).exists()
    event = AuditEvent.objects.get(action="archive_flow")
    assert event.changes["suggestions_removed"] == [None, 1]
    restore_flow(offer_a, user=owner_a)
    offer_a.refresh_from_db()
    assert offer_a.active


def test_writes_refresh_the_firm_after_commit(
    firm_a, owner_a, carder_need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        flow = create_flow(firm=firm_a, user=owner_a, data=_cuttings())
        update_flow(flow, user=owner_a, data={"quantity": "11"})
    assert len(callbacks) == 1  # one refresh for the firm, however many writes
    match = Match.objects.get(offer=flow)
    assert match.need == carder_need and match.status == Match.Status.SUGGESTED


def test_a_moved_site_carries_its_flows(offer_a, django_capture_on_commit_callbacks):
    site = offer_a.site
    with django_capture_on_commit_callbacks(execute=True):
        services.update_site(None, site, municipality=Municipality.objects.get(pk="100005"))
    offer_a.refresh_from_db()
    site.refresh_from_db()
    assert (offer_a.lat, offer_a.lon) == (site.lat, site.lon)
    assert offer_a.lat == pytest.approx(43.878, abs=0.05)


def test_merging_firms_keeps_the_flows(firm_a, firm_b, offer_a, admin):
    make_flow(firm_a, "need", "water", "", "Acqua", 10, "m3", ref="B-CONES")
    make_flow(firm_b, "offer", "by_product", "150102", "Coni", 1, "t", ref="B-CONES")
    duplicates.merge_firms(admin, firm_b, firm_a)
    flows = Flow.objects.order_by("id")
    assert flows.count() == 3
    assert {f.firm_id for f in flows} == {firm_b.pk}
    assert sorted(f.ref for f in flows) == ["A-CUT", "B-CONES", f"B-CONES-{flows[1].pk}"]


def test_merging_sites_keeps_the_flows(firm_a, offer_a, admin):
    keep = services.create_site(
        None,
        firm_a,
        name="Magazzino",
        address="Via Carpi 2",
        municipality=Municipality.objects.get(pk="036040"),
    )
    duplicates.merge_sites(admin, keep, offer_a.site)
    offer_a.refresh_from_db()
    assert offer_a.site == keep
    assert (offer_a.lat, offer_a.lon) == (keep.lat, keep.lon)


def test_one_refresh_per_firm_in_a_transaction(
    firm_a, firm_b, owner_a, owner_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_flow(firm=firm_a, user=owner_a, data=_cuttings())
        create_flow(firm=firm_b, user=owner_b, data=_cuttings())
        create_flow(firm=firm_a, user=owner_a, data=_cuttings(ref="CUT-2"))
    assert len(callbacks) == 1
    from filiera.symbiosis import tasks

    assert tasks.refreshes.pending == {firm_a.pk, firm_b.pk}
