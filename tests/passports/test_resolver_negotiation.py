"""Content negotiation on the resolver and the credential URLs: each media type, q-values, 406,
the linkset and its link types, ETag and 304, Cache-Control and Vary."""

# ruff: noqa: F811 (fixtures imported from tests.passports.factories_resolver)

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from filiera.passports.models import Credential, PassportViewer
from filiera.passports.services import issuers, signing
from tests.passports.factories_resolver import (  # noqa: F401 (fixtures)
    GTIN,
    gtin_product,
    make_token,
    sign_passport,
)

URL = f"/01/{GTIN}"
LINKSET = "application/linkset+json"


@pytest.fixture
def passport(gtin_product, sign_passport):
    return sign_passport(gtin_product)


def get(client, accept: str | None, path: str = URL, **extra):
    if accept is not None:
        extra["HTTP_ACCEPT"] = accept
    return client.get(path, **extra)


# Media types ---------------------------------------------------------------------------------


def test_html_is_the_public_page(client, passport):
    response = get(client, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.templates[0].name == "passports/public_passport.html"
    assert response.context["passport"] == passport


@pytest.mark.parametrize("accept", ["application/ld+json", "application/json"])
def test_json_ld_is_the_credential(client, passport, accept):
    response = get(client, accept)
    assert response.status_code == 200
    assert response["Content-Type"] == accept
    assert json.loads(response.content) == passport.credential.document


def test_vc_jwt_is_the_signed_credential(client, passport):
    response = get(client, "application/vc+jwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode() == passport.credential.jwt


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),
        ("application/*", "application/ld+json"),
        ("application/ld+json;q=0.5, application/vc+jwt;q=0.9", "application/vc+jwt"),
        ("text/html;q=0.1, application/ld+json", "application/ld+json"),
        ("text/html;q=0, */*", "application/ld+json"),
        ("application/json, application/ld+json;q=0.8", "application/json"),
        ("application/linkset+json, text/html;q=0.5", LINKSET),
        ("image/png, application/vc+jwt;q=0.2", "application/vc+jwt"),
    ],
)
def test_q_values_decide(client, passport, accept, expected):
    response = get(client, accept)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == expected


@pytest.mark.parametrize("accept", ["image/png", "text/html;q=0, application/*;q=0", "text/csv"])
def test_nothing_acceptable_gets_406_listing_what_is_offered(client, passport, accept):
    response = get(client, accept)
    assert response.status_code == 406
    body = response.content.decode()
    for media in ("text/html", "application/ld+json", "application/vc+jwt", LINKSET):
        assert media in body
    assert 'rel="linkset"' in response["Link"]


# The linkset -------------------------------------------------------------------------------


def test_linkset_has_the_gs1_links(client, passport):
    response = get(client, LINKSET)
    assert response["Content-Type"] == LINKSET
    data = json.loads(response.content)
    (entry,) = data["linkset"]
    assert entry["anchor"] == f"http://testserver{URL}"
    credential = f"http://testserver/credentials/{passport.credential.uid}"
    page = f"http://testserver/passports/{passport.credential.uid}/"
    dpp = entry["https://ref.gs1.org/voc/dpp"]
    assert {(link["href"], link["type"]) for link in dpp} == {
        (credential, "application/vc+jwt"),
        (credential, "application/ld+json"),
    }
    assert entry["https://ref.gs1.org/voc/pip"][0]["href"] == page
    assert entry["https://ref.gs1.org/voc/pip"][0]["type"] == "text/html"
    assert entry["https://ref.gs1.org/voc/sustainabilityInfo"][0]["href"] == page + "#footprint"
    assert entry["https://ref.gs1.org/voc/defaultLink"][0]["href"] == page
    assert entry["itemDescription"]


def test_linkset_anchor_is_the_link_asked_for(client, gtin_product, sign_passport):
    from filiera.products.models import Batch

    batch = Batch.objects.create(product=gtin_product, lot="L1")
    sign_passport(gtin_product, "batch", batch)
    data = json.loads(get(client, LINKSET, f"{URL}/10/L1").content)
    assert data["linkset"][0]["anchor"] == f"http://testserver{URL}/10/L1"


@pytest.mark.parametrize(
    ("link_type", "target"),
    [
        ("gs1:dpp", "credential"),
        ("https://ref.gs1.org/voc/dpp", "credential"),
        ("gs1:pip", "page"),
        ("https://gs1.org/voc/pip", "page"),
        ("gs1:sustainabilityInfo", "page#footprint"),
        ("gs1:defaultLink", "page"),
        ("gs1:somethingElse", "page"),
    ],
)
def test_link_types_redirect(client, passport, link_type, target):
    uid = passport.credential.uid
    urls = {
        "credential": f"http://testserver/credentials/{uid}",
        "page": f"http://testserver/passports/{uid}/",
        "page#footprint": f"http://testserver/passports/{uid}/#footprint",
    }
    response = client.get(URL, {"linkType": link_type})
    assert response.status_code == 307
    assert response["Location"] == urls[target]
    assert 'rel="linkset"' in response["Link"]


