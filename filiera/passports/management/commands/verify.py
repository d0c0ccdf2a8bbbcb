"""``filiera verify FILE [--json] [--did-document FILE]… [--status-list FILE]…``: check a
credential: signature, issuer key, validity dates, revocation, schema.

FILE holds a signed credential (a compact VC-JWT), the JSON of an EnvelopedVerifiableCredential,
or a plain JSON credential (which is reported as not signed); ``-`` reads standard input. DID
documents and status lists of this platform's issuers are read from the database; for other
issuers give their DID document (``--did-document``) and signed status list (``--status-list``)
as files: nothing is fetched from the network.

Prints each check (``ok``, ``FAILED``, ``skipped``) and the verdict, or with ``--json`` one JSON
object. Exit status: 0 valid, 1 not valid (tampered, revoked, wrong key, expired…), 2 the input
cannot be read as a credential.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from filiera.passports.engine import vcjwt
from filiera.passports.verification import verify_with_platform
from filiera.passports.views.trust_display import CHECK_LABELS, KIND_LABELS, verdict

MAX_BYTES = 8_000_000
STATE = {True: "ok", False: "FAILED", None: "skipped"}


def read_text(name: str, stdin: TextIO) -> str:
    label = _("standard input") if name == "-" else name
    try:
        if name == "-":
            raw: str | bytes = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        else:
            raw = Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": label, "reason": exc.strerror or exc},
            returncode=2,
        ) from exc
    if len(raw) > MAX_BYTES:
        raise CommandError(_("%(file)s is too large.") % {"file": label}, returncode=2)
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(
            _("%(file)s is not UTF-8 text.") % {"file": label}, returncode=2
        ) from None


def _payload_id(text: str) -> str | None:
    """The ``id`` of a signed (or enveloped) status list, unverified: only to match the URL."""
    try:
        value: Any = json.loads(text) if text.lstrip()[:1] == "{" else text.strip()
        token = vcjwt.unwrap(value) if isinstance(value, dict) else value
        _header, payload = vcjwt.decode_unverified(token)
    except (ValueError, vcjwt.TokenError):
        return None
    ident = payload.get("id")
    return ident if isinstance(ident, str) else None


class Command(BaseCommand):
    help = (
        "Verify a credential (VC-JWT, enveloped or plain JSON): signature, issuer key, validity, "
        "revocation and schema. Exit 0 valid, 1 not valid, 2 unreadable."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the credential; - reads standard input")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--did-document",
            action="append",
            default=[],
            metavar="FILE",
            help="the DID document of an issuer that is not on this platform (repeatable)",
        )
        parser.add_argument(
            "--status-list",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed status list of an issuer that is not on this platform (repeatable)",
        )

    def handle(self, *args, **options) -> None:
        stdin = options.get("stdin") or sys.stdin
        text = read_text(options["file"], stdin)
        documents = {}
        for name in options["did_document"]:
            try:
                document = json.loads(read_text(name, stdin))
            except ValueError:
                raise CommandError(
                    _("%(file)s is not a JSON DID document.") % {"file": name}, returncode=2
                ) from None
            if not isinstance(document, dict) or not isinstance(document.get("id"), str):
                raise CommandError(
                    _("%(file)s is not a DID document (it has no id).") % {"file": name},
                    returncode=2,
                )
            documents[document["id"]] = document
        lists = {}
        for name in options["status_list"]:
            content = read_text(name, stdin)
            ident = _payload_id(content)
            if ident is None:
                raise CommandError(
                    _("%(file)s is not a signed status list.") % {"file": name}, returncode=2
                )
            lists[ident] = content
        result = verify_with_platform(text, extra_did=documents.get, extra_list=lists.get)
        code, headline = verdict(result)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            if result.kind or result.issuer:
                kind = KIND_LABELS.get(result.kind or "", "")
                self.stdout.write(
                    " · ".join(
                        str(part) for part in (kind, result.issuer_name, result.issuer) if part
                    )
                )
            for check in result.checks:
                self.stdout.write(
                    f"{STATE[check.ok]:8} {CHECK_LABELS.get(check.name, check.name)}: "
                    f"{check.translated()}"
                )
                for line in check.details:
                    self.stdout.write(f"{'':8}   {line}")
            self.stdout.write(headline)
        if code == "unreadable":
            raise CommandError(headline, returncode=2)
        if not result.ok:
            raise CommandError(headline, returncode=1)
