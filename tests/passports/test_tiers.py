"""Which tier each persona reads, authority tokens (header and session), and the district's
authority-tokens page.

Decision checked here: a token issued by any district opens every passport on the platform
(Prato's token reads a Prato brand's passport and a Carpi brand's alike).
"""

# ruff: noqa: F811 (fixtures imported from tests.passports.factories_resolver)

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from filiera.core.models import AuditEvent
from filiera.passports import tiers
from filiera.passports.models import AuthorityToken
from filiera.passports.services import authority
from tests.chains.conftest import brand_y  # noqa: F401 (fixture)
from tests.conftest import PERSONAS
from tests.passports.factories_resolver import (  # noqa: F401 (fixtures)
    gtin_product,
    make_token,
    viewer_grant,
)


def request_for(user=None, *, bearer: str = "", session_hash: str = ""):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {bearer}"} if bearer else {}
    request = RequestFactory().get("/01/x", **headers)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    if session_hash:
        request.session[tiers.SESSION_KEY] = session_hash
    return request


# Personas -----------------------------------------------------------------------------------

VALUE_CHAIN = {"admin", "brand_owner", "owner_a", "editor_a", "viewer_a"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_tier_of_each_persona(request, gtin_product, viewer_grant, persona):
    user = request.getfixturevalue(persona)
    expected = tiers.VALUE_CHAIN if persona in VALUE_CHAIN else tiers.PUBLIC
    assert tiers.tier_for(request_for(user), gtin_product) == expected


def test_anonymous_reads_the_public_tier(gtin_product):
    assert tiers.tier_for(request_for(), gtin_product) == tiers.PUBLIC


def test_a_firm_without_the_brands_grant_reads_the_public_tier(gtin_product, owner_a, owner_b):
    # No PassportViewer row: firm A is not authorised.
    assert tiers.tier_for(request_for(owner_a), gtin_product) == tiers.PUBLIC
    assert tiers.tier_for(request_for(owner_b), gtin_product) == tiers.PUBLIC


def test_the_grant_is_for_one_brand_only(gtin_product, viewer_grant, owner_a, brand_y):
    from filiera.products.models import Product

    other = Product.objects.create(
        brand=brand_y, name="Altro", category="pull", mass_kg=gtin_product.mass_kg
    )
    assert tiers.tier_for(request_for(owner_a), gtin_product) == tiers.VALUE_CHAIN
    assert tiers.tier_for(request_for(owner_a), other) == tiers.PUBLIC


def test_district_manager_without_a_token_reads_the_public_tier(gtin_product, manager):
    assert tiers.tier_for(request_for(manager), gtin_product) == tiers.PUBLIC


# Tokens -------------------------------------------------------------------------------------


def test_valid_token_in_the_header_gives_the_authority_tier(gtin_product, make_token):
    _token, raw = make_token()
    assert tiers.tier_for(request_for(bearer=raw), gtin_product) == tiers.AUTHORITY


def test_valid_token_in_the_session_gives_the_authority_tier(gtin_product, make_token):
    _token, raw = make_token()
    digest = hashlib.sha256(raw.encode()).hexdigest()
    assert tiers.tier_for(request_for(session_hash=digest), gtin_product) == tiers.AUTHORITY


@pytest.mark.parametrize("state", ["expired", "revoked", "wrong"])
def test_expired_revoked_or_wrong_tokens_give_the_public_tier(gtin_product, make_token, state):
    _token, raw = make_token(days=-1 if state == "expired" else 30, revoked=state == "revoked")
    if state == "wrong":
        raw = raw[:-2] + "xx"
    assert tiers.tier_for(request_for(bearer=raw), gtin_product) == tiers.PUBLIC


def test_a_token_is_valid_through_its_last_day(gtin_product, make_token):
    token, raw = make_token(days=0)
    assert token.expires_on == timezone.localdate()
    assert tiers.tier_for(request_for(bearer=raw), gtin_product) == tiers.AUTHORITY


def test_another_districts_token_opens_every_passport(gtin_product, make_token, prato, carpi):
    # The product's brand (brand C) is in Prato; the token is Carpi's, and Prato's works too.
    assert not gtin_product.brand.districts.filter(pk=carpi.pk).exists()
    _carpi_token, carpi_raw = make_token()
    _prato_token, prato_raw = make_token(district=prato, name="ASL Prato")
    assert tiers.tier_for(request_for(bearer=carpi_raw), gtin_product) == tiers.AUTHORITY
    assert tiers.tier_for(request_for(bearer=prato_raw), gtin_product) == tiers.AUTHORITY


def test_use_is_noted_at_most_once_a_minute(gtin_product, make_token):
    token, raw = make_token()
    assert token.last_used_at is None
    tiers.tier_for(request_for(bearer=raw), gtin_product)
    first = AuthorityToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    tiers.tier_for(request_for(bearer=raw), gtin_product)
    assert AuthorityToken.objects.get(pk=token.pk).last_used_at == first
    AuthorityToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    tiers.tier_for(request_for(bearer=raw), gtin_product)
    assert AuthorityToken.objects.get(pk=token.pk).last_used_at > first


def test_only_the_hash_is_stored_and_changes_are_audited(manager, carpi):
    token, raw = authority.create_token(
        manager, carpi, name="Dogane", expires_on=timezone.localdate() + timedelta(days=5)
    )
    assert len(raw) >= 43
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(AuthorityToken.objects.values()))
    assert token.prefix == raw[:8]
    authority.revoke_token(manager, token)
    actions = list(
        AuditEvent.objects.filter(object_id=str(token.pk), district_id=carpi.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "revoke"]
    assert raw not in str(list(AuditEvent.objects.values("changes")))


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [("", 5, "name"), ("Dogane", -1, "expires_on"), ("Dogane", 2000, "expires_on")],
)
def test_bad_token_input_names_the_field(manager, carpi, name, days, field):
    with pytest.raises(authority.AuthorityTokenError) as err:
        authority.create_token(
            manager, carpi, name=name, expires_on=timezone.localdate() + timedelta(days=days)
        )
    assert err.value.field == field
    assert not AuthorityToken.objects.exists()


