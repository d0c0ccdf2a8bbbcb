"""Who reaches each events page: personas on every URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.district import events_access as access
from filiera.district.models import EventMaterial, Registration
from tests.conftest import PERSONAS
from tests.district import factories_events as fixtures

event = fixtures.event

# The staff of Carpi and the people of its firms (firm B is in Carpi too) see its events.
SEES = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a", "owner_b"}
MANAGES = {"admin", "manager"}


def expected(persona: str, *, manage: bool) -> int:
    if persona not in SEES:
        return 404
    if manage and persona not in MANAGES:
        return 403
    return 200


@pytest.fixture
def material(event):
    return EventMaterial.objects.create(event=event, title="Slides", url="https://x.test/s")


def urls(event, material):
    """(name, url, manage, method) of every private events page."""
    pk = event.pk
    return [
        ("detail", reverse("event_detail", args=[pk]), False, "get"),
        ("ics", reverse("event_ics", args=[pk]), False, "get"),
        ("edit", reverse("event_edit", args=[pk]), True, "get"),
        ("attendance", reverse("event_attendance", args=[pk]), True, "get"),
        ("attendance_csv", reverse("event_attendance_csv", args=[pk]), True, "get"),
        ("materials", reverse("event_materials", args=[pk]), True, "get"),
        ("create", reverse("event_create", args=[event.district.slug]), True, "get"),
        ("cancel", reverse("event_cancel", args=[pk]), True, "post"),
        ("material_delete", reverse("event_material_delete", args=[pk, material.pk]), True, "post"),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_by_persona(request, client_for, persona, event, material):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for name, url, manage, method in urls(event, material):
        response = getattr(client, method)(url)
        want = expected(persona, manage=manage)
        if method == "post" and want == 200:
            assert response.status_code == 302, (persona, name)
        else:
            assert response.status_code == want, (persona, name, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_register_and_unregister_by_persona(request, client_for, persona, event):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    register = client.post(reverse("event_register", args=[event.pk]))
    unregister = client.post(reverse("event_unregister", args=[event.pk]))
    if persona in SEES:
        assert (register.status_code, unregister.status_code) == (302, 302)
        found = Registration.objects.get(event=event, user=user)
        assert found.status == Registration.Status.CANCELLED
    else:
        assert (register.status_code, unregister.status_code) == (404, 404)
        assert not Registration.objects.filter(event=event).exists()


def test_anonymous_visitors_are_sent_to_log_in(client_for, event, material):
    client = client_for(None)
    pages = [(u, m) for _n, u, _manage, m in urls(event, material)]
    pages += [
        (reverse("event_calendar"), "get"),
        (reverse("event_register", args=[event.pk]), "post"),
        (reverse("event_unregister", args=[event.pk]), "post"),
        (reverse("event_material", args=[event.pk, material.pk]), "get"),
    ]
    for url, method in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert not Registration.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_materials_only_for_staff_and_registered(request, client_for, persona, event, material):
    user = request.getfixturevalue(persona)
    url = reverse("event_material", args=[event.pk, material.pk])
    staff = {"admin", "manager", "verifier"}
    response = client_for(user).get(url)
    assert response.status_code == (302 if persona in staff else 404)
    if persona in SEES - staff:
        fixtures.register(event, user)
        assert client_for(user).get(url).status_code == 302
        Registration.objects.filter(event=event, user=user).update(status="cancelled")
        assert client_for(user).get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_calendar_lists_only_visible_events(request, client_for, persona, event, prato):
    prato_event = fixtures.make_event(prato, title_it="Fiera di Prato", title_en="")
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("event_calendar"), headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    sees_carpi = persona in SEES
    sees_prato = persona in {"admin", "prato_manager", "brand_owner"}
    assert (f'data-event="{event.pk}"' in html) is sees_carpi
    assert (f'data-event="{prato_event.pk}"' in html) is sees_prato
    assert ("Fiera di Prato" in html) is sees_prato


def test_access_helpers(carpi, prato, owner_a, owner_b, verifier, brand_owner, firm_a, firm_b):
    assert set(access.registration_firms(owner_a, carpi)) == {firm_a}
    assert list(access.registration_firms(owner_a, prato)) == []
    assert not access.is_staff_of(owner_a, carpi)
    assert access.is_staff_of(verifier, carpi)
    assert access.event_district_ids(brand_owner) == {prato.pk}
    assert access.event_district_ids(owner_b) == {carpi.pk}


def test_new_event_links_for_managers_only(client_for, manager, verifier, carpi):
    url = reverse("event_create", args=[carpi.slug])
    assert url in client_for(manager).get(reverse("event_calendar")).content.decode()
    assert url not in client_for(verifier).get(reverse("event_calendar")).content.decode()
