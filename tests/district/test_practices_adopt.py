"""Adoptions: a firm's owners and editors adopt for their firm, district managers for their
district; never for someone else's; duplicates answer kindly; counts follow; the same people
withdraw."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.district.models import PracticeAdoption
from filiera.district.services import practices as services
from tests.conftest import PERSONAS
from tests.district import factories_practices as f

carpi_practice, carpi_draft, prato_practice = (
    f.carpi_practice,
    f.carpi_draft,
    f.prato_practice,
)


def adopt_url(practice) -> str:
    return reverse("practice_adopt", args=[practice.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# For firm B (Carpi, owner_b) on the Prato practice: who may adopt, who gets 404 or 403.
FIRM_B_ADOPT = {
    "admin": 302,
    "owner_b": 302,
    "manager": 403,  # sees firm B (its district) but does not edit it for the firm
    "verifier": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_firm_editors_adopt_for_their_firm(
    client_for, request, firm_b, prato_practice, persona
):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(adopt_url(prato_practice), {"firm": firm_b.pk})
    assert response.status_code == FIRM_B_ADOPT.get(persona, 404)
    adopted = PracticeAdoption.objects.filter(practice=prato_practice, firm=firm_b).exists()
    assert adopted == (persona in {"admin", "owner_b"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_district_managers_adopt_for_their_district(
    client_for, request, carpi, prato_practice, persona
):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(adopt_url(prato_practice), {"adopter": f"district-{carpi.pk}"})
    expected = 302 if persona in {"admin", "manager"} else 403 if persona == "verifier" else 404
    assert response.status_code == expected
    adopted = PracticeAdoption.objects.filter(practice=prato_practice, district=carpi).exists()
    assert adopted == (persona in {"admin", "manager"})


def test_anonymous_visitors_are_sent_to_sign_in(client_for, firm_b, prato_practice):
    response = client_for(None).post(adopt_url(prato_practice), {"firm": firm_b.pk})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert not PracticeAdoption.objects.exists()


def test_adopting_is_a_post(client_for, owner_b, prato_practice):
    assert client_for(owner_b).get(adopt_url(prato_practice)).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_drafts_are_not_adopted(client_for, request, firm_b, carpi_draft, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        adopt_url(carpi_draft), {"firm": firm_b.pk}
    )
    assert response.status_code in (302, 403, 404)
    assert not PracticeAdoption.objects.exists()


def test_a_single_firm_needs_no_choice_and_duplicates_answer_kindly(
    client_for, owner_b, firm_b, prato_practice
):
    client = client_for(owner_b)
    first = client.post(adopt_url(prato_practice), {}, follow=True, headers=f.EN)
    assert PracticeAdoption.objects.filter(firm=firm_b).count() == 1
    assert any("Adopted by" in m for m in messages_of(first))
    again = client.post(adopt_url(prato_practice), {"firm": firm_b.pk}, follow=True, headers=f.EN)
    assert again.status_code == 200
    assert PracticeAdoption.objects.filter(firm=firm_b).count() == 1
    assert any("already adopted" in m for m in messages_of(again))
    assert AuditEvent.objects.filter(action="adopt").count() == 1


def test_someone_with_several_choices_must_choose(client_for, manager, prato_practice, firm_a):
    # The Carpi manager could adopt for Carpi only: that is the one choice.
    from filiera.registry.models import FirmMembership

    FirmMembership.objects.create(user=manager, firm=firm_a, role="owner")
    response = client_for(manager).post(adopt_url(prato_practice), {}, follow=True, headers=f.EN)
    assert not PracticeAdoption.objects.exists()
    assert any("choose one firm or one district" in m for m in messages_of(response))


def test_the_origin_firm_and_district_do_not_adopt_their_own(
    client_for, owner_a, manager, firm_a, carpi, carpi_practice
):
    client_for(owner_a).post(adopt_url(carpi_practice), {"firm": firm_a.pk})
    client_for(manager).post(adopt_url(carpi_practice), {"district": carpi.pk})
    assert not PracticeAdoption.objects.exists()
    html = client_for(owner_a).get(reverse("practice_detail", args=[carpi_practice.pk]))
    assert 'id="adopt-form"' not in html.content.decode()


def test_the_action_must_be_one_of_the_firms(owner_b, firm_a, firm_b, prato_practice):
    theirs = f.action(firm_a, "ENV-2.02", "environment")
    with pytest.raises(services.PracticeError) as caught:
        services.adopt(owner_b, prato_practice, firm=firm_b, action=theirs)
    assert caught.value.field == "action"
    ours = f.action(firm_b, "ENV-2.02", "environment")
    adoption, created = services.adopt(owner_b, prato_practice, firm=firm_b, action=ours)
    assert created and adoption.action == ours


def test_an_action_of_another_firm_is_refused_by_the_page(
    client_for, owner_b, firm_a, firm_b, prato_practice
):
    theirs = f.action(firm_a, "ENV-2.02", "environment")
    client_for(owner_b).post(adopt_url(prato_practice), {"firm": firm_b.pk, "action": theirs.pk})
    assert not PracticeAdoption.objects.exists()


def test_counts_on_the_page_and_the_card(
    client_for, owner_b, manager, prato_manager, firm_b, carpi, prato_practice
):
    client_for(owner_b).post(adopt_url(prato_practice), {"firm": firm_b.pk})
    client_for(manager).post(adopt_url(prato_practice), {"district": carpi.pk})
    html = client_for(prato_manager).get(reverse("practice_detail", args=[prato_practice.pk]))
    html = html.content.decode()
    assert 'data-by-firms="1"' in html and 'data-by-districts="1"' in html
    listing = client_for(prato_manager).get(reverse("practice_list")).content.decode()
    card = listing[listing.index(f'data-practice="{prato_practice.pk}"') :]
    assert 'data-adoptions="2"' in card[: card.index("</article>")]


def test_the_page_offers_adoption_to_those_who_may(
    client_for, request, prato_practice, firm_b, firm_a
):
    detail = reverse("practice_detail", args=[prato_practice.pk])
    for persona in PERSONAS:
        html = client_for(request.getfixturevalue(persona)).get(detail).content.decode()
        # Firm editors for their firm; managers for their district (admin: every district),
        # never the origin district (Prato).
        offered = persona in {"owner_a", "editor_a", "owner_b", "brand_owner", "admin", "manager"}
        assert ('id="adopt-form"' in html) == offered, persona


# Withdrawing -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_firms_editors_withdraw_its_adoption(
    client_for, request, firm_b, prato_practice, persona
):
    adoption = f.adoption(prato_practice, firm=firm_b)
    url = reverse("practice_adoption_delete", args=[prato_practice.pk, adoption.pk])
    response = client_for(request.getfixturevalue(persona)).post(url)
    assert response.status_code == FIRM_B_ADOPT.get(persona, 404)
    gone = not PracticeAdoption.objects.filter(pk=adoption.pk).exists()
    assert gone == (persona in {"admin", "owner_b"})
    if gone:
        assert AuditEvent.objects.filter(action="withdraw_adoption").count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_districts_managers_withdraw_its_adoption(
    client_for, request, carpi, prato_practice, persona
):
    adoption = f.adoption(prato_practice, district=carpi)
    url = reverse("practice_adoption_delete", args=[prato_practice.pk, adoption.pk])
    response = client_for(request.getfixturevalue(persona)).post(url)
    expected = 302 if persona in {"admin", "manager"} else 403 if persona == "verifier" else 404
    assert response.status_code == expected
    gone = not PracticeAdoption.objects.filter(pk=adoption.pk).exists()
    assert gone == (persona in {"admin", "manager"})


def test_an_adoption_is_withdrawn_only_through_its_practice(
    client_for, owner_b, firm_b, prato_practice, carpi_practice
):
    adoption = f.adoption(prato_practice, firm=firm_b)
    url = reverse("practice_adoption_delete", args=[carpi_practice.pk, adoption.pk])
    assert client_for(owner_b).post(url).status_code == 404
    assert PracticeAdoption.objects.filter(pk=adoption.pk).exists()
