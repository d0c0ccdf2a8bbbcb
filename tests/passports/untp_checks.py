"""Checks the UNTP tests run on credentials: the UNTP JSON Schema of the credential's kind plus the
W3C VCDM 2.0 schema (with the date-time and uri formats checked), and a JSON-LD expansion with
the local contexts that finds undefined terms. Nothing is fetched from the network.

``problems`` runs the platform's own validator (``filiera.passports.engine.schema``);
``schema_errors`` reads the same schemas with ``jsonschema`` directly, as a second opinion that
does not depend on it.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "untp-0.6.1"
SHARED = ROOT.parent / "shared" / "data" / "untp-0.6.1"
W3C = ROOT / "filiera" / "passports" / "data" / "w3c"

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
UNDEFINED_CONTEXT = "https://www.w3.org/ns/credentials/undefined-terms/v2"
UNDEFINED_PREFIX = "https://www.w3.org/ns/credentials/undefined-term#"
KINDS = ("dpp", "dcc", "dfr")


def untp_dir() -> Path:
    """The UNTP fixtures (the shared copy only while the project's copy is missing)."""
    return FIXTURES if (FIXTURES / "data-models").exists() else SHARED


def _artefact(kind: str, name: str) -> Path:
    return untp_dir() / "data-models" / f"untp-{kind}" / "artefacts" / name


@cache
def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def vcdm_schema_path() -> Path:
    own = W3C / "verifiable-credential-schema.json"
    if own.exists():
        return own
    return (
        untp_dir()
        / "w3c-vc-data-model"
        / "schema"
        / "verifiable-credential"
        / "verifiable-credential-schema.json"
    )


def kind_of(credential: dict[str, Any]) -> str | None:
    for kind in KINDS:
        if f"/untp/{kind}/" in " ".join(credential.get("@context", [])[1:2]):
            return kind
    return None


def schema_errors(credential: dict[str, Any]) -> list[str]:
    """Problems against the UNTP schema of the credential's kind (none for a status list
    credential) and the VCDM 2.0 schema, as "path: message" lines."""
    found = []
    validators = [_validator(vcdm_schema_path())]
    kind = kind_of(credential)
    if kind is not None:
        validators.insert(0, _validator(_artefact(kind, f"untp-{kind}-schema.json")))
    for validator in validators:
        for error in validator.iter_errors(credential):
            found.append(f"{error.json_path}: {error.message}")
    return found


def problems(credential: dict[str, Any]) -> list[str]:
    """Every problem, errors and warnings (extension fields), the platform's validator finds."""
    from filiera.passports.engine import schema

    return [
        f"{'warning' if p.warning else 'error'} {p}"
        for p in schema.validate(credential, untp_dir())
    ]


def with_envelope(document: dict[str, Any], kind: str = "dpp") -> dict[str, Any]:
    """A builder's document with what signing adds (id, issuer, validity, status entry)."""
    result = copy.deepcopy(document)
    result["id"] = "http://127.0.0.1:8000/credentials/0b5a8a6e-5a52-4d3c-8f1c-1f0e7f0b2a11"
    result["issuer"] = {
        "type": ["CredentialIssuer"],
        "id": "did:web:127.0.0.1%3A8000:issuers:carpi",
        "name": "Distretto di Carpi",
    }
    result["validFrom"] = "2025-05-01T10:00:00Z"
    result["credentialStatus"] = {
        "id": "http://127.0.0.1:8000/credentials/status/carpi/1#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": "http://127.0.0.1:8000/credentials/status/carpi/1",
    }
    return result


# JSON-LD -----------------------------------------------------------------------------------


def _contexts() -> dict[str, Path]:
    own = W3C / "contexts"
    shared = untp_dir() / "w3c-vc-data-model" / "contexts" / "credentials"
    found = {
        VC_CONTEXT: own / "credentials-v2.json"
        if (own / "credentials-v2.json").exists()
        else shared / "v2.jsonld",
        UNDEFINED_CONTEXT: own / "undefined-terms-v2.json"
        if (own / "undefined-terms-v2.json").exists()
        else shared / "undefined-terms" / "v2.jsonld",
    }
    for kind in KINDS:
        found[f"https://test.uncefact.org/vocabulary/untp/{kind}/0.6.1/"] = _artefact(
            kind, "context.jsonld"
        )
    return found


@cache
def _document(url: str) -> str:
    path = _contexts().get(url)
    if path is None:
        raise LookupError(f"no local copy of {url}")
    return path.read_text(encoding="utf-8")


def _loader(url: str, options: dict | None = None) -> dict[str, Any]:
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(_document(url)),
    }


def undefined_terms(credential: dict[str, Any]) -> list[str]:
    """Every IRI of the expanded credential that comes from an undefined term."""
    from pyld import jsonld

    probe = copy.deepcopy(credential)
    probe["@context"] = [*probe["@context"], UNDEFINED_CONTEXT]
    expanded = jsonld.expand(probe, {"documentLoader": _loader})
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key.startswith(UNDEFINED_PREFIX):
                    found.add(key)
                if key == "@type":
                    for name in value if isinstance(value, list) else [value]:
                        if isinstance(name, str) and name.startswith(UNDEFINED_PREFIX):
                            found.add(name)
                walk(value)

    walk(expanded)
    return sorted(found)
