"""Who may see and change a network: every private network URL against every persona.

The network (``factories_networks.network``) is in Carpi, led by firm A, with firm M as a
member. District staff and the people of member firms read it; the district's managers and
the owners and editors of the lead firm change it; only managers handle members and delete it;
everyone else gets 404 and anonymous visitors the login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.district.models import Network, NetworkDocument, NetworkMember
from tests.conftest import PERSONAS
from tests.district import factories_networks as fx

firm_m, owner_m, network = fx.firm_m, fx.owner_m, fx.network

EVERYONE = [*PERSONAS, "owner_m", "anonymous"]
READ = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a", "owner_m"}
EDIT = {"admin", "manager", "owner_a", "editor_a"}
MANAGE = {"admin", "manager"}


def client(request, client_for, persona):
    return client_for(None if persona == "anonymous" else request.getfixturevalue(persona))


def expected(persona: str, allowed: set[str], ok: int = 200) -> int:
    if persona == "anonymous":
        return 302
    if persona in allowed:
        return ok
    return 403 if persona in READ else 404


def _urls(network) -> dict[str, tuple[str, set[str]]]:
    service = network.services.get()
    project = network.projects.get()
    document = network.documents.get()
    pk = network.pk
    return {
        "detail": (reverse("network_detail", args=[pk]), READ),
        "document": (reverse("network_document", args=[pk, document.pk]), READ),
        "edit": (reverse("network_edit", args=[pk]), EDIT),
        "services": (reverse("network_services", args=[pk]), EDIT),
        "service_edit": (reverse("network_service_edit", args=[pk, service.pk]), EDIT),
        "projects": (reverse("network_projects", args=[pk]), EDIT),
        "project_edit": (reverse("network_project_edit", args=[pk, project.pk]), EDIT),
        "upload": (reverse("network_document_upload", args=[pk]), EDIT),
        "members": (reverse("network_members", args=[pk]), MANAGE),
        "delete": (reverse("network_delete", args=[pk]), MANAGE),
    }


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_page_of_a_network_by_persona(client_for, request, network, persona):
    browser = client(request, client_for, persona)
    for name, (url, allowed) in _urls(network).items():
        response = browser.get(url)
        assert response.status_code == expected(persona, allowed), (name, persona)
        if persona == "anonymous":
            assert reverse("login") in response["Location"], name


@pytest.mark.parametrize("persona", EVERYONE)
def test_creating_a_network_is_for_the_district_managers(client_for, request, carpi, persona):
    browser = client(request, client_for, persona)
    staff_denied = 403 if persona == "verifier" else 404
    status = 302 if persona == "anonymous" else 200 if persona in MANAGE else staff_denied
    for url in (
        reverse("network_create", args=[carpi.slug]),
        reverse("network_firm_options", args=[carpi.slug]) + "?firm=Maglificio",
    ):
        assert browser.get(url).status_code == status, url


@pytest.mark.parametrize("persona", EVERYONE)
def test_posts_are_refused_to_who_may_not_change(client_for, request, network, persona):
    browser = client(request, client_for, persona)
    pk = network.pk
    member = network.members.get(firm__legal_name__startswith="Maglieria Emme")
    service, project = network.services.get(), network.projects.get()
    document = network.documents.get()
    posts = [
        (reverse("network_service_delete", args=[pk, service.pk]), EDIT),
        (reverse("network_project_delete", args=[pk, project.pk]), EDIT),
        (reverse("network_document_delete", args=[pk, document.pk]), EDIT),
        (reverse("network_member_edit", args=[pk, member.pk]), MANAGE),
        (reverse("network_member_remove", args=[pk, member.pk]), MANAGE),
        (reverse("network_delete", args=[pk]), MANAGE),
    ]
    data = {f"m{member.pk}-role": "partner"}
    for url, allowed in posts:
        assert browser.post(url, data).status_code == expected(persona, allowed, 302), url
    survived = Network.objects.filter(pk=pk).exists()
    assert survived == (persona not in MANAGE)
    if persona not in EDIT:
        assert NetworkDocument.objects.filter(pk=document.pk).exists()
        assert NetworkMember.objects.filter(pk=member.pk, role="member").exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_list_shows_the_networks_a_person_may_see(client_for, request, network, persona):
    response = client(request, client_for, persona).get(reverse("network_list"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = f'data-network="{network.pk}"' in response.content.decode()
    assert shown == (persona in READ), persona


def test_the_list_filters_by_district_and_firm(client_for, manager, network, prato, firm_a, firm_b):
    other = fx.make_network(network.district, firm_b, name="Rete Ricamo")
    browser = client_for(manager)
    response = browser.get(reverse("network_list") + f"?firm={firm_a.pk}")
    html = response.content.decode()
    assert f'data-network="{network.pk}"' in html and f'data-network="{other.pk}"' not in html
    assert [n.member_count for n, _lead in response.context["rows"]] == [2]
    html = browser.get(reverse("network_list") + "?district=prato").content.decode()
    assert f'data-network="{network.pk}"' not in html
    html = browser.get(reverse("network_list") + "?district=carpi").content.decode()
    assert f'data-network="{network.pk}"' in html and f'data-network="{other.pk}"' in html


def test_a_firm_filter_on_a_firm_one_may_not_see_shows_nothing(
    client_for, owner_m, network, firm_a
):
    """Firm A leads M's network, but A's firm page is not M's owner's to see: filtering by a
    firm one may not see lists nothing (it tells nothing of that firm's networks)."""
    html = client_for(owner_m).get(reverse("network_list") + f"?firm={firm_a.pk}").content.decode()
    assert f'data-network="{network.pk}"' not in html


def test_the_detail_links_only_firm_pages_the_reader_may_see(client_for, owner_m, manager, network):
    firm_a = network.members.get(role="lead").firm
    link = reverse("firm_detail", args=[firm_a.pk])
    assert (
        link
        not in client_for(owner_m)
        .get(reverse("network_detail", args=[network.pk]))
        .content.decode()
    )
    assert (
        link
        in client_for(manager).get(reverse("network_detail", args=[network.pk])).content.decode()
    )


def test_a_lead_editor_sees_the_edit_links_and_a_member_does_not(
    client_for, editor_a, owner_m, network
):
    url = reverse("network_detail", args=[network.pk])
    edit = reverse("network_edit", args=[network.pk])
    members = reverse("network_members", args=[network.pk])
    html = client_for(editor_a).get(url).content.decode()
    assert edit in html and members not in html
    assert edit not in client_for(owner_m).get(url).content.decode()
