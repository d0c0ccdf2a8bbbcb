"""The brand's passport pages, for every persona: the brand's owner, editor and viewer, another
brand, a supplier of the chain, district staff, an outsider and anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.passports.models import Passport, PassportViewer
from tests.chains.conftest import brand_y, brand_y_owner  # noqa: F401 (fixtures)

CHANGERS = {"brand_owner", "brand_editor", "admin"}
LOOKERS = {"brand_viewer"}
STRANGERS = {"brand_y_owner", "owner_a", "manager", "verifier", "prato_manager", "outsider"}
EVERYONE = sorted(CHANGERS | LOOKERS | STRANGERS)


@pytest.fixture
def person(request):
    """The persona named by the test's parameter (``None`` for anonymous)."""
    return lambda name: None if name is None else request.getfixturevalue(name)


def passports_url(product) -> str:
    return reverse("product_passports", args=[product.brand_id, product.pk])


def revoke_url(passport: Passport) -> str:
    return reverse(
        "passport_revoke", args=[passport.product.brand_id, passport.product_id, passport.pk]
    )


def assert_login(response) -> None:
    assert response.status_code == 302 and reverse("login") in response["Location"]


# The passports of a product ------------------------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_who_sees_the_passports(name, person, model_passport, jumper, client_for):
    response = client_for(person(name)).get(passports_url(jumper))
    if name in STRANGERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-granularity="model"' in body and 'data-status="current"' in body
    assert f"/01/{jumper.gtin}" in body
    assert str(model_passport.credential.uid) in body  # public page and QR code
    labels = reverse("passport_labels", args=[jumper.brand_id, jumper.pk, model_passport.pk])
    assert labels in body
    assert ('id="issue-form"' in body) == (name in CHANGERS)
    assert ("revoke-link" in body) == (name in CHANGERS)


def test_anonymous_visitors_log_in(model_passport, jumper, client_for):
    client = client_for(None)
    assert_login(client.get(passports_url(jumper)))
    assert_login(client.post(passports_url(jumper), {"granularity": "model"}))
    assert_login(client.get(revoke_url(model_passport)))
    assert_login(client.get(reverse("passport_viewers", args=[jumper.brand_id])))
    assert Passport.objects.count() == 1


@pytest.mark.parametrize("name", EVERYONE)
def test_who_issues(name, person, jumper, client_for):
    response = client_for(person(name)).post(passports_url(jumper), {"granularity": "model"})
    if name in CHANGERS:
        assert response.status_code == 302
        assert Passport.objects.get().version == 1
    else:
        assert response.status_code == (403 if name in LOOKERS else 404)
        assert not Passport.objects.exists()


def test_issuing_again_makes_the_next_version(model_passport, jumper, brand_editor, client_for):
    client = client_for(brand_editor)
    response = client.post(passports_url(jumper), {"granularity": "model"}, follow=True)
    body = response.content.decode()
    assert 'data-version="2" data-status="current"' in body
    assert 'data-version="1" data-status="superseded"' in body


def test_issuing_a_batch_and_an_item(jumper, jumper_batch, brand_owner, client_for):
    client = client_for(brand_owner)
    client.post(passports_url(jumper), {"granularity": "batch", "batch": jumper_batch.pk})
    client.post(
        passports_url(jumper), {"granularity": "item", "batch": jumper_batch.pk, "serial": "7"}
    )
    assert sorted(Passport.objects.values_list("granularity", "serial")) == [
        ("batch", ""),
        ("item", "7"),
    ]
    body = client.get(passports_url(jumper)).content.decode()
    assert f"/01/{jumper.gtin}/10/{jumper_batch.lot}/21/7" in body


