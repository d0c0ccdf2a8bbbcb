"""Checking a credential against its JSON Schemas.

Every credential is checked against the W3C Verifiable Credentials Data Model 2.0 schema, which
ships with the package (``filiera/passports/data/w3c``). A UNTP credential is also checked
against the UNTP 0.6.1 schema of its model, chosen by the second ``@context`` entry
(``https://test.uncefact.org/vocabulary/untp/<dpp|dcc|dfr|dte>/0.6.1/``). Both use JSON Schema
Draft 2020-12 with format checking (``date-time``, ``uri``).

The UNTP schemas are GPL-3.0 and are not part of the package: they are read from
``schema_dir`` (the ``untp-0.6.1`` folder with ``data-models/untp-<model>/artefacts``). When a
UNTP credential is checked and ``schema_dir`` is ``None`` or missing, ``validate`` raises
``SchemasUnavailable``: the caller reports the check as skipped. A Bitstring Status List
credential is checked against the VCDM schema only and never needs ``schema_dir``.

As in the UNTP test suite, ``additionalProperties`` problems (extension fields) are warnings;
everything else is an error.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from filiera.core.usererror import N_, UserError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "w3c"
VCDM_SCHEMA = DATA_DIR / "verifiable-credential-schema.json"
UNTP_VERSION = "0.6.1"
UNTP_CONTEXT = re.compile(
    r"https://test\.uncefact\.org/vocabulary/untp/(?P<model>[a-z]+)/(?P<version>[0-9.]+)/"
)
MODELS = ("dpp", "dcc", "dfr", "dte")
MAX_PROBLEMS = 200


class SchemasUnavailable(UserError):
    """The UNTP schemas are not installed where the caller said; the check is skipped."""


@dataclass(frozen=True)
class Problem:
    path: str  # JSON path, e.g. "$.credentialSubject.product.name"
    message: str
    warning: bool = False
    schema: str = ""  # "vcdm" or the UNTP model, e.g. "dpp"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def untp_model(credential: Mapping[str, Any]) -> str | None:
    """The UNTP model (dpp, dcc, dfr, dte) named by the second ``@context`` entry, if any."""
    context = credential.get("@context")
    if not isinstance(context, list) or len(context) < 2 or not isinstance(context[1], str):
        return None
    match = UNTP_CONTEXT.fullmatch(context[1])
    return match["model"] if match else None


def is_status_list(credential: Mapping[str, Any]) -> bool:
    kinds = credential.get("type")
    return isinstance(kinds, list) and "BitstringStatusListCredential" in kinds


def untp_schema_path(schema_dir: Path, model: str) -> Path:
    name = f"untp-{model}-schema.json"
    nested = Path(schema_dir) / "data-models" / f"untp-{model}" / "artefacts" / name
    return nested if nested.is_file() else Path(schema_dir) / name


@functools.lru_cache(maxsize=16)
def _validator(path: str) -> Draft202012Validator:
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _problems(validator: Draft202012Validator, credential: Any, schema: str) -> list[Problem]:
    problems = []
    for error in validator.iter_errors(credential):
        problems.append(_problem(error, schema))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def _problem(error: ValidationError, schema: str) -> Problem:
    return Problem(
        path=error.json_path,
        message=error.message if len(error.message) <= 300 else error.message[:297] + "…",
        warning=error.validator == "additionalProperties",
        schema=schema,
    )


def validate(credential: Mapping[str, Any], schema_dir: Path | None) -> list[Problem]:
    """Every problem of ``credential`` against the VCDM 2.0 schema and, for a UNTP credential,
    its UNTP 0.6.1 schema; errors first, then warnings. ``SchemasUnavailable`` when a UNTP
    schema is needed and ``schema_dir`` does not hold it."""
    problems = _problems(_validator(str(VCDM_SCHEMA)), credential, "vcdm")
    if not is_status_list(credential):
        problems += _untp_problems(credential, schema_dir)
    return sorted(problems, key=lambda p: p.warning)


def _untp_problems(credential: Mapping[str, Any], schema_dir: Path | None) -> list[Problem]:
    context = credential.get("@context")
    named = context[1] if isinstance(context, list) and len(context) > 1 else None
    match = UNTP_CONTEXT.fullmatch(named) if isinstance(named, str) else None
    if match is None or match["model"] not in MODELS or match["version"] != UNTP_VERSION:
        return [
            Problem(
                "$['@context'][1]",
                "expected a UNTP 0.6.1 context, e.g. "
                f"https://test.uncefact.org/vocabulary/untp/dpp/{UNTP_VERSION}/",
                schema="untp",
            )
        ]
    model = match["model"]
    if schema_dir is None:
        raise SchemasUnavailable(N_("The UNTP schemas are not installed on this server."))
    path = untp_schema_path(schema_dir, model)
    if not path.is_file():
        raise SchemasUnavailable(
            N_("The UNTP %(model)s schema is not installed on this server."), model=model
        )
    return _problems(_validator(str(path)), credential, model)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.warning]
