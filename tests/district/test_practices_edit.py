"""Writing and publishing a practice: who may (district managers, for their own district), what
is required (Italian to save, English to publish), bad input named by field, nothing partial
saved, and every change audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.district.models import GoodPractice
from filiera.district.services import practices as services
from tests.conftest import PERSONAS
from tests.district import factories_practices as f

carpi_practice, carpi_draft = f.carpi_practice, f.carpi_draft
NEW = reverse("practice_create")


def form_data(district, **changes) -> dict:
    data = {
        "title_it": "Ritagli in filato",
        "summary_it": "I ritagli tornano filato.",
        "body_it": "Raccolta per colore, filatura cardata.",
        "results_it": "",
        "title_en": "",
        "summary_en": "",
        "body_en": "",
        "results_en": "",
        "theme": "eco_innovation",
        "areas": ["circularity", "environment"],
        "questions": ["CIR-2.02", "CIR-3.04"],
        "district": str(district.pk),
        "firm": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


ENGLISH = {
    "title_en": "Offcuts into yarn",
    "summary_en": "Offcuts become yarn again.",
    "body_en": "Sorted by colour, carded spinning.",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_district_managers_write_practices(
    client_for, request, carpi, prato, base_version, persona
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    expected = 200 if persona in f.MANAGERS else 403
    assert client.get(NEW).status_code == expected
    district = prato if persona == "prato_manager" else carpi
    response = client.post(NEW, form_data(district))
    assert response.status_code == (302 if persona in f.MANAGERS else 403)
    created = GoodPractice.objects.filter(title_it="Ritagli in filato").first()
    assert (created is not None) == (persona in f.MANAGERS)
    if created is not None:
        assert created.status == "draft" and created.district == district
        assert created.created_by == user
        assert created.areas == ["circularity", "environment"]
        assert created.questions == ["CIR-2.02", "CIR-3.04"]
        assert response["Location"] == reverse("practice_detail", args=[created.pk])
        event = AuditEvent.objects.get(action="create", object_type="district.goodpractice")
        assert event.district_id == district.pk and event.changes["title_it"][1]


def test_anonymous_visitors_are_sent_to_sign_in(client_for, carpi_practice):
    for url in (NEW, reverse("practice_edit", args=[carpi_practice.pk])):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    response = client_for(None).post(reverse("practice_publish", args=[carpi_practice.pk]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_manager_cannot_write_for_another_district(
    client_for, prato_manager, carpi, base_version
):
    response = client_for(prato_manager).post(NEW, form_data(carpi))
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not GoodPractice.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_it": ""}, "title_it"),
        ({"body_it": "  "}, "body_it"),
        ({"theme": "nonsense"}, "theme"),
        ({"areas": ["nowhere"]}, "areas"),
        ({"questions": ["XYZ-9.99"]}, "questions"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    client_for, manager, carpi, base_version, changes, field
):
    response = client_for(manager).post(NEW, form_data(carpi, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not GoodPractice.objects.exists()
    assert not AuditEvent.objects.filter(object_type="district.goodpractice").exists()


def test_the_origin_firm_must_belong_to_the_district(
    client_for, manager, carpi, firm_a, brand_c, base_version
):
    client = client_for(manager)
    response = client.post(NEW, form_data(carpi, firm=str(brand_c.pk)))
    assert "firm" in response.context["form"].errors
    response = client.post(NEW, form_data(carpi, firm=str(firm_a.pk), firm_consents="on"))
    assert response.status_code == 302
    created = GoodPractice.objects.get()
    assert created.firm == firm_a and created.firm_consents


def test_the_service_names_the_field(carpi, brand_c, manager, base_version):
    data = {
        "title_it": "T",
        "summary_it": "S",
        "body_it": "B",
        "theme": "networks",
        "district": carpi,
        "firm": brand_c,
    }
    with pytest.raises(services.PracticeError) as caught:
        services.save_practice(manager, None, data)
    assert caught.value.field == "firm"
    with pytest.raises(services.PracticeError) as caught:
        services.save_practice(manager, None, {**data, "firm": None, "areas": ["moon"]})
    assert caught.value.field == "areas" and "moon" in str(caught.value)
    assert not GoodPractice.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_of_the_origin_district_edit(
    client_for, request, carpi_practice, carpi_draft, persona
):
    client = client_for(request.getfixturevalue(persona))
    allowed = persona in {"admin", "manager"}
    url = reverse("practice_edit", args=[carpi_practice.pk])
    assert client.get(url).status_code == (200 if allowed else 403)
    draft_url = reverse("practice_edit", args=[carpi_draft.pk])
    expected = 200 if allowed else 403 if persona in f.CARPI_STAFF else 404
    assert client.get(draft_url).status_code == expected
    response = client.post(
        url, form_data(carpi_practice.district, title_it="Nuovo titolo", **ENGLISH)
    )
    assert response.status_code == (302 if allowed else 403)
    carpi_practice.refresh_from_db()
    assert (carpi_practice.title_it == "Nuovo titolo") == allowed


def test_editing_keeps_the_origin_district_and_audits_the_change(
    client_for, manager, carpi_practice, prato
):
    url = reverse("practice_edit", args=[carpi_practice.pk])
    data = form_data(prato, title_it="Scarti in filato, seconda edizione", **ENGLISH)
    assert client_for(manager).post(url, data).status_code == 302
    carpi_practice.refresh_from_db()
    assert carpi_practice.district.slug == "carpi"
    event = AuditEvent.objects.get(action="update", object_type="district.goodpractice")
    assert event.changes["title_it"] == ["Scarti in filato", "Scarti in filato, seconda edizione"]


def test_a_published_practice_keeps_its_english(client_for, manager, carpi_practice):
    url = reverse("practice_edit", args=[carpi_practice.pk])
    response = client_for(manager).post(url, form_data(carpi_practice.district))
    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    carpi_practice.refresh_from_db()
    assert carpi_practice.title_en == "Offcuts into yarn"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_of_the_origin_district_publish(
    client_for, request, carpi_practice, carpi_draft, persona
):
    GoodPractice.objects.filter(pk=carpi_draft.pk).update(**ENGLISH)
    client = client_for(request.getfixturevalue(persona))
    allowed = persona in {"admin", "manager"}
    response = client.post(reverse("practice_publish", args=[carpi_draft.pk]), {"publish": "1"})
    assert response.status_code == (302 if allowed else 403 if persona in f.CARPI_STAFF else 404)
    carpi_draft.refresh_from_db()
    assert (carpi_draft.status == "published") == allowed
    assert (carpi_draft.published_at is not None) == allowed
    response = client.post(reverse("practice_publish", args=[carpi_practice.pk]), {"publish": "0"})
    assert response.status_code == (302 if allowed else 403)
    carpi_practice.refresh_from_db()
    assert (carpi_practice.status == "draft") == allowed
    assert client.get(reverse("practice_publish", args=[carpi_practice.pk])).status_code in (
        403,
        404,
        405,
    )


def test_publishing_needs_the_english_texts(client_for, manager, carpi_draft):
    client = client_for(manager)
    url = reverse("practice_publish", args=[carpi_draft.pk])
    response = client.post(url, {"publish": "1"}, headers=f.EN, follow=True)
    carpi_draft.refresh_from_db()
    assert carpi_draft.status == "draft"
    assert "Title (English)" in response.content.decode()  # the message names the field
    GoodPractice.objects.filter(pk=carpi_draft.pk).update(**ENGLISH)
    client.post(url, {"publish": "1"})
    carpi_draft.refresh_from_db()
    assert carpi_draft.status == "published"
    events = AuditEvent.objects.filter(action="publish", object_id=str(carpi_draft.pk))
    assert events.get().changes == {"status": ["draft", "published"]}


def test_a_filled_italian_result_needs_its_english_one_to_publish(manager, carpi_draft):
    GoodPractice.objects.filter(pk=carpi_draft.pk).update(**ENGLISH, results_it="Dieci tonnellate")
    with pytest.raises(services.PracticeError) as caught:
        services.set_published(manager, carpi_draft, True)
    assert caught.value.field == "results_en"


def test_the_form_groups_questions_by_area(client_for, manager, base_version):
    html = client_for(manager).get(NEW, headers=f.EN).content.decode()
    assert '<optgroup label="Circularity and waste">' in html
    assert '<option value="CIR-2.02">' in html
    assert 'name="areas" value="environment"' in html
