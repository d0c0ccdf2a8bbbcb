"""The public events pages of the showcase: only public events, nothing private."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from filiera.district.models import Event, EventMaterial, Showcase
from filiera.district.public import public_url
from tests.district import factories_events as fixtures

SECRET_NAME = "Zebedeo-Segreto"


@pytest.fixture
def world(carpi, carpi_showcase, prato, owner_a, firm_a):
    """Public, private, cancelled, past and other-district events, with a registration and a
    material that must never show."""
    owner_a.first_name = SECRET_NAME
    owner_a.save()
    shown = fixtures.make_event(
        carpi,
        public=True,
        capacity=30,
        online_url=fixtures.ONLINE,
        title_it="Fiera del distretto",
        title_en="District fair",
        description_it="Stand delle imprese.",
        description_en="Firms' stands.",
    )
    fixtures.register(shown, owner_a, firm=firm_a)
    EventMaterial.objects.create(event=shown, title="Materiale-Riservato", url="https://x.test/m")
    return {
        "shown": shown,
        "italian_only": fixtures.make_event(
            carpi, days=3, public=True, title_it="Seminario solo italiano", title_en=""
        ),
        "past": fixtures.make_event(carpi, days=-20, public=True, title_it="Laboratorio passato"),
        "old": fixtures.make_event(carpi, days=-800, public=True, title_it="Evento-Antico"),
        "private": fixtures.make_event(carpi, title_it="Evento-Privato"),
        "cancelled": fixtures.make_event(
            carpi, public=True, cancelled=True, title_it="Evento-Annullato"
        ),
        "elsewhere": fixtures.make_event(prato, public=True, title_it="Evento-Prato"),
    }


PRIVATE_MARKS = [SECRET_NAME, "Materiale-Riservato", fixtures.ONLINE, "owner_a@example.test"]


def get(client_for, url):
    response = client_for(None).get(url)
    assert "Set-Cookie" not in response.headers, url
    assert not response.cookies, url
    return response


def test_list_in_both_languages(client_for, world):
    it = get(client_for, public_url("showcase_events", "it", slug="carpi"))
    en = get(client_for, public_url("showcase_events", "en", slug="carpi"))
    assert it.status_code == en.status_code == 200
    assert it["Content-Language"] == "it" and en["Content-Language"] == "en"
    it_html, en_html = it.content.decode(), en.content.decode()
    assert "Fiera del distretto" in it_html and "District fair" in en_html
    assert "Seminario solo italiano" in en_html  # Italian when the English text is missing
    assert "Laboratorio passato" in it_html  # recent past
    for absent in ("Evento-Antico", "Evento-Privato", "Evento-Annullato", "Evento-Prato"):
        assert absent not in it_html and absent not in en_html
    for mark in PRIVATE_MARKS:
        assert mark not in it_html and mark not in en_html
    assert "csrfmiddlewaretoken" not in it_html
    assert public_url("showcase_events_ics", "it", slug="carpi") in it_html
    assert public_url("showcase_event", "en", slug="carpi", pk=world["shown"].pk) in en_html


def test_event_page(client_for, world):
    shown = world["shown"]
    response = get(client_for, public_url("showcase_event", "en", slug="carpi", pk=shown.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "District fair" in html and "Firms&#x27; stands." in html
    assert "29" in html  # seats left of 30
    for mark in PRIVATE_MARKS:
        assert mark not in html
    assert public_url("showcase_event_ics", "en", slug="carpi", pk=shown.pk) in html
    login = response.context["login_url"]
    assert login.startswith(reverse("login"))
    assert parse_qs(urlsplit(login).query)["next"] == [reverse("event_detail", args=[shown.pk])]
    assert 'hreflang="it"' in html and 'lang="en"' in html


def test_cancelled_public_event_says_so(client_for, world):
    url = public_url("showcase_event", "it", slug="carpi", pk=world["cancelled"].pk)
    response = get(client_for, url)
    assert response.status_code == 200
    assert response.context["event"].cancelled
    assert response.context["login_url"] not in response.content.decode()


@pytest.mark.parametrize("key", ["private", "elsewhere"])
def test_non_public_or_foreign_event_is_404(client_for, world, key):
    for lang in ("it", "en"):
        for name in ("showcase_event", "showcase_event_ics"):
            url = public_url(name, lang, slug="carpi", pk=world[key].pk)
            assert client_for(None).get(url).status_code == 404, (name, lang)


def test_unpublished_showcase_is_404(client_for, world):
    Showcase.objects.update(published=False)
    for url in (
        public_url("showcase_events", "it", slug="carpi"),
        public_url("showcase_event", "it", slug="carpi", pk=world["shown"].pk),
        public_url("showcase_events_ics", "it", slug="carpi"),
    ):
        assert client_for(None).get(url).status_code == 404


def test_unpublished_fields_never_appear(client_for, world):
    """Making an event private takes it off every public page at once."""
    shown = world["shown"]
    Event.objects.filter(pk=shown.pk).update(public=False)
    listing = get(client_for, public_url("showcase_events", "it", slug="carpi"))
    assert "Fiera del distretto" not in listing.content.decode()
    feed = get(client_for, public_url("showcase_events_ics", "it", slug="carpi"))
    assert "Fiera del distretto" not in feed.content.decode()
    page = public_url("showcase_event", "it", slug="carpi", pk=shown.pk)
    assert client_for(None).get(page).status_code == 404


def test_empty_list(client_for, carpi_showcase):
    response = get(client_for, public_url("showcase_events", "en", slug="carpi"))
    assert response.status_code == 200
    assert response.context["upcoming"] == [] and response.context["past"] == []
