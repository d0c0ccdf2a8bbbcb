"""The public network pages of the showcase: only public networks of a published showcase, in
both languages; members named only when listed in the showcase, the others counted; never
documents, VAT numbers or unlisted firms' names."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from filiera.district.models import Network, ShowcaseEntry
from filiera.district.public import public_url
from filiera.registry.identifiers import italian_vat
from tests.district import factories_networks as fx

firm_m, owner_m, network = fx.firm_m, fx.owner_m, fx.network

PRIVATE_MARKER = "Rete Segreta QWX"


@pytest.fixture
def public_network(network, carpi_showcase, firm_a):
    network.public = True
    network.website = "https://rete.example"
    network.save()
    fx.showcase_entry(network.district, firm_a, name="Alfa Maglia")
    return network


@pytest.fixture
def private_network(carpi, firm_b):
    return fx.make_network(carpi, firm_b, name=PRIVATE_MARKER, purpose_it="Segreto.")


def page(client, name, lang="it", **kwargs):
    return client.get(public_url(name, lang, **kwargs))


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_public_list_shows_public_networks_only(client, public_network, private_network, lang):
    response = page(client, "showcase_networks", lang, slug="carpi")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == lang
    assert public_network.name in html and PRIVATE_MARKER not in html
    assert public_url("showcase_network", lang, slug="carpi", pk=public_network.pk) in html
    assert "csrfmiddlewaretoken" not in html and not response.cookies


def test_the_public_page_in_italian_and_english(client, public_network):
    html = page(
        client, "showcase_network", "it", slug="carpi", pk=public_network.pk
    ).content.decode()
    assert "Acquisti comuni di filato certificato." in html and "Laboratorio condiviso" in html
    assert "Passaporto comune" in html and "https://rete.example" in html
    html = page(
        client, "showcase_network", "en", slug="carpi", pk=public_network.pk
    ).content.decode()
    assert "Joint purchasing of certified yarn." in html and "Shared lab" in html
    assert "Common passport" in html and 'lang="en"' in html


def test_the_public_page_names_listed_members_only(client, public_network, firm_a, firm_m):
    response = page(client, "showcase_network", "en", slug="carpi", pk=public_network.pk)
    html = response.content.decode()
    assert "Alfa Maglia" in html
    assert firm_m.legal_name not in html and firm_a.legal_name not in html
    assert "And 1 more firm." in html
    for private in (
        fx.DOC_TITLE,
        fx.PRIVATE_DOC_NAME,
        firm_a.vat_display,
        firm_m.vat_display,
        "csrfmiddlewaretoken",
    ):
        assert private not in html, private
    assert (
        reverse("network_document", args=[public_network.pk, public_network.documents.get().pk])
        not in html
    )
    assert not response.cookies


def test_the_public_page_links_listed_members_when_their_page_exists(
    client, public_network, firm_a
):
    try:
        expected = public_url("showcase_firm", "it", slug="carpi", pk=firm_a.pk)
    except NoReverseMatch:  # the firm pages of the showcase are another part's
        pytest.skip("showcase_firm is not there yet")
    html = page(
        client, "showcase_network", "it", slug="carpi", pk=public_network.pk
    ).content.decode()
    assert f'href="{expected}"' in html


def test_a_public_rete_soggetto_shows_no_vat(client, public_network):
    public_network.kind = Network.Kind.ENTITY
    public_network.vat = italian_vat(31337)
    public_network.save()
    html = page(
        client, "showcase_network", "it", slug="carpi", pk=public_network.pk
    ).content.decode()
    assert public_network.vat not in html and public_network.vat.removeprefix("IT") not in html


def test_no_member_listed_counts_them_all(client, public_network):
    ShowcaseEntry.objects.all().delete()
    html = page(
        client, "showcase_network", "en", slug="carpi", pk=public_network.pk
    ).content.decode()
    assert "2 member firms." in html


def test_hidden_networks_have_no_public_page(
    client, public_network, private_network, carpi_showcase, prato
):
    assert page(client, "showcase_network", slug="carpi", pk=private_network.pk).status_code == 404
    assert page(client, "showcase_network", slug="prato", pk=public_network.pk).status_code == 404
    assert page(client, "showcase_network", slug="carpi", pk=999_999).status_code == 404
    carpi_showcase.published = False
    carpi_showcase.save()
    assert page(client, "showcase_network", slug="carpi", pk=public_network.pk).status_code == 404
    assert page(client, "showcase_networks", slug="carpi").status_code == 404


def test_the_private_page_links_the_public_one(client_for, editor_a, public_network):
    html = (
        client_for(editor_a)
        .get(reverse("network_detail", args=[public_network.pk]))
        .content.decode()
    )
    assert public_url("showcase_network", "it", slug="carpi", pk=public_network.pk) in html
