"""The GS1 Digital Link resolver: which passport each path form finds, 400 with the reason for
malformed links, 404 for unknown products, lots and serials, superseded and revoked versions.

Brand C's product has GTIN 09506000134352 and a lot ``L1`` of serials 0001 to 0100 (and a lot
``L2`` without serials); passports are signed straight with small documents.
"""

# ruff: noqa: F811 (fixtures imported from tests.passports.factories_resolver)

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from filiera.passports import selectors
from filiera.passports.services import signing
from filiera.products.models import Batch
from tests.passports.factories_resolver import (  # noqa: F401 (fixtures)
    GTIN,
    gtin_product,
    sign_passport,
)

LD = {"HTTP_ACCEPT": "application/ld+json"}


@pytest.fixture
def lots(gtin_product):
    l1 = Batch.objects.create(
        product=gtin_product, lot="L1", serial_first="0001", serial_last="0100", quantity=100
    )
    l2 = Batch.objects.create(product=gtin_product, lot="L2", quantity=20)
    return l1, l2


@pytest.fixture
def passports(gtin_product, lots, sign_passport):
    l1, _l2 = lots
    return {
        "model": sign_passport(gtin_product),
        "batch": sign_passport(gtin_product, "batch", l1),
        "item": sign_passport(gtin_product, "item", l1, "0007"),
    }


def resolved(client, path: str):
    response = client.get(path, **LD)
    assert response.status_code == 200, (path, response.status_code, response.content[:200])
    return json.loads(response.content)["id"]


def uid_of(passport) -> str:
    return passport.credential.document["id"]


# Each path form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/01/{GTIN}", "model"),
        (f"/01/{GTIN}/10/L1", "batch"),
        (f"/01/{GTIN}/10/L1/21/0007", "item"),
        (f"/01/{GTIN}/10/L1/21/0042", "batch"),  # in L1's range, no item passport
        (f"/01/{GTIN}/21/0007", "item"),  # serial without its lot
        (f"/01/{GTIN}/21/0042", "batch"),
        (f"/01/{GTIN}/10/L2", "model"),  # a known lot without its own passport
    ],
)
def test_each_path_form_finds_the_most_precise_passport(client, passports, path, expected):
    assert resolved(client, path) == uid_of(passports[expected])


def test_a_gtin_given_with_fewer_digits_is_refused_or_padded(client, passports):
    # GTIN-13 in the path: zero-suppressed GTINs are not Digital Link (strict, as the vectors).
    response = client.get(f"/01/{GTIN[1:]}", **LD)
    assert response.status_code == 400


def test_percent_encoded_lot_keeps_its_slash(client, gtin_product, sign_passport):
    batch = Batch.objects.create(product=gtin_product, lot="A/1")
    passport = sign_passport(gtin_product, "batch", batch)
    # Servers such as gunicorn pass the raw path on; the decoded path would split the lot.
    response = client.get(f"/01/{GTIN}/10/A%2F1", RAW_URI=f"/01/{GTIN}/10/A%2F1", **LD)
    assert response.status_code == 200
    assert json.loads(response.content)["id"] == uid_of(passport)


# 400 and 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/01/09506000134353", "check digit"),
        ("/01/0950600013435X", ""),
        ("/01/950600013435", ""),
        (f"/01/{GTIN}/10", ""),
        (f"/01/{GTIN}/99/ABC", ""),
        (f"/01/{GTIN}/21/1/10/L1", ""),  # qualifiers out of order
        (f"/01/{GTIN}/", ""),  # trailing slash
        ("/01/", "GTIN"),
        ("/01", "GTIN"),
    ],
)
def test_malformed_links_get_400_with_the_reason(client, passports, path, words):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    reason = response.content.decode().strip()
    assert len(reason) > 10
    assert words.lower() in reason.lower()


def test_wrong_check_digit_names_the_expected_digit(client, passports):
    response = client.get("/01/09506000134353")
    assert "2" in response.content.decode()


def test_browsers_get_the_reason_on_a_page(client, passports):
    response = client.get("/01/09506000134353", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "check digit" in response.context["reason"]
    assert 'id="problem-reason"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/01/09506000134369",  # a valid GTIN no product has
        f"/01/{GTIN}/10/NOPE",  # unknown lot
        f"/01/{GTIN}/10/L1/21/0500",  # serial outside the lot's range
        f"/01/{GTIN}/21/9999",  # serial in no lot
        f"/01/{GTIN}/10/L2/21/0007",  # the item's serial, but under a lot without serials
    ],
)
def test_unknown_products_lots_and_serials_get_404(client, passports, path):
    response = client.get(path, **LD)
    assert response.status_code == 404
    html = client.get(path, HTTP_ACCEPT="text/html")
    assert html.status_code == 404 and html["Content-Type"].startswith("text/html")


def test_a_product_without_passport_gets_404(client, gtin_product):
    assert client.get(f"/01/{GTIN}", **LD).status_code == 404


def test_only_get_and_head(client, passports):
    assert client.post(f"/01/{GTIN}").status_code in (403, 405)
    assert client.head(f"/01/{GTIN}", **LD).status_code == 200


def test_any_allowed_host_answers(client, passports, settings):
    settings.ALLOWED_HOSTS = ["testserver", "id.brand.example"]
    response = client.get(f"/01/{GTIN}", HTTP_HOST="id.brand.example", **LD)
    assert response.status_code == 200
    assert f"<http://id.brand.example/01/{GTIN}?linkType=linkset>" in response["Link"]


# Versions -----------------------------------------------------------------------------------


def test_the_current_version_is_served_and_old_ones_stay_resolvable(
    client, gtin_product, sign_passport
):
    first = sign_passport(gtin_product)
    second = sign_passport(gtin_product)
    assert second.supersedes == first and second.version == 2
    assert resolved(client, f"/01/{GTIN}") == uid_of(second)
    assert selectors.find_passport(type("L", (), {"gtin": GTIN, "lot": None, "serial": None}))
    old = client.get(reverse("passport_version", args=[first.credential.uid]))
    assert old.status_code == 200
    assert old.context["state"]["superseded"] is True
    assert old.context["state"]["latest"] == second
    body = old.content.decode()
    assert 'id="banner-superseded"' in body
    assert reverse("passport_version", args=[second.credential.uid]) in body
    assert 'id="banner-superseded"' not in client.get(f"/01/{GTIN}").content.decode()


def test_a_revoked_current_version_is_still_answered_and_says_so(
    client, gtin_product, sign_passport, brand_owner
):
    passport = sign_passport(gtin_product)
    signing.revoke(passport.credential, user=brand_owner, reason="Composizione sbagliata")
    assert resolved(client, f"/01/{GTIN}") == uid_of(passport)
    page = client.get(f"/01/{GTIN}", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="banner-revoked"' in body
    # The date is public, the reason is for authorities.
    assert "Composizione sbagliata" not in body


def test_versions_are_listed_newest_first(gtin_product, sign_passport):
    first = sign_passport(gtin_product)
    second = sign_passport(gtin_product)
    third = sign_passport(gtin_product)
    assert list(selectors.versions(first)) == [third, second, first]
    assert selectors.latest_version(first) == third
    assert selectors.passport_by_uid(second.credential.uid) == second
    assert selectors.is_superseded(first) and not selectors.is_superseded(third)
