"""Signing credentials, storing them, revoking them, and publishing the status lists.

``sign_and_store`` completes a credential built by the UNTP builders (its id, issuer, validity
and status entry), signs it as a VC-JWT with the issuer's active key and stores both forms. Each
credential gets the next free bit of its issuer's revocation list; a full list is followed by a
new one (number + 1). ``revoke`` sets that bit. The signed status list is cached per process
until the list changes or the key rotates. Who may call these is checked by the views.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.passports.engine import status_list as lists
from filiera.passports.engine import vcjwt
from filiera.passports.models import Credential, Issuer, StatusList
from filiera.passports.services import issuers

REVOCATION = lists.REVOCATION
STATUS_PATH = "/credentials/status/"
REASON_MAX = 200
_LIST_FIELDS = ("id", "issuer_id", "purpose", "number", "size", "next_index")
_JWT_CACHE: OrderedDict[tuple, str] = OrderedDict()
_JWT_CACHE_SIZE = 256
_JWT_LOCK = threading.Lock()


class SigningError(UserError):
    """Bad input to the signing services; ``field`` names the form field (or ``None``)."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def timestamp(moment: datetime) -> str:
    """A credential's date and time: UTC, whole seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_url(status_list: StatusList, issuer: Issuer | None = None) -> str:
    slug = (issuer or status_list.issuer).slug
    return f"{settings.SITE_URL}{STATUS_PATH}{slug}/{status_list.number}"


def credential_url(uid: uuid.UUID) -> str:
    return f"{settings.SITE_URL}/credentials/{uid}"


# Status lists --------------------------------------------------------------------------------


def _new_list(issuer: Issuer, number: int) -> StatusList:
    status_list = StatusList.objects.create(
        issuer=issuer,
        purpose=REVOCATION,
        number=number,
        size=lists.MIN_BITS,
        bits=lists.new_bits(lists.MIN_BITS),
    )
    audit.record(
        None,
        "create_status_list",
        status_list,
        changes=audit.facts(number=number, size=status_list.size),
        firm_id=issuer.firm_id,
        district_id=issuer.district_id,
    )
    return status_list


def _allocate(issuer: Issuer) -> tuple[StatusList, int]:
    """The issuer's current revocation list (locked) and the next free index in it."""
    for _attempt in range(3):
        current = (
            StatusList.objects.select_for_update()
            .only(*_LIST_FIELDS)
            .filter(issuer=issuer, purpose=REVOCATION)
            .order_by("-number")
            .first()
        )
        if current is not None and current.next_index < current.size:
            index = current.next_index
            StatusList.objects.filter(pk=current.pk).update(next_index=index + 1)
            return current, index
        try:
            with transaction.atomic():
                fresh = _new_list(issuer, current.number + 1 if current else 1)
                StatusList.objects.filter(pk=fresh.pk).update(next_index=1)
                return fresh, 0
        except IntegrityError:  # another request opened the same list first
            continue
    raise RuntimeError("no status list index could be allocated")


