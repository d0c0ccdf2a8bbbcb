"""The showcase's good-practice pages: only while the showcase is published, only published
practices of that district, in both languages, never the experts' comments or names, the firm
only with consent, no cookies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.district.models import GoodPractice, Showcase
from filiera.district.public import public_url
from tests.conftest import PERSONAS
from tests.district import factories_practices as f

carpi_practice, carpi_draft, prato_practice = (
    f.carpi_practice,
    f.carpi_draft,
    f.prato_practice,
)


@pytest.fixture
def published(carpi_showcase, carpi_practice, carpi_draft, prato_practice, verifier, prato_manager):
    """Carpi's showcase with a practice evaluated twice (with comments), a draft, and a Prato
    practice."""
    f.evaluation(carpi_practice, verifier, (5, 4, 3, 2), comment="Commento riservato uno")
    f.evaluation(carpi_practice, prato_manager, (3, 4, 5, 2), comment="Commento riservato due")
    verifier.first_name, verifier.last_name = "Vera", "Verificanti"
    verifier.save()
    return carpi_practice


def list_url(lang="it"):
    return public_url("showcase_practices", lang, slug="carpi")


def detail_url(practice, lang="it", slug="carpi"):
    return public_url("showcase_practice", lang, slug=slug, pk=practice.pk)


def test_addresses_in_both_languages(published):
    assert list_url() == "/showcase/carpi/practices/"
    assert list_url("en") == "/en/showcase/carpi/practices/"
    assert detail_url(published) == f"/showcase/carpi/practices/{published.pk}/"
    assert reverse("showcase_practice", kwargs={"slug": "carpi", "pk": 1}).startswith("/showcase")


@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_the_list_shows_the_districts_published_practices_to_everyone(
    client_for, request, published, carpi_draft, prato_practice, persona
):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(list_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-practice="{published.pk}"' in html
    assert "Scarti in filato" in html
    assert "Bozza segreta" not in html  # the draft
    assert "Diagnosi energetica" not in html  # another district's practice


def test_the_english_list(client, published):
    html = client.get(list_url("en")).content.decode()
    assert "Offcuts into yarn" in html and '<html lang="en">' in html
    assert 'hreflang="it"' in html and 'data-rating="3.5"' in html


def test_the_detail_shows_marks_but_no_comments_or_names(client, published):
    response = client.get(detail_url(published, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Offcuts into yarn</h1>" in html
    assert 'data-evaluations="2"' in html
    assert 'data-criterion="relevance"' in html
    for secret in ("Commento riservato", "Vera", "Verificanti", "verifier", "prato_manager"):
        assert secret not in html, secret


def test_the_firm_is_named_only_with_consent(client, published, firm_a):
    for url in (list_url(), detail_url(published)):
        assert firm_a.legal_name not in client.get(url).content.decode()
    GoodPractice.objects.filter(pk=published.pk).update(firm_consents=True)
    for url in (list_url(), detail_url(published)):
        assert firm_a.legal_name in client.get(url).content.decode()


def test_drafts_and_other_districts_practices_are_not_found(
    client, published, carpi_draft, prato_practice
):
    assert client.get(detail_url(carpi_draft)).status_code == 404
    assert client.get(detail_url(prato_practice)).status_code == 404
    assert client.get(detail_url(published, slug="prato")).status_code == 404


def test_nothing_while_the_showcase_is_not_published(client, published):
    Showcase.objects.filter(district__slug="carpi").update(published=False)
    assert client.get(list_url()).status_code == 404
    assert client.get(detail_url(published)).status_code == 404


def test_no_showcase_no_pages(client, carpi_practice):
    assert client.get(list_url()).status_code == 404
    assert client.get(detail_url(carpi_practice)).status_code == 404


def test_a_practice_taken_back_to_draft_leaves_the_showcase(client, published):
    GoodPractice.objects.filter(pk=published.pk).update(status="draft")
    assert client.get(detail_url(published)).status_code == 404
    assert "Scarti in filato" not in client.get(list_url()).content.decode()


def test_public_pages_set_no_cookies_and_carry_no_form_token(client, published):
    for url in (list_url(), list_url("en"), detail_url(published), detail_url(published, "en")):
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert response["Content-Language"] in ("it", "en")


def test_the_italian_page_falls_back_for_missing_english(client, carpi_showcase, carpi):
    only_it = f.practice(carpi, title_it="Solo italiano", title_en="", summary_en="")
    html = client.get(detail_url(only_it, "en")).content.decode()
    assert "<h1>Solo italiano</h1>" in html


def test_adoption_counts_show(client, published, firm_b, prato):
    f.adoption(published, firm=firm_b)
    f.adoption(published, district=prato)
    html = client.get(detail_url(published)).content.decode()
    assert 'data-adoptions="2"' in html
    assert firm_b.legal_name not in html  # who adopted it is not public
