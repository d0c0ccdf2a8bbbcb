"""Who reaches each flow page: the firm's people and the staff of its district read; its owners
and editors (and the platform admin) change; everyone else gets 404; anonymous visitors are
sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.symbiosis.models import Flow
from tests.conftest import PERSONAS
from tests.symbiosis.factories_pages import flow_form

READ = ["flow_list"]
CHANGE = ["flow_create", "flow_edit", "flow_archive", "flow_ewc_suggest"]
EDITORS = {"admin", "owner_a", "editor_a"}
READERS = EDITORS | {"viewer_a", "manager", "verifier"}


def url(name: str, flow: Flow) -> str:
    if name in ("flow_list", "flow_create", "flow_ewc_suggest"):
        return reverse(name, args=[flow.firm_id])
    return reverse(name, args=[flow.firm_id, flow.pk])


def expected(persona: str, name: str) -> int:
    if persona in EDITORS:
        return 200
    if persona in READERS:
        return 200 if name in READ else 403
    return 404


@pytest.mark.parametrize("name", READ + CHANGE)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_for_every_persona(request, client_for, offer_a, persona, name):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url(name, offer_a), {"description": "ritagli di maglia"})
    assert response.status_code == expected(persona, name)


@pytest.mark.parametrize("name", [*READ, *CHANGE, "flow_restore"])
def test_anonymous_visitors_are_sent_to_log_in(client_for, offer_a, name):
    response = client_for(None).get(url(name, offer_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["flow_create", "flow_edit", "flow_archive", "flow_restore"])
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in EDITORS])
def test_posts_change_nothing_for_those_who_may_not(request, client_for, offer_a, persona, name):
    user = request.getfixturevalue(persona)
    if name == "flow_restore":
        Flow.objects.filter(pk=offer_a.pk).update(active=False)
    before = Flow.objects.get(pk=offer_a.pk)
    data = flow_form(offer_a.site, description="Cambiata", quantity="1")
    response = client_for(user).post(url(name, offer_a), data)
    assert response.status_code == (403 if persona in READERS else 404)
    after = Flow.objects.get(pk=offer_a.pk)
    assert (after.description, after.quantity, after.active) == (
        before.description,
        before.quantity,
        before.active,
    )
    assert Flow.objects.count() == 1


@pytest.mark.parametrize("persona", sorted(EDITORS))
def test_editors_post_each_change(request, client_for, offer_a, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    data = flow_form(offer_a.site, ref="A-CUT", quantity="7")
    assert client.post(url("flow_edit", offer_a), data).status_code == 302
    assert client.post(url("flow_archive", offer_a)).status_code == 302
    assert client.post(url("flow_restore", offer_a)).status_code == 302
    assert client.post(url("flow_create", offer_a), flow_form(offer_a.site)).status_code == 302
    offer_a.refresh_from_db()
    assert offer_a.active and str(offer_a.quantity) == "7.000"
    assert Flow.objects.count() == 2


def test_district_staff_of_another_district_see_nothing(client_for, prato_manager, carder_need):
    """The Prato manager reads the Prato carder's flows, not firm A's."""
    response = client_for(prato_manager).get(reverse("flow_list", args=[carder_need.firm_id]))
    assert response.status_code == 200
    assert [f.pk for f in response.context["needs"]] == [carder_need.pk]