@pytest.mark.parametrize("value", ["linkset", "all"])
def test_link_type_linkset_gives_the_linkset_whatever_the_accept(client, passport, value):
    response = client.get(URL, {"linkType": value}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == LINKSET


# Headers: Link, Vary, caching -----------------------------------------------------------


@pytest.mark.parametrize(
    "accept", ["text/html", "application/ld+json", "application/vc+jwt", LINKSET]
)
def test_every_answer_names_the_linkset(client, passport, accept):
    response = get(client, accept)
    assert response["Link"] == (
        f'<http://testserver{URL}?linkType=linkset>; rel="linkset"; type="application/linkset+json"'
    )
    assert "Accept" in response["Vary"]
    assert "Accept-Language" in response["Vary"]


def test_html_varies_on_who_asks(client, passport):
    vary = get(client, "text/html")["Vary"]
    for header in ("Accept", "Accept-Language", "Cookie", "Authorization"):
        assert header in vary


@pytest.mark.parametrize(
    "accept", ["text/html", "application/ld+json", "application/vc+jwt", LINKSET]
)
def test_etag_and_304(client, passport, accept):
    first = get(client, accept)
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = get(client, accept, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert 'rel="linkset"' in again["Link"]
    assert get(client, accept, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_each_representation_has_its_own_etag(client, passport):
    tags = {
        get(client, accept)["ETag"]
        for accept in ("text/html", "application/ld+json", "application/vc+jwt", LINKSET)
    }
    assert len(tags) == 4


def test_a_new_version_or_a_revocation_changes_the_etag(
    client, gtin_product, passport, sign_passport, brand_owner
):
    html, ld = get(client, "text/html")["ETag"], get(client, "application/ld+json")["ETag"]
    signing.revoke(passport.credential, user=brand_owner, reason="Errore")
    assert get(client, "text/html")["ETag"] != html
    sign_passport(gtin_product)
    assert get(client, "application/ld+json")["ETag"] != ld


def test_the_authority_tier_is_not_cached(client, passport, make_token):
    _token, raw = make_token()
    response = get(client, "text/html", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.context["tier"] == "authority"
    assert response["Cache-Control"] == "private, no-store"
    again = get(
        client, "text/html", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 200  # never stored, so always sent whole


# /credentials/<uid> --------------------------------------------------------------------------


def credential_url(credential: Credential) -> str:
    return reverse("credential", args=[credential.uid])


def test_a_credential_is_immutable(client, passport):
    credential = passport.credential
    jwt = get(client, "application/vc+jwt", credential_url(credential))
    assert jwt.content.decode() == credential.jwt
    assert jwt["Cache-Control"] == "public, max-age=31536000, immutable"
    assert jwt["ETag"] == f'"{credential.etag}"'
    ld = get(client, "application/ld+json", credential_url(credential))
    assert json.loads(ld.content) == credential.document
    assert ld["ETag"] != jwt["ETag"]
    assert get(client, "*/*", credential_url(credential))["Content-Type"] == "application/ld+json"
    not_modified = get(
        client, "application/vc+jwt", credential_url(credential), HTTP_IF_NONE_MATCH=jwt["ETag"]
    )
    assert not_modified.status_code == 304
    assert "Accept" in jwt["Vary"]


def test_browsers_are_sent_to_the_passport_page(client, passport):
    response = get(client, "text/html", credential_url(passport.credential))
    assert response.status_code == 302
    assert response["Location"] == reverse("passport_version", args=[passport.credential.uid])


def test_unknown_credentials_get_404(client, db):
    assert client.get("/credentials/5b0f7a4c-0f4e-4c59-9d64-0d8f7c1e2a33").status_code == 404


@pytest.fixture
def facility_record(gtin_product, passport, firm_a):
    credential = signing.sign_and_store(
        kind=Credential.Kind.DFR,
        issuer=issuers.issuer_for_firm(gtin_product.brand),
        document={
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["DigitalFacilityRecord", "VerifiableCredential"],
            "credentialSubject": {"type": ["FacilityRecord"]},
        },
        tier=Credential.Tier.VALUE_CHAIN,
        site=firm_a.sites.first(),
    )
    passport.linked.add(credential)
    return credential


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 404),
        ("outsider", 404),
        ("owner_b", 404),
        ("manager", 404),
        ("brand_owner", 200),  # the brand whose passport links it
        ("owner_a", 200),  # the site's own firm
        ("admin", 200),
    ],
)
def test_facility_records_are_for_the_value_chain(
    request, client_for, facility_record, persona, status
):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(
        credential_url(facility_record), HTTP_ACCEPT="application/ld+json"
    )
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"


def test_facility_records_for_authorised_viewers_and_authorities(
    client_for, facility_record, gtin_product, owner_b, firm_b, make_token
):
    url = credential_url(facility_record)
    assert client_for(owner_b).get(url).status_code == 404
    PassportViewer.objects.create(brand=gtin_product.brand, firm=firm_b)
    assert client_for(owner_b).get(url).status_code == 200
    _token, raw = make_token()
    assert client_for(None).get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
