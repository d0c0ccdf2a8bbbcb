"""A firm's public profile page and its messages from visitors: who may read, who may change."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.district.models import ContactRequest, PublicProfile, ShowcaseEntry
from tests.district.conftest import publish, scored
from tests.district.factories_showcase import clear_cache, refreshed

pytestmark = pytest.mark.usefixtures("clear_cache")
__all__ = ["clear_cache"]

EDITORS = ["owner_a", "editor_a", "admin"]
READERS = ["viewer_a", "manager", "verifier"]
HIDDEN = ["owner_b", "brand_owner", "outsider", "prato_manager"]
FORM = {
    "listed": "on",
    "summary_it": "Maglificio zxqprofile",
    "summary_en": "Knitting mill",
    "products_it": "maglioni",
    "products_en": "sweaters",
    "capacity_it": "",
    "capacity_en": "",
    "show_processes": "on",
    "show_municipality": "on",
    "accepts_contacts": "on",
}


@pytest.fixture
def personas(request):
    return {name: request.getfixturevalue(name) for name in EDITORS + READERS + HIDDEN}


def profile_url(firm) -> str:
    return f"/firms/{firm.pk}/showcase/"


@pytest.mark.parametrize("who", EDITORS + READERS + HIDDEN + ["anonymous"])
def test_profile_page_personas(client_for, firm_a, personas, who):
    user = personas.get(who)
    response = client_for(user).get(profile_url(firm_a))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    if who in HIDDEN:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="summary_it"' in html
    disabled = 'name="summary_it" cols="40" rows="4" disabled' in html or (
        "disabled" in html.split('name="summary_it"')[1].split(">")[0]
    )
    assert disabled == (who in READERS)
    assert ("/publication/" in html) == (who in EDITORS)


@pytest.mark.parametrize("who", EDITORS + READERS + HIDDEN)
def test_only_owners_and_editors_save(client_for, firm_a, personas, who):
    response = client_for(personas[who]).post(profile_url(firm_a), FORM)
    expected = 302 if who in EDITORS else 404 if who in HIDDEN else 403
    assert response.status_code == expected
    assert PublicProfile.objects.filter(firm=firm_a).exists() == (who in EDITORS)


def test_saving_lists_the_firm_and_is_audited(
    client_for, firm_a, owner_a, carpi_showcase, django_capture_on_commit_callbacks
):
    scored(firm_a)
    publish(firm_a, grade=True, certificates=False)
    with refreshed(django_capture_on_commit_callbacks):
        response = client_for(owner_a).post(profile_url(firm_a), FORM)
    assert response.status_code == 302
    profile = PublicProfile.objects.get(firm=firm_a)
    assert profile.listed and not profile.show_website and profile.products_en == "sweaters"
    assert AuditEvent.objects.filter(action="public_profile", firm_id=firm_a.pk).exists()
    entry = ShowcaseEntry.objects.get(firm=firm_a)
    assert entry.grade == "B" and entry.website == "" and entry.summary_it.endswith("zxqprofile")
    html = client_for(owner_a).get(profile_url(firm_a)).content.decode()
    assert f"/showcase/carpi/firms/{firm_a.pk}/" in html
    assert f"/en/showcase/carpi/firms/{firm_a.pk}/" in html
    with refreshed(django_capture_on_commit_callbacks):
        client_for(owner_a).post(profile_url(firm_a), {**FORM, "listed": ""})
    assert not ShowcaseEntry.objects.exists()


def test_page_shows_the_scorecard_choices_and_a_preview(
    client_for, firm_a, owner_a, carpi_showcase
):
    scored(firm_a)
    publish(firm_a, grade=True, certificates=False)
    html = client_for(owner_a).get(profile_url(firm_a), headers={"accept-language": "en"})
    text = html.content.decode()
    assert "Grade: <strong>shown</strong>" in text
    assert "Valid certificates: <strong>hidden</strong>" in text
    assert f"/firms/{firm_a.pk}/publication/" in text
    assert 'id="preview"' in text and "firm-card" in text


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner_a", 200), ("editor_a", 200), ("viewer_a", 403), ("manager", 403), ("outsider", 404)],
)
def test_preview_of_unsaved_choices(client_for, firm_a, personas, carpi_showcase, who, status):
    scored(firm_a)
    publish(firm_a, grade=True)
    data = {**FORM, "products_it": "cardigan zxqpreview", "show_processes": ""}
    response = client_for(personas[who]).post(f"/firms/{firm_a.pk}/showcase/preview/", data)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "zxqpreview" in html and "Maglieria a forma" not in html
        assert not PublicProfile.objects.exists()  # nothing saved


# Messages from visitors ------------------------------------------------------------------------


@pytest.fixture
def message(firm_a, carpi):
    return ContactRequest.objects.create(
        firm=firm_a, district=carpi, name="Visitatore", email="v@example.test", message="zxqbody"
    )


@pytest.mark.parametrize("who", EDITORS + READERS + HIDDEN + ["anonymous"])
def test_contacts_page_personas(client_for, firm_a, personas, message, who):
    response = client_for(personas.get(who)).get(f"/firms/{firm_a.pk}/contacts/")
    if who == "anonymous":
        assert response.status_code == 302
    elif who in HIDDEN:
        assert response.status_code == 404
    elif who in ("manager", "verifier"):
        assert response.status_code == 403  # district staff do not read the firm's mail
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert "zxqbody" in html
        assert ("Mark as read" in html or "Segna come letto" in html) == (who in EDITORS)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner_a", 302),
        ("editor_a", 302),
        ("viewer_a", 403),
        ("manager", 403),
        ("owner_b", 404),
    ],
)
def test_mark_as_read(client_for, firm_a, personas, message, who, status):
    response = client_for(personas[who]).post(f"/firms/{firm_a.pk}/contacts/{message.pk}/read/")
    assert response.status_code == status
    message.refresh_from_db()
    assert (message.read_at is not None) == (status == 302)


def test_mark_read_and_unread_with_htmx(client_for, firm_a, owner_a, message, firm_b, carpi):
    client = client_for(owner_a)
    url = f"/firms/{firm_a.pk}/contacts/{message.pk}/read/"
    response = client.post(url, {"read": "1"}, headers={"hx-request": "true"})
    assert response.status_code == 200 and f'id="contact-{message.pk}"' in response.content.decode()
    message.refresh_from_db()
    assert message.read_at is not None
    client.post(url, {"read": "0"})
    message.refresh_from_db()
    assert message.read_at is None
    assert AuditEvent.objects.filter(action__in=["contact_read", "contact_unread"]).count() == 2
    other = ContactRequest.objects.create(
        firm=firm_b, district=carpi, name="X", email="x@example.test", message="other firm"
    )
    client.post(f"/firms/{firm_a.pk}/contacts/{other.pk}/read/")  # another firm's message
    other.refresh_from_db()
    assert other.read_at is None
