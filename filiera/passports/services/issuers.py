"""Issuers: the brands and districts that sign credentials, their ``did:web`` and their keys.

An issuer is created with its first Ed25519 key the first time it is needed. Its DID is
``did:web:<host of SITE_URL>:issuers:<slug>`` and its DID document is served at
``/issuers/<slug>/did.json``. Private keys are stored encrypted under
``settings.PASSPORT_KEY_SECRET`` and decrypted once per process. Rotating a key retires the old
one (it stays in the DID document, so what it signed still verifies) and makes a new one.
Who may rotate is checked by the views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from joserfc.jwk import OKPKey

from filiera.core import audit
from filiera.passports.engine import did as dids
from filiera.passports.engine import keys
from filiera.passports.models import Issuer, IssuerKey
from filiera.registry.models import District, Firm

FIRM_SLUG = "brand-{pk}"
DISTRICT_SLUG = "district-{slug}"

# Decrypted signing keys of this process: (key pk, kid) -> (secret used, key).
_SIGNERS: dict[tuple[int, str], tuple[str, OKPKey]] = {}


def issuer_did(issuer: Issuer) -> str:
    return dids.did_web(settings.SITE_URL, "issuers", issuer.slug)


def key_id(issuer: Issuer, key: IssuerKey) -> str:
    """The full key id (``did#kid``) that signed credentials carry in their header."""
    return dids.key_id(issuer_did(issuer), key.kid)


def _scope(issuer: Issuer) -> dict[str, int | None]:
    return {"firm_id": issuer.firm_id, "district_id": issuer.district_id}


def _new_key(issuer: Issuer) -> IssuerKey:
    pair = keys.generate()
    sealed = keys.encrypt_private_key(
        pair.private_bytes, settings.PASSPORT_KEY_SECRET, label=pair.kid
    )
    key = IssuerKey.objects.create(
        issuer=issuer, kid=pair.kid, public_jwk=pair.public_jwk, private_key=sealed
    )
    _SIGNERS[(key.pk, key.kid)] = (
        settings.PASSPORT_KEY_SECRET,
        keys.signing_key(pair.private_bytes),
    )
    return key


def _get_or_create(lookup: dict[str, Any], slug: str, name: str) -> Issuer:
    issuer = Issuer.objects.filter(**lookup).first()
    if issuer is None:
        try:
            with transaction.atomic():
                issuer = Issuer.objects.create(slug=slug, name=name[:200], **lookup)
                key = _new_key(issuer)
                audit.record(
                    None,
                    "create_issuer",
                    issuer,
                    changes=audit.facts(did=issuer_did(issuer), key=key.kid),
                    **_scope(issuer),
                )
        except IntegrityError:  # created at the same moment by another request
            issuer = Issuer.objects.get(**lookup)
    elif issuer.name != name[:200]:
        audit.record(
            None, "rename_issuer", issuer, changes={"name": [issuer.name, name]}, **_scope(issuer)
        )
        Issuer.objects.filter(pk=issuer.pk).update(name=name[:200])
        issuer.name = name[:200]
    return issuer


def issuer_for_firm(firm: Firm) -> Issuer:
    """The issuer that signs the firm's passports (created with a first key when missing)."""
    return _get_or_create({"firm": firm}, FIRM_SLUG.format(pk=firm.pk), firm.legal_name)


def issuer_for_district(district: District) -> Issuer:
    """The issuer that signs the district's conformity credentials and facility records."""
    return _get_or_create(
        {"district": district}, DISTRICT_SLUG.format(slug=district.slug), district.name
    )


def active_key(issuer: Issuer) -> IssuerKey:
    """The key that signs now (a new one when every key was retired or revoked)."""
    key = IssuerKey.objects.filter(
        issuer=issuer, retired_at__isnull=True, revoked_at__isnull=True
    ).first()
    if key is None:
        with transaction.atomic():
            Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
            key = IssuerKey.objects.filter(
                issuer=issuer, retired_at__isnull=True, revoked_at__isnull=True
            ).first()
            if key is None:
                key = _new_key(issuer)
                audit.record(
                    None,
                    "add_issuer_key",
                    issuer,
                    changes=audit.facts(key=key.kid),
                    **_scope(issuer),
                )
    return key


def private_key(key: IssuerKey) -> OKPKey:
    """The decrypted signing key; ``keys.KeySecretError`` when the key secret is wrong."""
    secret = settings.PASSPORT_KEY_SECRET
    cached = _SIGNERS.get((key.pk, key.kid))
    if cached is not None and cached[0] == secret:
        return cached[1]
    raw = keys.decrypt_private_key(bytes(key.private_key), secret, label=key.kid)
    signer = keys.signing_key(raw)
    _SIGNERS[(key.pk, key.kid)] = (secret, signer)
    return signer


@transaction.atomic
def rotate_key(issuer: Issuer, *, user) -> IssuerKey:
    """Retire the active key and make a new one. The retired key stays in the DID document."""
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    now = timezone.now()
    old = list(
        IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True, revoked_at__isnull=True)
    )
    IssuerKey.objects.filter(pk__in=[k.pk for k in old]).update(retired_at=now)
    key = _new_key(issuer)
    audit.record(
        user,
        "rotate_issuer_key",
        issuer,
        changes={"key": [", ".join(k.kid for k in old) or None, key.kid]},
        **_scope(issuer),
    )
    return key


def listed_keys(issuer: Issuer) -> list[IssuerKey]:
    """The keys in the DID document: every key not revoked, the active one first."""
    rows = IssuerKey.objects.filter(issuer=issuer, revoked_at__isnull=True).order_by(
        "-created_at", "-id"
    )
    return sorted(rows, key=lambda k: k.retired_at is not None)


def did_document(issuer: Issuer) -> dict[str, Any]:
    return dids.build_document(
        issuer_did(issuer),
        [
            dids.DidKey(k.kid, k.public_jwk, active=k.retired_at is None)
            for k in listed_keys(issuer)
        ],
    )


def slug_for_did(did: str) -> str | None:
    """The issuer slug of one of this platform's DIDs; ``None`` for any other DID."""
    try:
        name = dids.parse(did)
        ours = dids.parse(dids.did_web(settings.SITE_URL))
    except dids.DidError:
        return None
    if (name.host, name.port) != (ours.host, ours.port):
        return None
    if len(name.path) != 2 or name.path[0] != "issuers":
        return None
    return name.path[1]


def local_did_document(did: str) -> dict[str, Any] | None:
    """The DID document of one of this platform's issuers, or ``None`` (another host, or no
    such issuer)."""
    slug = slug_for_did(did)
    issuer = Issuer.objects.filter(slug=slug).first() if slug else None
    if issuer is None or issuer_did(issuer) != did:
        return None
    return did_document(issuer)
