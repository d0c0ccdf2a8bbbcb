"""The library and a practice's page: who sees what (published for every signed-in user,
drafts only for the origin district's staff), the filters, and what cards and pages show
(firm only with consent, averages, adoption counts, comments only for district staff)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from filiera.district.models import GoodPractice
from tests.conftest import PERSONAS
from tests.district import factories_practices as f

carpi_practice, carpi_draft, prato_practice = (
    f.carpi_practice,
    f.carpi_draft,
    f.prato_practice,
)
LIST = reverse("practice_list")


def card_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="practice-card" data-practice="(\d+)"', html)]


def section(html: str, element_id: str) -> str:
    start = html.find(f'id="{element_id}"')
    if start < 0:
        return ""
    return html[start : html.find("</section>", start)]


@pytest.fixture
def library(carpi_practice, carpi_draft, prato_practice):
    return carpi_practice, carpi_draft, prato_practice


# The list --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_user_reads_the_published_practices_of_all_districts(
    client_for, request, library, persona
):
    published, draft, other = library
    html = client_for(request.getfixturevalue(persona)).get(LIST).content.decode()
    shown = card_ids(section(html, "practice-library"))
    assert set(shown) == {published.pk, other.pk}
    drafts = card_ids(section(html, "practice-drafts"))
    assert drafts == ([draft.pk] if persona in f.CARPI_STAFF else [])
    assert ("Bozza segreta" in html) == (persona in f.CARPI_STAFF)


def test_anonymous_visitors_are_sent_to_sign_in(client_for, library):
    published, draft, _other = library
    for url in (
        LIST,
        reverse("practice_detail", args=[published.pk]),
        reverse("practice_detail", args=[draft.pk]),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_filters(client_for, owner_b, library, carpi, prato):
    published, _draft, other = library
    client = client_for(owner_b)

    def shown(**params) -> set[int]:
        html = client.get(LIST, params).content.decode()
        return set(card_ids(section(html, "practice-library")))

    assert shown(theme="networks") == {other.pk}
    assert shown(theme="eco_innovation") == {published.pk}
    assert shown(area="environment") == {other.pk}
    assert shown(area="circularity") == {published.pk}
    assert shown(district=str(carpi.pk)) == {published.pk}
    assert shown(district=str(prato.pk)) == {other.pk}
    assert shown(q="energetica") == {other.pk}
    assert shown(q="offcuts") == {published.pk}  # the English text counts too
    assert shown(q="Bozza") == set()  # drafts never come through the search
    assert shown(theme="nonsense", area="nowhere") == {published.pk, other.pk}


def test_the_area_filter_offers_the_methodologys_areas(client_for, owner_b, library):
    html = client_for(owner_b).get(LIST, headers=f.EN).content.decode()
    for code in ("environment", "chemicals", "social", "ethics", "circularity", "traceability"):
        assert f'<option value="{code}"' in html
    assert "Circularity and waste" in html


def test_cards_show_firm_only_with_consent_the_rating_and_adoptions(
    client_for, owner_b, verifier, prato_manager, library, firm_a, firm_b
):
    published, _draft, _other = library
    f.evaluation(published, verifier, (5, 4, 3, 4))  # 4.0
    f.evaluation(published, prato_manager, (3, 3, 3, 3))  # 3.0
    f.adoption(published, firm=firm_b)
    html = client_for(owner_b).get(LIST, headers=f.EN).content.decode()
    card = html[html.index(f'data-practice="{published.pk}"') :]
    card = card[: card.index("</article>")]
    assert 'data-rating="3.5"' in card and "2 evaluations" in card
    assert 'data-adoptions="1"' in card
    assert firm_a.legal_name not in html
    GoodPractice.objects.filter(pk=published.pk).update(firm_consents=True)
    html = client_for(owner_b).get(LIST).content.decode()
    assert firm_a.legal_name in html


def test_the_list_is_in_the_readers_language(client_for, owner_b, library):
    assert "Offcuts into yarn" in client_for(owner_b).get(LIST, headers=f.EN).content.decode()
    html = client_for(owner_b).get(LIST, headers={"accept-language": "it"}).content.decode()
    assert "Scarti in filato" in html


def test_managers_get_the_new_practice_button(client_for, request, library):
    for persona in PERSONAS:
        html = client_for(request.getfixturevalue(persona)).get(LIST).content.decode()
        assert ('id="practice-new"' in html) == (persona in f.MANAGERS), persona


# A practice's page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_practice_is_read_by_everyone_a_draft_by_its_district_staff(
    client_for, request, library, persona
):
    published, draft, _other = library
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("practice_detail", args=[published.pk])).status_code == 200
    expected = 200 if persona in f.CARPI_STAFF else 404
    assert client.get(reverse("practice_detail", args=[draft.pk])).status_code == expected


def test_the_page_shows_averages_counts_and_the_language_of_the_reader(
    client_for, owner_b, verifier, prato_manager, carpi, firm_b, carpi_practice
):
    f.evaluation(carpi_practice, verifier, (5, 4, 3, 2), comment="Ottima idea")
    f.evaluation(carpi_practice, prato_manager, (3, 4, 5, 2), comment="Da provare a Prato")
    f.adoption(carpi_practice, firm=firm_b)
    f.adoption(carpi_practice, district=carpi)
    url = reverse("practice_detail", args=[carpi_practice.pk])
    html = client_for(owner_b).get(url, headers=f.EN).content.decode()
    assert "<h1>Offcuts into yarn</h1>" in html
    assert 'data-evaluations="2"' in html
    for code, value in (("relevance", "4.00"), ("concreteness", "4.00"), ("added_value", "4.00")):
        assert re.search(rf'data-criterion="{code}">.*?data-value="{value}"', html, re.S), code
    assert re.search(r'data-criterion="transferability">.*?data-value="2.00"', html, re.S)
    assert 'data-by-firms="1"' in html and 'data-by-districts="1"' in html
    # Comments are for district staff only.
    assert "Ottima idea" not in html and "Da provare" not in html
    assert 'data-question="CIR-2.02"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_comments_are_read_by_district_staff_only(
    client_for, request, verifier, carpi_practice, persona
):
    f.evaluation(carpi_practice, verifier, comment="Commento riservato")
    url = reverse("practice_detail", args=[carpi_practice.pk])
    html = client_for(request.getfixturevalue(persona)).get(url).content.decode()
    assert ("Commento riservato" in html) == (persona in f.EXPERTS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_origin_firm_is_named_only_with_consent(
    client_for, request, firm_a, carpi_practice, persona
):
    url = reverse("practice_detail", args=[carpi_practice.pk])
    user = request.getfixturevalue(persona)
    html = client_for(user).get(url).content.decode()
    # Without consent only the managers of the origin district (who wrote it) see the name,
    # marked as hidden from others; nobody else, not even the firm's own people.
    named = "data-hidden-firm" in html
    assert named == (persona in {"admin", "manager"})
    assert "data-firm>" not in html
    if not named:
        assert firm_a.legal_name not in f.visible_text(html)
    GoodPractice.objects.filter(pk=carpi_practice.pk).update(firm_consents=True)
    html = client_for(user).get(url).content.decode()
    assert f"data-firm>{firm_a.legal_name}" in html


def test_district_staff_see_which_of_their_firms_adopted_it(
    client_for, manager, prato_manager, owner_b, firm_a, firm_b, brand_c, prato_practice
):
    f.adoption(prato_practice, firm=firm_b)
    f.adoption(prato_practice, firm=brand_c)
    url = reverse("practice_detail", args=[prato_practice.pk])
    carpi_view = section(client_for(manager).get(url).content.decode(), "adoptions")
    assert firm_b.legal_name in carpi_view and brand_c.legal_name not in carpi_view
    prato_view = section(client_for(prato_manager).get(url).content.decode(), "adoptions")
    assert brand_c.legal_name in prato_view and firm_b.legal_name not in prato_view
    own_view = section(client_for(owner_b).get(url).content.decode(), "adoptions")
    assert firm_b.legal_name in own_view and brand_c.legal_name not in own_view
    assert 'data-adoptions="2"' in own_view


def test_the_practice_page_is_in_english_with_italian_fallback(
    client_for, owner_b, carpi, base_version
):
    only_it = f.practice(carpi, title_it="Solo italiano", title_en="", body_en="")
    html = (
        client_for(owner_b)
        .get(reverse("practice_detail", args=[only_it.pk]), headers=f.EN)
        .content.decode()
    )
    assert "<h1>Solo italiano</h1>" in html
