"""Verifying a credential against this platform: its own DIDs and status lists come from the
database, other issuers' from what the caller gives (files given to ``filiera verify``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings

from filiera.passports.engine import verify
from filiera.passports.services.issuers import local_did_document
from filiera.passports.services.signing import local_status_list


def schema_dir() -> Path | None:
    folder = getattr(settings, "UNTP_SCHEMAS_DIR", None)
    return Path(folder) if folder and Path(folder).is_dir() else None


def verify_with_platform(
    data: Any,
    *,
    extra_did: Callable[[str], Mapping[str, Any] | None] | None = None,
    extra_list: Callable[[str], Any] | None = None,
) -> verify.Verification:
    """``verify.verify`` resolving this platform's DIDs and status lists from the database, and
    other ones through ``extra_did`` / ``extra_list`` (files given to the command)."""

    def resolve_did(did: str) -> Mapping[str, Any] | None:
        found = local_did_document(did)
        return found if found is not None or extra_did is None else extra_did(did)

    def fetch_status_list(url: str) -> Any:
        found = local_status_list(url)
        return found if found is not None or extra_list is None else extra_list(url)

    return verify.verify(
        data, resolve_did=resolve_did, fetch_status_list=fetch_status_list, schema_dir=schema_dir()
    )
