"""A firm's flows through the pages: the list, adding an offer or a need, the form's errors on
their fields, changing, archiving and restoring a flow, and the EWC code suggestion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Flow, Match
from tests.symbiosis.conftest import make_match
from tests.symbiosis.factories_pages import flow_form

EN = {"headers": {"accept-language": "en"}}


def test_the_list_shows_offers_and_needs(client_for, owner_a, firm_a, offer_a, need_a, offer_b):
    response = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk]), **EN)
    assert response.status_code == 200
    assert [f.pk for f in response.context["offers"]] == [offer_a.pk]
    assert [f.pk for f in response.context["needs"]] == [need_a.pk]
    body = response.content.decode()
    assert f'data-flow="{offer_a.pk}"' in body and f'data-flow="{offer_b.pk}"' not in body
    assert "04 02 22" in body
    assert reverse("flow_create", args=[firm_a.pk]) + "?direction=offer" in body
    assert reverse("flow_edit", args=[firm_a.pk, offer_a.pk]) in body


def test_viewers_read_the_list_without_buttons(client_for, viewer_a, firm_a, offer_a):
    response = client_for(viewer_a).get(reverse("flow_list", args=[firm_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and f'data-flow="{offer_a.pk}"' in body
    assert not response.context["can_edit"]
    assert reverse("flow_create", args=[firm_a.pk]) not in body
    assert reverse("flow_edit", args=[firm_a.pk, offer_a.pk]) not in body


def test_a_firm_without_sites_is_asked_for_one(client_for, owner_a, firm_a):
    firm_a.sites.all().delete()
    listing = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk]))
    assert 'id="no-sites"' in listing.content.decode()
    form = client_for(owner_a).get(reverse("flow_create", args=[firm_a.pk]))
    assert 'id="no-sites"' in form.content.decode()


def test_add_an_offer(client_for, owner_a, firm_a):
    site = firm_a.sites.get()
    page = client_for(owner_a).get(reverse("flow_create", args=[firm_a.pk]) + "?direction=need")
    assert page.context["form"].initial["direction"] == "need"
    assert page.context["form"].initial["site"] == site.pk
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), flow_form(site))
    assert response.status_code == 302
    assert response["Location"] == reverse("flow_list", args=[firm_a.pk])
    flow = Flow.objects.get()
    assert (flow.firm, flow.site, flow.direction, flow.kind) == (firm_a, site, "offer", "waste")
    assert (flow.ewc, flow.hazardous, flow.legal_status) == ("040222", False, "waste")
    assert flow.quantity == Decimal("12") and (flow.unit, flow.period) == ("t", "month")
    assert flow.amount_year == pytest.approx(144.0) and flow.base_unit == "t"
    assert (flow.lat, flow.lon) == (site.lat, site.lon)
    assert flow.attributes == {
        "fibre": "wool",
        "colour": "mixed",
        "construction": "knitted",
        "coated": False,
    }
    assert flow.accepted_ewc == [] and not flow.accepts_hazardous
    assert flow.max_distance_km == 120 and flow.created_by == owner_a
    assert AuditEvent.objects.filter(action="create", object_type="symbiosis.flow").exists()


def test_add_a_need_with_the_codes_of_its_permit(client_for, editor_a, firm_a):
    site = firm_a.sites.get()
    data = flow_form(
        site,
        direction="need",
        accepted_ewc="04 02 21, 040222;04 02 22",
        accepts_hazardous="on",
        elastane_pct="5",
        other_attributes="moisture=12%; bales=yes",
        ref="NEED-1",
    )
    response = client_for(editor_a).post(reverse("flow_create", args=[firm_a.pk]), data)
    assert response.status_code == 302
    flow = Flow.objects.get()
    assert flow.direction == "need" and flow.ref == "NEED-1"
    assert flow.accepted_ewc == ["040221", "040222"] and flow.accepts_hazardous
    assert flow.attributes["elastane_pct"] == 5.0
    assert flow.attributes["moisture"] == "12%" and flow.attributes["bales"] == "yes"


def test_an_offer_keeps_no_receiver_fields(client_for, owner_a, firm_a):
    data = flow_form(firm_a.sites.get(), accepted_ewc="04 02 22", accepts_hazardous="on")
    client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data)
    flow = Flow.objects.get()
    assert flow.accepted_ewc == [] and not flow.accepts_hazardous


def test_heat_needs_no_code(client_for, owner_a, firm_a):
    data = flow_form(
        firm_a.sites.get(), kind="energy", ewc="", unit="MWh", period="year", quantity="300"
    )
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data)
    assert response.status_code == 302
    flow = Flow.objects.get()
    assert (flow.kind, flow.ewc, flow.legal_status, flow.base_unit) == (
        "energy",
        "",
        "product",
        "MWh",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ewc": ""}, "ewc"),
        ({"ewc": "04 02 98"}, "ewc"),
        ({"unit": "MWh"}, "unit"),
        ({"available_from": "2026-05-01", "available_until": "2026-01-31"}, "available_until"),
        ({"other_attributes": "just words"}, "other_attributes"),
        ({"quantity": "-3"}, "quantity"),
        ({"max_distance_km": "0"}, "max_distance_km"),
        ({"description": " "}, "description"),
        ({"elastane_pct": "140"}, "elastane_pct"),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_saved(
    client_for, owner_a, firm_a, change, field
):
    data = flow_form(firm_a.sites.get(), **change)
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data, **EN)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'class="field-error"' in response.content.decode()
    assert not Flow.objects.exists()


def test_an_unknown_authorised_code_is_named(client_for, owner_a, firm_a):
    data = flow_form(firm_a.sites.get(), direction="need", accepted_ewc="04 02 22, 99 99 99")
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data, **EN)
    errors = response.context["form"].errors
    assert list(errors) == ["accepted_ewc"] and "99 99 99" in errors["accepted_ewc"][0]
    assert not Flow.objects.exists()


def test_another_firms_site_is_refused(client_for, owner_a, firm_a, firm_b):
    data = flow_form(firm_b.sites.get())
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data)
    assert list(response.context["form"].errors) == ["site"]
    assert not Flow.objects.exists()


def test_a_reference_is_used_once_per_firm(client_for, owner_a, firm_a, offer_a):
    data = flow_form(firm_a.sites.get(), ref=offer_a.ref)
    response = client_for(owner_a).post(reverse("flow_create", args=[firm_a.pk]), data, **EN)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["ref"]
    assert Flow.objects.count() == 1


def test_edit_shows_the_flow_and_saves_changes(client_for, owner_a, firm_a, offer_a):
    url = reverse("flow_edit", args=[firm_a.pk, offer_a.pk])
    page = client_for(owner_a).get(url)
    initial = page.context["form"].initial
    assert initial["ewc"] == "04 02 22" and initial["fibre"] == "wool"
    assert initial["construction"] == "knitted" and initial["ref"] == "A-CUT"
    data = flow_form(firm_a.sites.get(), quantity="80", period="year", ref="A-CUT", colour="grey")
    response = client_for(owner_a).post(url, data)
    assert response.status_code == 302
    offer_a.refresh_from_db()
    assert offer_a.quantity == Decimal("80") and offer_a.amount_year == pytest.approx(80.0)
    assert offer_a.attributes["colour"] == "grey"
    assert AuditEvent.objects.filter(action="update", object_type="symbiosis.flow").exists()


def test_a_flow_is_reached_only_through_its_own_firm(client_for, owner_a, owner_b, firm_a, offer_b):
    mixed = reverse("flow_edit", args=[firm_a.pk, offer_b.pk])
    assert client_for(owner_a).get(mixed).status_code == 404
    assert client_for(owner_b).get(mixed).status_code == 404


def test_archive_asks_first_then_withdraws_open_suggestions(
    client_for, owner_a, firm_a, offer_a, carder_need, need_a, offer_b
):
    suggested = make_match(offer_a, carder_need)
    exchange = make_match(offer_b, need_a, Match.Status.AGREED)
    url = reverse("flow_archive", args=[firm_a.pk, offer_a.pk])
    page = client_for(owner_a).get(url)
    assert page.status_code == 200 and page.context["open_matches"] == 1
    response = client_for(owner_a).post(url)
    assert response.status_code == 302
    offer_a.refresh_from_db()
    assert not offer_a.active
    assert not Match.objects.filter(pk=suggested.pk).exists()
    assert Match.objects.filter(pk=exchange.pk).exists()
    listing = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk]))
    assert offer_a not in listing.context["offers"]
    archived = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk]) + "?archived=1")
    assert list(archived.context["offers"]) == [offer_a]
    assert reverse("flow_restore", args=[firm_a.pk, offer_a.pk]) in archived.content.decode()


def test_restore_puts_an_archived_flow_back(client_for, owner_a, firm_a, offer_a):
    offer_a.active = False
    offer_a.save()
    response = client_for(owner_a).post(reverse("flow_restore", args=[firm_a.pk, offer_a.pk]))
    assert response.status_code == 302
    offer_a.refresh_from_db()
    assert offer_a.active


def test_the_form_asks_for_codes_while_the_description_is_typed(client_for, owner_a, firm_a):
    page = client_for(owner_a).get(reverse("flow_create", args=[firm_a.pk]))
    body = page.content.decode()
    suggest = reverse("flow_ewc_suggest", args=[firm_a.pk])
    assert f'hx-get="{suggest}"' in body and 'id="ewc-suggestions"' in body


def test_ewc_suggestions_for_a_description(client_for, owner_a, firm_a):
    url = reverse("flow_ewc_suggest", args=[firm_a.pk])
    response = client_for(owner_a).get(
        url, {"description": "Ritagli di maglieria in lana", "description_en": ""}, **EN
    )
    assert response.status_code == 200
    codes = [s["code"] for s in response.context["suggestions"]]
    assert len(codes) == 3 and "040222" in codes
    assert all(s["text"] for s in response.context["suggestions"])
    assert 'data-ewc="04 02 22"' in response.content.decode()


def test_ewc_suggestions_need_a_few_letters(client_for, owner_a, firm_a):
    url = reverse("flow_ewc_suggest", args=[firm_a.pk])
    response = client_for(owner_a).get(url, {"description": "ri"})
    assert response.status_code == 200 and response.context["suggestions"] == []
    assert "data-ewc" not in response.content.decode()


def test_the_firm_page_links_to_the_flows_for_its_people(client_for, firm_a, owner_a, viewer_a):
    flows = reverse("flow_list", args=[firm_a.pk])
    for user in (owner_a, viewer_a):
        body = client_for(user).get(firm_a.get_absolute_url()).content.decode()
        assert flows in body and 'id="symbiosis-link"' in body
