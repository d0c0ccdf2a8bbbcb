"""The public passport page with real data (the jumper of ``conftest``): every section, the
tiers' extras, superseded and revoked banners, the language, and what the public page must not
show (suppliers that did not consent, substance details)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from filiera.passports.models import Credential, PassportViewer
from filiera.passports.services import signing
from filiera.passports.services.issue import issue_passport, revoke_passport
from tests.passports.conftest import JUMPER_GTIN, consent
from tests.passports.factories_resolver import (  # noqa: F401 (fixtures)
    gtin_product,
    make_token,
    sign_passport,
)

# ruff: noqa: F811 (fixtures imported above)

PAGE = f"/01/{JUMPER_GTIN}"
CAS = "68-12-2"
LOCATION = "Printed logo"


def page(client, path: str = PAGE, lang: str = "en", **extra):
    response = client.get(path, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE=lang, **extra)
    assert response.status_code == 200, response.status_code
    return response, response.content.decode()


def section(body: str, ident: str) -> str:
    match = re.search(rf'<section[^>]*id="{ident}".*?</section>', body, re.S)
    assert match, f"section #{ident} missing"
    return match.group(0)


# Sections ------------------------------------------------------------------------------------


def test_every_section_with_real_data(client, model_passport, jumper, suppliers):
    response, body = page(client)
    assert response.context["tier"] == "public"
    # Header.
    assert "Wool crew-neck jumper" in body and "Lanificio Gamma S.p.A." in body
    assert f'data-gtin="{JUMPER_GTIN}"' in body
    assert 'id="badge-signature" data-verified="true"' in body
    assert response.context["passport"] == model_passport
    # Footprint: the signed total and the chart by stage.
    footprint = section(body, "footprint")
    total = re.search(r'id="footprint-total" data-ecs="([0-9.]+)"', footprint)
    assert total and float(total.group(1)) == pytest.approx(jumper.footprint.ecs, rel=1e-4)
    assert "<svg" in footprint and "Ecobalyse" in footprint and "7.0.0" in footprint
    # Composition with the EU fibre names, recycled content.
    composition = section(body, "composition")
    assert "Body" in composition and "Cuffs" in composition
    assert "wool" in composition and "polyamide or nylon" in composition
    assert 'data-recycled="pre"' in composition and 'data-recycled="post"' in composition
    # Steps: process, country, facility ids; consenting suppliers named.
    steps = section(body, "steps")
    for firm in suppliers.values():
        site = firm.sites.first()
        assert site.facility_id in steps
        assert firm.legal_name in steps
    assert 'data-stage="dyeing" data-country="IT"' in steps
    points = response.context["points"]
    assert len(points) == 3 and all(p["exact"] for p in points)
    assert 'id="passport-points"' in body and "passports/public_map.js" in body
    # Qualifications: one verified badge per supplier, linking its credential.
    qualifications = section(body, "qualifications")
    dccs = model_passport.linked.filter(kind=Credential.Kind.DCC)
    assert dccs.count() == 3
    for dcc in dccs:
        assert reverse("credential", args=[dcc.uid]) in qualifications
    assert qualifications.count('data-verified="true"') == 3
    # Care, durability and repair, end of life.
    use = section(body, "use")
    assert "Hand wash at 30 °C." in use
    assert "Free mending for two years." in use
    assert "Take it to a used-clothing collection point." in use
    # The verification page and the credential.
    assert f"/verify/?credential={model_passport.credential.uid}" in body


def test_the_public_page_shows_substance_names_only(client, model_passport):
    _response, body = page(client)
    assert "N,N-dimethylformamide" in body
    assert CAS not in body and LOCATION not in body
    assert 'id="events"' not in body  # a model passport has no batch events


def test_suppliers_that_did_not_consent_are_not_named(client, jumper, suppliers, brand_owner):
    consent(suppliers["embroiderer"], False)
    passport = issue_passport(jumper, granularity="model", user=brand_owner)
    response, body = page(client)
    embroiderer = suppliers["embroiderer"]
    site = embroiderer.sites.first()
    assert embroiderer.legal_name not in body
    assert site.name not in body
    assert site.facility_id in section(body, "steps")
    assert suppliers["knitter"].legal_name in body
    # Its place on the map is rough (about 10 km), the others' exact.
    rough = [p for p in response.context["points"] if not p["exact"]]
    assert len(rough) == 1
    assert rough[0]["lat"] == round(site.lat, 1) and rough[0]["lon"] == round(site.lon, 1)
    assert embroiderer.legal_name not in json.dumps(response.context["points"])
    # No conformity credential for it, and the signed credential does not name it either.
    assert passport.linked.filter(kind=Credential.Kind.DCC).count() == 2
    ld = client.get(PAGE, HTTP_ACCEPT="application/ld+json").content.decode()
    assert embroiderer.legal_name not in ld


# Tiers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["brand_owner", "admin", "viewer"])
def test_the_value_chain_sees_supplier_names_and_substance_details(
    request, client_for, jumper, suppliers, brand_owner, brand_c, owner_spinner_firm, persona
):
    consent(suppliers["embroiderer"], False)
    issue_passport(jumper, granularity="model", user=brand_owner)
    if persona == "viewer":
        PassportViewer.objects.create(brand=brand_c, firm=owner_spinner_firm)
        user = owner_spinner_firm.memberships.get().user
    else:
        user = request.getfixturevalue(persona)
    response, body = page(client_for(user))
    assert response.context["tier"] == "value_chain"
    assert suppliers["embroiderer"].legal_name in section(body, "steps")
    composition = section(body, "composition")
    assert CAS in composition and LOCATION in composition and "0.01" in composition
    assert response["Cache-Control"] == "private, no-store"
    assert all(p["exact"] for p in response.context["points"])
    assert 'id="versions"' not in body


@pytest.fixture
def owner_spinner_firm(suppliers):
    return suppliers["spinner"]


@pytest.mark.parametrize("persona", ["owner_b", "manager", "outsider", "prato_manager"])
def test_others_read_the_public_tier(request, client_for, model_passport, persona):
    response, body = page(client_for(request.getfixturevalue(persona)))
    assert response.context["tier"] == "public"
    assert CAS not in body


def test_authorities_see_versions_and_revocation_reasons(
    client, jumper, model_passport, brand_owner, make_token
):
    second = issue_passport(jumper, granularity="model", user=brand_owner)
    revoke_passport(second, user=brand_owner, reason="Etichetta con composizione errata")
    _token, raw = make_token()
    response, body = page(client, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.context["tier"] == "authority"
    versions = section(body, "versions")
    assert 'data-version="2"' in versions and 'data-version="1"' in versions
    assert "Etichetta con composizione errata" in versions
    assert 'id="revocation-reason"' in body
    assert CAS in body
    public_body = page(client)[1]
    assert "Etichetta con composizione errata" not in public_body
    assert 'id="versions"' not in public_body


# Banners ----------------------------------------------------------------------------------------


def test_superseded_version_says_so_and_links_the_newer(
    client, jumper, model_passport, brand_owner
):
    second = issue_passport(jumper, granularity="model", user=brand_owner)
    old = reverse("passport_version", args=[model_passport.credential.uid])
    _response, body = page(client, old)
    assert 'id="banner-superseded" role="status" data-latest="2"' in body
    assert reverse("passport_version", args=[second.credential.uid]) in body
    assert 'id="version-details"' in body  # details: the signed credential of that version
    current = page(client, reverse("passport_version", args=[second.credential.uid]))[1]
    assert 'id="banner-superseded"' not in current


def test_revoked_version_says_when(client, model_passport, brand_owner):
    revoke_passport(model_passport, user=brand_owner, reason="Prodotto ritirato")
    _response, body = page(client)
    model_passport.credential.refresh_from_db()
    day = model_passport.credential.revoked_at.date().isoformat()
    assert f'data-revoked-on="{day}"' in body
    assert 'id="badge-revoked"' in body
    assert "Prodotto ritirato" not in body


def test_a_revoked_conformity_credential_loses_its_verified_badge(
    client, model_passport, brand_owner
):
    dcc = model_passport.linked.filter(kind=Credential.Kind.DCC).first()
    signing.revoke(dcc, user=brand_owner, reason="Qualifica sospesa")
    _response, body = page(client)
    badge = re.search(rf'data-credential="{dcc.uid}"[^>]*data-verified="(\w+)"', body)
    assert badge and badge.group(1) == "false"
    assert section(body, "qualifications").count('data-verified="true"') == 2


# Batches ---------------------------------------------------------------------------------------


def test_batch_passport_events_public_and_value_chain(
    client, client_for, jumper_batch, brand_owner
):
    issue_passport(jumper_batch.product, granularity="batch", batch=jumper_batch, user=brand_owner)
    path = f"{PAGE}/10/{jumper_batch.lot}"
    response, body = page(client, path)
    events = section(body, "events")
    assert len(response.context["events"]) == 3
    assert "data-quantity" not in events  # public: dates and steps only
    _response, detailed = page(client_for(brand_owner), path)
    assert 'data-quantity="500"' in section(detailed, "events")
    assert f'data-lot="{jumper_batch.lot}"' in body


# Language, caching --------------------------------------------------------------------------


def test_the_page_speaks_the_visitors_language(client, model_passport):
    response_it, italian = page(client, lang="it")
    response_en, english = page(client, lang="en")
    assert "Maglia girocollo in lana" in italian and "Wool crew-neck jumper" in english
    assert "lana" in section(italian, "composition")
    assert "Lavare a mano a 30 °C." in italian
    assert '<html lang="it"' in italian and '<html lang="en"' in english
    assert response_it["ETag"] != response_en["ETag"]
    assert "Accept-Language" in response_it["Vary"]


def test_version_pages_answer_304_and_404(client, model_passport):
    url = reverse("passport_version", args=[model_passport.credential.uid])
    response, _body = page(client, url)
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    missing = client.get(reverse("passport_version", args=["5b0f7a4c-0f4e-4c59-9d64-0d8f7c1e2a33"]))
    assert missing.status_code == 404


def test_a_conformity_credential_opens_on_the_verification_page(client, model_passport):
    dcc = model_passport.linked.filter(kind=Credential.Kind.DCC).first()
    url = reverse("credential", args=[dcc.uid])
    browser = client.get(url, HTTP_ACCEPT="text/html")
    assert browser.status_code == 302
    assert browser["Location"] == f"{reverse('verify_credential')}?credential={dcc.uid}"
    signed = client.get(url, HTTP_ACCEPT="application/vc+jwt")
    assert signed.content.decode() == dcc.jwt
    assert signed["Cache-Control"] == "public, max-age=31536000, immutable"
    # The facility records the passport links are for the value chain only.
    dfr = model_passport.linked.filter(kind=Credential.Kind.DFR).first()
    assert client.get(reverse("credential", args=[dfr.uid])).status_code == 404


def test_the_header_shows_the_products_image(client, jumper, brand_owner):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from filiera.products.services.images import add_image

    data = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(data, format="PNG")
    upload = SimpleUploadedFile("front.png", data.getvalue(), content_type="image/png")
    image = add_image(
        brand_owner, jumper, file=upload, alt="Maglia blu, davanti", alt_en="Blue jumper, front"
    )
    issue_passport(jumper, granularity="model", user=brand_owner)
    _response, body = page(client)
    assert f'src="{image.image.url}" alt="Blue jumper, front"' in body


def test_the_page_shows_the_signed_footprint_only(client, jumper, model_passport):
    from filiera.footprint.models import FootprintResult

    signed = jumper.footprint.ecs
    # The product changed after the passport was issued: the signed total stays, without the
    # chart (its figures are the product's new ones, not the signed ones).
    FootprintResult.objects.filter(product=jumper).update(ecs=signed * 2)
    response, body = page(client)
    footprint = section(body, "footprint")
    assert response.context["footprint"]["ecs"] == pytest.approx(signed, rel=1e-6)
    assert "<svg" not in footprint


def test_no_footprint_section_when_the_passport_has_none(client, gtin_product, sign_passport):
    from tests.passports.factories_resolver import GTIN

    sign_passport(gtin_product)
    _response, body = page(client, f"/01/{GTIN}")
    assert 'id="footprint"' not in body
