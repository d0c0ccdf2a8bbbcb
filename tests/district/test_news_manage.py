"""District news for managers: list, write, change, delete; who may; bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.district.demo_news import load as load_demo
from filiera.district.models import NewsItem
from filiera.district.services import news as service
from tests.conftest import PERSONAS
from tests.district.factories_public import news

LIST = "/d/carpi/news/"
SEES = {"admin", "manager", "verifier"}
EDITS = {"admin", "manager"}
NEW = {"title_it": "Nuovo corso", "body_it": "Testo.", "published": "on"}


def test_url_names():
    assert reverse("news_manage", args=["carpi"]) == LIST
    assert reverse("news_edit", args=[7]) == "/news/7/edit/"
    assert reverse("news_delete", args=[7]) == "/news/7/delete/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_by_persona(request, persona, client_for, carpi, prato):
    item = news(carpi, published=False, title_it="Bozza riservata")
    user = request.getfixturevalue(persona)
    response = client_for(user).get(LIST)
    if persona not in SEES:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bozza riservata" in body
    assert (reverse("news_edit", args=[item.pk]) in body) is (persona in EDITS)
    assert (response.context["form"] is not None) is (persona in EDITS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_by_persona(request, persona, client_for, carpi, prato):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(LIST, NEW)
    expected = 302 if persona in EDITS else (403 if persona == "verifier" else 404)
    assert response.status_code == expected
    assert NewsItem.objects.filter(district=carpi).exists() is (persona in EDITS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_and_delete_by_persona(request, persona, client_for, carpi, prato):
    item = news(carpi, title_it="Prima")
    user = request.getfixturevalue(persona)
    client = client_for(user)
    expected = 200 if persona in EDITS else (403 if persona == "verifier" else 404)
    assert client.get(f"/news/{item.pk}/edit/").status_code == expected
    changed = client.post(f"/news/{item.pk}/edit/", {**NEW, "title_it": "Dopo"})
    assert changed.status_code == (302 if persona in EDITS else expected)
    item.refresh_from_db()
    assert (item.title_it == "Dopo") is (persona in EDITS)
    deleted = client.post(f"/news/{item.pk}/delete/")
    assert deleted.status_code == (302 if persona in EDITS else expected)
    assert NewsItem.objects.filter(pk=item.pk).exists() is (persona not in EDITS)


def test_anonymous_goes_to_login(client, carpi):
    item = news(carpi)
    for url in (LIST, f"/news/{item.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(f"/news/{item.pk}/delete/").status_code == 302
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_delete_needs_post(client_for, manager, carpi):
    item = news(carpi)
    assert client_for(manager).get(f"/news/{item.pk}/delete/").status_code == 405
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_prato_news_hidden_from_carpi_manager(client_for, manager, prato):
    item = news(prato, title_it="Prato")
    assert client_for(manager).get(f"/news/{item.pk}/edit/").status_code == 404
    assert client_for(manager).post(f"/news/{item.pk}/delete/").status_code == 404
    assert client_for(manager).get("/d/prato/news/").status_code == 404


def test_manager_writes_news_audited_and_dated(client_for, manager, carpi):
    response = client_for(manager).post(LIST, {**NEW, "title_en": "New course", "body_en": "Text."})
    assert response.status_code == 302
    item = NewsItem.objects.get(district=carpi)
    assert item.published and item.published_on == timezone.localdate()
    assert item.created_by == manager and item.title_en == "New course"
    event = AuditEvent.objects.get(object_type="district.newsitem", action="create")
    assert event.district_id == carpi.pk
    assert event.changes["title_it"] == [None, "Nuovo corso"]


def test_empty_title_names_the_field(client_for, manager, carpi):
    response = client_for(manager).post(LIST, {"title_it": "", "body_it": "Testo"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["title_it"]
    assert 'id="id_title_it"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not NewsItem.objects.exists()


def test_bad_date_names_the_field(client_for, manager, carpi):
    response = client_for(manager).post(LIST, {**NEW, "published_on": "31/31/2026"})
    assert response.status_code == 200
    assert "published_on" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_edit_unpublishes_and_records_it(client_for, manager, carpi):
    item = news(carpi, title_it="Uno", body_it="Testo")
    response = client_for(manager).post(
        f"/news/{item.pk}/edit/",
        {
            "title_it": "Uno",
            "title_en": item.title_en,
            "body_it": "Testo",
            "body_en": item.body_en,
            "published_on": item.published_on.isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.published
    assert AuditEvent.objects.filter(action="unpublish_news", object_id=str(item.pk)).exists()


def test_edit_with_empty_text_saves_nothing(client_for, manager, carpi):
    item = news(carpi, title_it="Uno", body_it="Testo")
    response = client_for(manager).post(f"/news/{item.pk}/edit/", {"title_it": "Due"})
    assert response.status_code == 200
    assert "body_it" in response.context["form"].errors
    item.refresh_from_db()
    assert item.title_it == "Uno"


def test_delete_is_audited(client_for, manager, carpi):
    item = news(carpi, title_it="Via")
    client_for(manager).post(f"/news/{item.pk}/delete/")
    event = AuditEvent.objects.get(action="delete", object_type="district.newsitem")
    assert event.district_id == carpi.pk and event.changes["title_it"] == ["Via", None]


def test_service_names_the_field(carpi, manager):
    for data, field in (
        ({"title_it": " ", "body_it": "x"}, "title_it"),
        ({"title_it": "x", "body_it": ""}, "body_it"),
        ({"title_it": "x" * 201, "body_it": "x"}, "title_it"),
        ({"title_it": "x", "body_it": "x", "published_on": "tomorrow"}, "published_on"),
    ):
        with pytest.raises(UserError) as err:
            service.create_news(carpi, user=manager, data=data)
        assert err.value.params["field"] == field
    assert not NewsItem.objects.exists()


def test_demo_news_idempotent(carpi):
    assert load_demo(carpi) == {"news": 4}
    assert load_demo(carpi) == {"news": 0}
    items = NewsItem.objects.filter(district=carpi, published=True)
    assert items.count() == 4
    assert all(item.title_en and item.body_en for item in items)
