"""The showcase settings page: who sees it, who changes it, what it says and saves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.district.models import Showcase
from filiera.district.services.publishing import save_showcase
from tests.conftest import PERSONAS
from tests.district.factories_public import showcase

URL = "/d/carpi/showcase/"
# persona → status of GET (200 read-only or editable, 404 hidden)
SEES = {"admin", "manager", "verifier"}
EDITS = {"admin", "manager"}


def test_url_name():
    assert reverse("showcase_settings", args=["carpi"]) == URL


@pytest.mark.parametrize("persona", PERSONAS)
def test_settings_page_by_persona(request, persona, client_for, carpi, prato):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(URL)
    if persona not in SEES:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.content.decode()
    editable = persona in EDITS
    assert ('id="save-showcase"' in body) is editable
    assert ("<fieldset disabled>" in body) is (not editable)


def test_anonymous_goes_to_login(client, carpi):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_by_persona(request, persona, client_for, carpi, prato):
    user = request.getfixturevalue(persona)
    data = {"published": "on", "headline_it": "Maglia", "story_it": "Storia"}
    response = client_for(user).post(URL, data)
    expected = 302 if persona in EDITS else (403 if persona == "verifier" else 404)
    assert response.status_code == expected
    assert Showcase.objects.filter(district=carpi, published=True).exists() is (persona in EDITS)


def test_anonymous_post_goes_to_login(client, carpi):
    response = client.post(URL, {"published": "on", "headline_it": "x"})
    assert response.status_code == 302
    assert not Showcase.objects.exists()


def test_manager_publishes_and_it_is_audited(client_for, manager, carpi):
    response = client_for(manager).post(
        URL,
        {
            "published": "on",
            "headline_it": "Il distretto della maglia",
            "headline_en": "The knitwear district",
            "story_it": "Una storia.",
            "story_en": "A story.",
        },
    )
    assert response.status_code == 302
    found = Showcase.objects.get(district=carpi)
    assert found.published and found.headline_en == "The knitwear district"
    event = AuditEvent.objects.get(object_type="district.showcase")
    assert event.district_id == carpi.pk and event.actor == manager
    # Unpublishing is recorded as such.
    client_for(manager).post(URL, {"headline_it": "Il distretto della maglia"})
    found.refresh_from_db()
    assert not found.published
    assert AuditEvent.objects.filter(action="unpublish_showcase", district_id=carpi.pk).exists()


def test_publishing_needs_a_headline(client_for, manager, carpi):
    response = client_for(manager).post(URL, {"published": "on", "story_it": "Storia"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "headline_it" in form.errors
    assert not Showcase.objects.exists()


def test_too_long_headline_names_the_field(client_for, manager, carpi):
    response = client_for(manager).post(URL, {"headline_it": "x" * 201})
    assert response.status_code == 200
    assert "headline_it" in response.context["form"].errors
    assert not Showcase.objects.exists()


def test_service_refuses_without_saving(carpi, manager):
    showcase(carpi, published=False, headline_it="")
    with pytest.raises(UserError) as err:
        save_showcase(carpi, user=manager, data={"published": True})
    assert err.value.params["field"] == "headline_it"
    assert not Showcase.objects.get(district=carpi).published
    assert not AuditEvent.objects.filter(object_type="district.showcase").exists()


def test_no_change_records_nothing(carpi, manager):
    showcase(carpi)
    before = AuditEvent.objects.count()
    save_showcase(carpi, user=manager, data={"published": True})
    assert AuditEvent.objects.count() == before


def test_page_shows_addresses_and_widget(client_for, manager, carpi, settings):
    settings.SITE_URL = "https://filiera.example.org"
    showcase(carpi)
    response = client_for(manager).get(URL)
    body = response.content.decode()
    assert "https://filiera.example.org/showcase/carpi/" in body
    assert "https://filiera.example.org/en/showcase/carpi/" in body
    assert "https://filiera.example.org/showcase/carpi/firms.csv" in body
    assert "https://filiera.example.org/showcase/carpi/firms.jsonld" in body
    assert (
        "&lt;div data-filiera-showcase=&quot;carpi&quot;&gt;&lt;/div&gt;\n&lt;script "
        "src=&quot;https://filiera.example.org/showcase/carpi/widget.js&quot; async&gt;"
    ) in body
    assert "https://filiera.example.org/showcase/carpi/embed/" in body
    assert reverse("news_manage", args=["carpi"]) in body


def test_other_district_manager_cannot_reach_carpi(client_for, prato_manager, carpi):
    showcase(carpi)
    assert client_for(prato_manager).get(URL).status_code == 404
    assert client_for(prato_manager).get("/d/prato/showcase/").status_code == 200