def status_list_document(status_list: StatusList) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` of ``status_list``."""
    issuer = status_list.issuer
    return lists.list_credential(
        url=status_list_url(status_list, issuer),
        issuer=issuers.issuer_did(issuer),
        valid_from=timestamp(status_list.updated_at),
        bits=bytes(status_list.bits),
        purpose=status_list.purpose,
    )


def status_list_jwt(status_list: StatusList) -> str:
    """The signed status list, signed again only when the list changed or the key rotated."""
    issuer = status_list.issuer
    key = issuers.active_key(issuer)
    cache_key = (status_list.pk, status_list.updated_at, key.pk, key.kid, settings.SITE_URL)
    with _JWT_LOCK:
        token = _JWT_CACHE.get(cache_key)
        if token is not None:
            _JWT_CACHE.move_to_end(cache_key)
    if token is None:
        token = vcjwt.sign(
            status_list_document(status_list),
            private_key=issuers.private_key(key),
            kid=issuers.key_id(issuer, key),
        )
        with _JWT_LOCK:
            _JWT_CACHE[cache_key] = token
            while len(_JWT_CACHE) > _JWT_CACHE_SIZE:
                _JWT_CACHE.popitem(last=False)
    return token


def find_status_list(slug: str, number: int) -> StatusList | None:
    return (
        StatusList.objects.select_related("issuer")
        .filter(issuer__slug=slug, number=number, purpose=REVOCATION)
        .first()
    )


def local_status_list(url: str) -> str | None:
    """The signed status list published at ``url`` when it is one of this platform's."""
    prefix = settings.SITE_URL + STATUS_PATH
    if not isinstance(url, str) or not url.startswith(prefix):
        return None
    slug, _, number = url.removeprefix(prefix).partition("/")
    if not slug or not number.isdigit() or len(number) > 9:
        return None
    status_list = find_status_list(slug, int(number))
    return status_list_jwt(status_list) if status_list else None


# Credentials ---------------------------------------------------------------------------------


def _completed(
    document: Mapping[str, Any],
    *,
    uid: uuid.UUID,
    issuer: Issuer,
    valid_from: datetime,
    valid_until: datetime | None,
    status: dict[str, Any],
) -> dict[str, Any]:
    head: dict[str, Any] = {k: document[k] for k in ("@context", "type") if k in document}
    head["id"] = credential_url(uid)
    head["issuer"] = {
        "type": ["CredentialIssuer"],
        "id": issuers.issuer_did(issuer),
        "name": issuer.name,
    }
    head["validFrom"] = timestamp(valid_from)
    if valid_until is not None:
        head["validUntil"] = timestamp(valid_until)
    elif "validUntil" in document:
        head["validUntil"] = document["validUntil"]
    skip = {*head, "credentialStatus"}
    body = {k: v for k, v in document.items() if k not in skip}
    return {**head, **body, "credentialStatus": status}


def _until(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@transaction.atomic
def sign_and_store(
    *,
    kind: str,
    issuer: Issuer,
    document: Mapping[str, Any],
    tier: str = Credential.Tier.PUBLIC,
    site=None,
    supersedes: Credential | None = None,
    valid_until: datetime | None = None,
    basis: str = "",
    uid: uuid.UUID | None = None,
) -> Credential:
    """Complete ``document``, sign it with the issuer's active key and store it. ``uid`` names the
    credential when the caller needs its address before signing (a passport's own page)."""
    if kind not in Credential.Kind.values or kind == Credential.Kind.STATUS:
        raise ValueError(f"unknown credential kind {kind!r}")
    if tier not in Credential.Tier.values:
        raise ValueError(f"unknown tier {tier!r}")
    key = issuers.active_key(issuer)
    signer = issuers.private_key(key)
    status_list, index = _allocate(issuer)
    now = timezone.now().replace(microsecond=0)
    uid = uid or uuid.uuid4()
    url = status_list_url(status_list, issuer)
    complete = _completed(
        document,
        uid=uid,
        issuer=issuer,
        valid_from=now,
        valid_until=valid_until,
        status=lists.entry(url, index, REVOCATION),
    )
    token = vcjwt.sign(complete, private_key=signer, kid=issuers.key_id(issuer, key))
    return Credential.objects.create(
        uid=uid,
        kind=kind,
        tier=tier,
        issuer=issuer,
        key=key,
        document=complete,
        jwt=token,
        etag=hashlib.sha256(token.encode("ascii")).hexdigest(),
        status_list=status_list,
        status_index=index,
        site=site,
        supersedes=supersedes,
        basis=basis,
        issued_at=now,
        valid_until=valid_until or _until(complete.get("validUntil")),
    )


@transaction.atomic
def revoke(credential: Credential, *, user, reason: str) -> None:
    """Revoke ``credential``: its bit in the status list is set, for good."""
    reason = (reason or "").strip()
    if not reason:
        raise SigningError("reason", N_("Reason: say why the credential is revoked."))
    if len(reason) > REASON_MAX:
        raise SigningError("reason", N_("Reason: use at most %(max)s characters."), max=REASON_MAX)
    row = Credential.objects.select_for_update().select_related("issuer").get(pk=credential.pk)
    if row.revoked_at is not None:
        raise SigningError(
            None,
            N_("This credential was already revoked on %(date)s."),
            date=row.revoked_at.date().isoformat(),
        )
    if row.status_list_id is None or row.status_index is None:
        raise SigningError(None, N_("This credential has no status entry: it cannot be revoked."))
    status_list = StatusList.objects.select_for_update().get(pk=row.status_list_id)
    status_list.bits = lists.set_bit(bytes(status_list.bits), row.status_index)
    status_list.save(update_fields=["bits", "updated_at"])
    now = timezone.now()
    person = user if getattr(user, "is_authenticated", False) else None
    Credential.objects.filter(pk=row.pk).update(
        revoked_at=now, revocation_reason=reason, revoked_by=person
    )
    credential.revoked_at, credential.revocation_reason = now, reason
    credential.revoked_by = person
    audit.record(
        user,
        "revoke_credential",
        row,
        changes=audit.facts(
            reason=reason, status_list=status_list.number, status_index=row.status_index
        ),
        firm_id=row.issuer.firm_id,
        district_id=row.issuer.district_id,
    )
