"""The product form's passport fields (identifiers, recycled content, texts for the wearer in
two languages) and the product page showing everything a passport draws on."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from filiera.products import services
from tests.products.test_views_catalogue import form_data


def edit_url(product) -> str:
    return reverse("product_edit", args=[product.brand_id, product.pk])


def test_the_form_groups_the_new_fields(client_for, owner_a, product):
    response = client_for(owner_a).get(edit_url(product))
    body = response.content.decode()
    for fieldset in ("fields-identifiers", "fields-recycled", "fields-wearer"):
        assert f'id="{fieldset}"' in body
    for name in ("gtin", "commodity_code", "recycled_pre_consumer", "care_en", "end_of_life"):
        assert f'name="{name}"' in body


def test_saving_identifiers_recycled_content_and_texts(client_for, owner_a, product):
    data = form_data(
        model_code="MG-01",
        category="pull",
        mass_kg="0.35",
        gtin="8012345 000012",
        commodity_code="6110 11 30",
        recycled_pre_consumer="10",
        recycled_post_consumer="25.5",
        care="Lavare a mano",
        care_en="Hand wash",
        durability="Riparabile",
        durability_en="Repairable",
        end_of_life="Riciclare",
        end_of_life_en="Recycle",
    )
    response = client_for(owner_a).post(edit_url(product), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.gtin == "08012345000012" and product.commodity_code == "61101130"
    assert product.recycled_post_consumer == Decimal("25.5")
    assert (product.care_en, product.end_of_life) == ("Hand wash", "Riciclare")


def test_a_wrong_check_digit_is_explained_on_the_field(client_for, owner_a, product):
    response = client_for(owner_a).post(
        edit_url(product),
        form_data(gtin="8012345000013", model_code="MG-01"),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["gtin"] and "should be 2" in errors["gtin"][0]
    product.refresh_from_db()
    assert product.gtin == "" and product.name == "Maglia girocollo"


def test_a_gtin_of_another_product_and_too_much_recycled_content(
    client_for, owner_a, product, firm_b
):
    services.create_product(
        None, firm_b, name="B", category="pull", mass_kg="0.3", gtin="8012345000012"
    )
    response = client_for(owner_a).post(
        edit_url(product),
        form_data(
            gtin="08012345000012",
            recycled_pre_consumer="60",
            recycled_post_consumer="50",
            model_code="MG-01",
        ),
    )
    assert set(response.context["form"].errors) == {"gtin"}
    response = client_for(owner_a).post(
        edit_url(product),
        form_data(recycled_pre_consumer="60", recycled_post_consumer="50", model_code="MG-01"),
    )
    assert set(response.context["form"].errors) == {"recycled_post_consumer"}


def test_the_product_page_shows_the_passport_data(client_for, viewer_a, owner_a, traced):
    services.update_product(
        owner_a,
        traced,
        gtin="8012345000012",
        commodity_code="61101130",
        recycled_post_consumer=Decimal("30"),
        care="Lavare a mano",
        care_en="Hand wash",
    )
    services.set_components(owner_a, traced, [("corpo", "body", "1", "70"), ("", "", "30", "30")])
    services.set_substances(owner_a, traced, [("DEHP", "117-81-7", "", "0.15", "logo")])
    client = client_for(viewer_a)
    with translation.override("en"):
        response = client.get(traced.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "08012345000012" in body and "61101130" in body
    (component,) = response.context["components"]
    assert [(f.key, f.percent) for f in component.fibres] == [("1", 70), ("30", 30)]
    assert 'data-fibre="1"' in body and 'id="product-recycled"' in body
    assert "117-81-7" in body and 'id="wearer-care"' in body
    steps = {s["row"].stage: s["row"] for s in response.context["steps"]}
    assert steps["making"].process.code == "MU.KNIT_TO_SHAPE"
    assert 'data-started="2025-03-01"' in body and 'data-process="WP.PRINTING"' in body
    assert [b.lot for b in response.context["batches"]] == ["L-01"]
    image = traced.images.get()
    assert reverse("product_image_file", args=[traced.brand_id, traced.pk, image.pk]) in body
    assert reverse("product_passports", args=[traced.brand_id, traced.pk]) in body
    assert 'id="label-link"' not in body  # a viewer changes nothing


def test_the_product_page_uses_the_english_texts_in_english(client_for, owner_a, traced):
    services.update_product(owner_a, traced, care="Lavare a mano", care_en="Hand wash")
    services.set_components(owner_a, traced, [("corpo", "body", "5", "100")])
    client = client_for(owner_a)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        english = client.get(traced.get_absolute_url())
    assert english.context["wearer"][0]["text"] == "Hand wash"
    assert english.context["components"][0].name == "body"
    assert english.context["components"][0].fibres[0].name == "cotton"
    client.cookies["django_language"] = "it"
    with translation.override("it"):
        italian = client.get(traced.get_absolute_url())
    assert italian.context["wearer"][0]["text"] == "Lavare a mano"
    assert italian.context["components"][0].fibres[0].name == "cotone"
