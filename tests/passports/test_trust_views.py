"""Trust endpoints and pages: DID documents, status lists, the verification page, and who sees
and rotates an issuer's keys."""

from __future__ import annotations

import base64
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from filiera.passports.engine import status_list, vcjwt
from filiera.passports.models import IssuerKey
from filiera.passports.services import issuers, signing
from filiera.registry.models import FirmMembership
from tests.conftest import PERSONAS
from tests.passports.factories_trust import sample

SITE_URL = settings.SITE_URL


@pytest.fixture
def brand_issuer(brand_c):
    return issuers.issuer_for_firm(brand_c)


@pytest.fixture
def credential(brand_issuer):
    return signing.sign_and_store(kind="dpp", issuer=brand_issuer, document=sample("dpp"))


# DID documents -------------------------------------------------------------------------------


def test_the_did_document_is_public_cacheable_and_open_to_other_origins(client, brand_issuer):
    url = reverse("issuer_did_document", args=[brand_issuer.slug])
    assert url == f"/issuers/{brand_issuer.slug}/did.json"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert json.loads(response.content) == issuers.did_document(brand_issuer)
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.head(url).status_code == 200


def test_the_did_document_changes_with_a_new_key(client, brand_issuer, brand_owner):
    url = reverse("issuer_did_document", args=[brand_issuer.slug])
    etag = client.get(url)["ETag"]
    issuers.rotate_key(brand_issuer, user=brand_owner)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert len(json.loads(response.content)["verificationMethod"]) == 2


def test_unknown_issuer_and_writes(client, brand_issuer):
    assert client.get("/issuers/nobody/did.json").status_code == 404
    assert client.post(f"/issuers/{brand_issuer.slug}/did.json").status_code == 405


# Status lists --------------------------------------------------------------------------------