# The authority page -------------------------------------------------------------------------


def test_entering_a_token_keeps_its_hash_in_the_session(client_for, make_token):
    _token, raw = make_token()
    client = client_for(None)
    response = client.post(reverse("passport_authority"), {"action": "enter", "token": raw})
    assert response.status_code == 302
    assert client.session[tiers.SESSION_KEY] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(dict(client.session))
    page = client.get(reverse("passport_authority"))
    assert page.context["current"].name == "Dogane Modena"
    client.post(reverse("passport_authority"), {"action": "forget"})
    assert tiers.SESSION_KEY not in client.session


@pytest.mark.parametrize("state", ["expired", "revoked", "wrong"])
def test_a_bad_token_is_refused_on_the_page(client_for, make_token, state):
    _token, raw = make_token(days=-1 if state == "expired" else 30, revoked=state == "revoked")
    if state == "wrong":
        raw = "not-a-token"
    client = client_for(None)
    response = client.post(reverse("passport_authority"), {"action": "enter", "token": raw})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert tiers.SESSION_KEY not in client.session


def test_the_page_goes_back_to_a_local_next_only(client_for, make_token):
    _token, raw = make_token()
    client = client_for(None)
    back = client.post(
        reverse("passport_authority"),
        {"action": "enter", "token": raw, "next": "/passports/x/"},
    )
    assert back["Location"] == "/passports/x/"
    away = client.post(
        reverse("passport_authority"),
        {"action": "enter", "token": raw, "next": "https://evil.example/"},
    )
    assert away["Location"] == reverse("passport_authority")


# The district's tokens page -----------------------------------------------------------------

MANAGERS = {"manager", "admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_tokens_page_for_every_persona(request, client_for, carpi, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("authority_tokens", args=[carpi.slug]))
    assert response.status_code == (200 if persona in MANAGERS else 404)


def test_tokens_page_sends_anonymous_visitors_to_log_in(client_for, carpi):
    response = client_for(None).get(reverse("authority_tokens", args=[carpi.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in MANAGERS])
def test_others_create_and_revoke_nothing(request, client_for, carpi, make_token, persona):
    token, _raw = make_token()
    client = client_for(request.getfixturevalue(persona))
    url = reverse("authority_tokens", args=[carpi.slug])
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    created = client.post(url, {"action": "create", "name": "X", "expires_on": until})
    revoked = client.post(url, {"action": "revoke", "token": token.pk})
    assert created.status_code == revoked.status_code == 404
    assert AuthorityToken.objects.count() == 1
    assert AuthorityToken.objects.get().revoked_at is None


def test_manager_creates_a_token_shown_once(client_for, manager, carpi):
    client = client_for(manager)
    url = reverse("authority_tokens", args=[carpi.slug])
    until = timezone.localdate() + timedelta(days=90)
    response = client.post(
        url, {"action": "create", "name": "Ispettorato del lavoro", "expires_on": until}
    )
    assert response.status_code == 200
    raw = response.context["created"]
    token = AuthorityToken.objects.get(district=carpi)
    assert token.name == "Ispettorato del lavoro" and token.expires_on == until
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    again = client.get(url)
    assert raw not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_bad_input_saves_nothing(client_for, manager, carpi):
    url = reverse("authority_tokens", args=[carpi.slug])
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(manager).post(
        url, {"action": "create", "name": "Dogane", "expires_on": past}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"]
    assert not AuthorityToken.objects.exists()


def test_manager_revokes_a_token_of_the_district_only(
    client_for, manager, carpi, prato, make_token
):
    token, raw = make_token()
    other, _other_raw = make_token(district=prato)
    client = client_for(manager)
    url = reverse("authority_tokens", args=[carpi.slug])
    assert client.post(url, {"action": "revoke", "token": other.pk}).status_code == 404
    assert client.post(url, {"action": "revoke", "token": token.pk}).status_code == 302
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None
    assert tiers.valid_token(raw) is None


def test_prato_manager_sees_no_carpi_tokens(client_for, prato_manager, prato, make_token):
    make_token()
    response = client_for(prato_manager).get(reverse("authority_tokens", args=[prato.slug]))
    assert response.status_code == 200
    assert list(response.context["tokens"]) == []