def test_bad_input_is_shown_on_its_field(jumper, jumper_batch, brand_owner, client_for):
    response = client_for(brand_owner).post(
        passports_url(jumper),
        {"granularity": "item", "batch": jumper_batch.pk, "serial": "9999"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["serial"]
    assert not Passport.objects.exists()


def test_a_product_of_another_firm_is_not_found(jumper, brand_y, brand_owner, client_for):  # noqa: F811
    url = reverse("product_passports", args=[brand_y.pk, jumper.pk])
    assert client_for(brand_owner).get(url).status_code == 404


def test_the_page_says_when_the_footprint_is_missing(jumper, brand_viewer, client_for):
    jumper.materials.all().delete()
    body = client_for(brand_viewer).get(passports_url(jumper)).content.decode()
    assert 'id="no-footprint"' in body


# Revoking ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_who_may_revoke(name, person, model_passport, client_for):
    client = client_for(person(name))
    page = client.get(revoke_url(model_passport))
    done = client.post(revoke_url(model_passport), {"reason": "Wrong composition"})
    model_passport.credential.refresh_from_db()
    if name in CHANGERS:
        assert page.status_code == 200 and 'id="revoke-form"' in page.content.decode()
        assert done.status_code == 302
        assert model_passport.credential.revocation_reason == "Wrong composition"
    else:
        expected = 403 if name in LOOKERS else 404
        assert page.status_code == done.status_code == expected
        assert model_passport.credential.revoked_at is None


def test_revoking_needs_a_reason_and_happens_once(model_passport, brand_owner, client_for):
    client = client_for(brand_owner)
    response = client.post(revoke_url(model_passport), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    client.post(revoke_url(model_passport), {"reason": "Recalled"})
    again = client.get(revoke_url(model_passport))
    assert again.status_code == 302
    body = client.get(passports_url(model_passport.product)).content.decode()
    assert 'data-status="revoked"' in body and "Recalled" in body


def test_a_passport_of_another_product_is_not_found(
    model_passport, brand_c, brand_owner, client_for
):
    other = model_passport.product.__class__.objects.create(
        brand=brand_c, name="Altro", category="pull", mass_kg=1
    )
    url = reverse("passport_revoke", args=[brand_c.pk, other.pk, model_passport.pk])
    assert client_for(brand_owner).get(url).status_code == 404


# Value-chain viewers -----------------------------------------------------------------------


def viewers_url(brand) -> str:
    return reverse("passport_viewers", args=[brand.pk])


@pytest.mark.parametrize("name", EVERYONE)
def test_who_sees_and_changes_the_viewers(name, person, brand_c, firm_a, suppliers, client_for):
    client = client_for(person(name))
    page = client.get(viewers_url(brand_c))
    added = client.post(viewers_url(brand_c), {"firm": firm_a.pk})
    if name in STRANGERS:
        assert page.status_code == added.status_code == 404
    elif name in LOOKERS:
        assert page.status_code == 200 and 'id="viewer-form"' not in page.content.decode()
        assert added.status_code == 403
    else:
        assert page.status_code == 200 and firm_a.legal_name in page.content.decode()
        assert added.status_code == 302
    assert PassportViewer.objects.filter(firm=firm_a).exists() == (name in CHANGERS)


def test_add_by_vat_and_remove(brand_c, firm_b, brand_owner, client_for):
    client = client_for(brand_owner)
    client.post(viewers_url(brand_c), {"vat": firm_b.vat_display})
    viewer = PassportViewer.objects.get(brand=brand_c)
    assert viewer.firm == firm_b and viewer.granted_by == brand_owner
    again = client.post(viewers_url(brand_c), {"vat": firm_b.vat})
    assert again.status_code == 200 and again.context["form"].errors["firm"]
    client.post(viewers_url(brand_c), {"remove": viewer.pk})
    assert not PassportViewer.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "__all__"),
        ({"vat": "123"}, "vat"),
        ({"vat": "IT00000000000"}, "vat"),
        ({"firm": "999999"}, "firm"),
    ],
)
def test_bad_viewer_input(brand_c, brand_owner, client_for, data, field):
    response = client_for(brand_owner).post(viewers_url(brand_c), data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not PassportViewer.objects.exists()


def test_the_brand_itself_cannot_be_a_viewer(brand_c, brand_owner, client_for):
    response = client_for(brand_owner).post(viewers_url(brand_c), {"vat": brand_c.vat})
    assert response.context["form"].errors["firm"]


def test_another_brands_viewer_cannot_be_removed(brand_c, brand_y, firm_a, brand_owner, client_for):  # noqa: F811
    other = PassportViewer.objects.create(brand=brand_y, firm=firm_a)
    response = client_for(brand_owner).post(viewers_url(brand_c), {"remove": other.pk})
    assert response.status_code == 404 and PassportViewer.objects.filter(pk=other.pk).exists()