def test_the_status_list_is_signed_by_default(client, brand_issuer, credential, brand_owner):
    signing.revoke(credential, user=brand_owner, reason="Recalled")
    url = reverse("status_list", args=[brand_issuer.slug, 1])
    assert credential.document["credentialStatus"]["statusListCredential"] == SITE_URL + url
    for accept in (None, "application/vc+jwt", "*/*", "text/html"):
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vc+jwt"
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in response["Vary"]
    token = response.content.decode()
    _header, payload = vcjwt.decode_unverified(token)
    bits = status_list.read_list(payload, "revocation")
    assert status_list.get_bit(bits, credential.status_index)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_status_list_as_json_ld(client, brand_issuer, credential):
    url = reverse("status_list", args=[brand_issuer.slug, 1])
    response = client.get(url, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["id"] == credential.document["credentialStatus"]["statusListCredential"]
    signed = client.get(url)
    assert response["ETag"] != signed["ETag"]


def test_unknown_status_lists(client, brand_issuer, credential):
    assert client.get(reverse("status_list", args=[brand_issuer.slug, 2])).status_code == 404
    assert client.get(reverse("status_list", args=["nobody", 1])).status_code == 404


# The verification page -----------------------------------------------------------------------


def verify_post(client, **data):
    with translation.override("en"):
        return client.post(reverse("verify_credential"), data)


def test_the_page_is_public(client):
    response = client.get(reverse("verify_credential"))
    assert response.status_code == 200
    assert b'id="verify-form"' in response.content
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_good_credential(client, credential, brand_issuer):
    response = verify_post(client, credential=credential.jwt)
    assert response.status_code == 200
    context = response.context
    assert context["verdict"] == "valid"
    assert [c["state"] for c in context["checks"]] == ["ok"] * 7
    html = response.content.decode()
    assert 'data-verdict="valid"' in html
    assert brand_issuer.name in html and issuers.issuer_did(brand_issuer) in html
    assert 'data-kind="dpp"' in html
    assert "EV battery 300Ah." in html  # the product's name from the subject


def test_a_tampered_credential_is_shown_in_red(client, credential):
    header, _payload, signature = credential.jwt.split(".")
    document = dict(credential.document)
    document["credentialSubject"] = {**document["credentialSubject"], "id": "https://x.example"}
    edited = base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()
    response = verify_post(client, credential=f"{header}.{edited}.{signature}")
    assert response.status_code == 200
    assert response.context["verdict"] == "tampered"
    html = response.content.decode()
    assert 'class="verdict tampered"' in html
    assert 'data-check="signature" data-state="failed" data-code="tampered"' in html


def test_a_revoked_credential_is_shown_in_red(client, credential, brand_owner):
    signing.revoke(credential, user=brand_owner, reason="Recalled")
    response = verify_post(client, credential=json.dumps(vcjwt.enveloped(credential.jwt)))
    assert response.context["verdict"] == "revoked"
    html = response.content.decode()
    assert 'class="verdict revoked"' in html
    assert 'data-check="status" data-state="failed" data-code="revoked"' in html


def test_an_unsigned_credential(client, credential):
    response = verify_post(client, credential=json.dumps(credential.document))
    assert response.context["verdict"] == "not_signed"


def test_garbage_is_not_a_credential(client):
    response = verify_post(client, credential="<script>alert(1)</script>")
    assert response.status_code == 200
    assert response.context["verdict"] == "unreadable"
    assert b"<script>alert(1)</script>" not in response.content


def test_a_credential_from_elsewhere_cannot_be_resolved(client):
    from tests.passports.factories_trust import make_issuer

    elsewhere = make_issuer(host="elsewhere.example")
    response = verify_post(client, credential=elsewhere.sign(elsewhere.credential()))
    assert response.context["verdict"] == "invalid"
    checks = {c["name"]: c for c in response.context["checks"]}
    assert checks["issuer"]["code"] == "unknown_issuer"


def test_a_file_upload(client, credential):
    upload = SimpleUploadedFile("passport.jwt", credential.jwt.encode(), "application/octet-stream")
    response = verify_post(client, file=upload)
    assert response.context["verdict"] == "valid"
    upload = SimpleUploadedFile(
        "passport.json", json.dumps(vcjwt.enveloped(credential.jwt)).encode(), "application/json"
    )
    assert verify_post(client, file=upload).context["verdict"] == "valid"


@pytest.mark.parametrize(
    ("name", "content", "content_type", "field"),
    [
        ("photo.png", b"\x89PNG....", "image/png", "file"),
        ("big.json", b" " * 1_000_001, "application/json", "file"),
        ("binary.jwt", b"\xff\xfe\x00", "application/octet-stream", "file"),
    ],
)
def test_bad_uploads_are_refused(client, name, content, content_type, field):
    upload = SimpleUploadedFile(name, content, content_type)
    response = verify_post(client, file=upload)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "result" not in response.context


def test_nothing_or_both_is_refused(client, credential):
    response = verify_post(client)
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    upload = SimpleUploadedFile("p.jwt", credential.jwt.encode(), "text/plain")
    response = verify_post(client, credential=credential.jwt, file=upload)
    assert response.status_code == 400
    assert verify_post(client, credential="x" * 1_000_001).status_code == 400


# Issuer pages --------------------------------------------------------------------------------


@pytest.fixture
def brand_viewer(make_user, brand_c):
    user = make_user("brand_viewer")
    FirmMembership.objects.create(user=user, firm=brand_c, role="viewer")
    return user


FIRM_SEE = {"admin", "brand_owner", "brand_viewer"}
FIRM_ROTATE = {"admin", "brand_owner"}


@pytest.mark.parametrize("persona", [*PERSONAS, "brand_viewer"])
def test_firm_issuer_page_personas(request, client_for, brand_c, brand_issuer, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse("firm_issuer", args=[brand_c.pk])
    response = client.get(url)
    if persona not in FIRM_SEE:
        assert response.status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert issuers.issuer_did(brand_issuer) in html
    assert ('id="rotate-form"' in html) == (persona in FIRM_ROTATE)
    response = client.post(url, {"confirm": "on"})
    keys = IssuerKey.objects.filter(issuer=brand_issuer)
    if persona in FIRM_ROTATE:
        assert response.status_code == 302 and response["Location"] == url
        assert keys.count() == 2 and keys.filter(retired_at__isnull=True).count() == 1
    else:
        assert response.status_code == 403
        assert keys.count() == 1


def test_anonymous_is_sent_to_log_in(client, brand_c, carpi):
    for url in (
        reverse("firm_issuer", args=[brand_c.pk]),
        reverse("district_issuer", args=["carpi"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


DISTRICT_SEE = {"admin", "manager", "verifier"}
DISTRICT_ROTATE = {"admin", "manager"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_district_issuer_page_personas(request, client_for, carpi, persona):
    issuer = issuers.issuer_for_district(carpi)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse("district_issuer", args=["carpi"])
    assert url == "/districts/carpi/issuer/"
    response = client.get(url)
    if persona not in DISTRICT_SEE:
        assert response.status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
        return
    assert response.status_code == 200
    assert ('id="rotate-form"' in response.content.decode()) == (persona in DISTRICT_ROTATE)
    response = client.post(url, {"confirm": "on"})
    count = IssuerKey.objects.filter(issuer=issuer).count()
    if persona in DISTRICT_ROTATE:
        assert response.status_code == 302 and count == 2
    else:
        assert response.status_code == 403 and count == 1


def test_rotation_needs_confirmation(client_for, brand_owner, brand_c, brand_issuer):
    client = client_for(brand_owner)
    response = client.post(reverse("firm_issuer", args=[brand_c.pk]), {})
    assert response.status_code == 400
    assert response.context["form"].errors["confirm"]
    assert IssuerKey.objects.filter(issuer=brand_issuer).count() == 1


def test_the_page_lists_keys_and_lists(client_for, brand_owner, brand_c, brand_issuer, credential):
    old = credential.key
    issuers.rotate_key(brand_issuer, user=brand_owner)
    html = client_for(brand_owner).get(reverse("firm_issuer", args=[brand_c.pk])).content.decode()
    assert f'data-kid="{old.kid}" data-state="retired"' in html
    assert 'data-state="active"' in html
    assert signing.status_list_url(signing.find_status_list(brand_issuer.slug, 1)) in html


def test_no_issuer_yet(client_for, owner_a, firm_a):
    client = client_for(owner_a)
    url = reverse("firm_issuer", args=[firm_a.pk])
    response = client.get(url)
    assert response.status_code == 200 and b'id="no-issuer"' in response.content
    assert client.post(url, {"confirm": "on"}).status_code == 404
