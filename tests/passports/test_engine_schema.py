"""Schema checks: the UNTP samples validate; edits fail with the path named; extension fields
are warnings; without the UNTP schemas the check is skipped."""

from __future__ import annotations

import pytest

from filiera.passports.engine import schema, status_list
from tests.passports.factories_trust import SCHEMAS, sample


@pytest.mark.parametrize("model", ["dpp", "dcc", "dfr", "dte"])
def test_the_untp_samples_have_no_problems(model):
    credential = sample(model)
    assert schema.untp_model(credential) == model
    assert schema.validate(credential, SCHEMAS) == []


def test_an_edited_sample_fails_with_the_path_named():
    credential = sample("dpp")
    credential["credentialSubject"]["product"]["name"] = 42
    credential["validFrom"] = "yesterday"
    problems = schema.validate(credential, SCHEMAS)
    paths = {p.path for p in schema.errors(problems)}
    assert "$.credentialSubject.product.name" in paths
    assert "$.validFrom" in paths
    assert all(not p.warning for p in problems)
    assert any(p.schema == "vcdm" for p in problems) and any(p.schema == "dpp" for p in problems)


def test_a_missing_required_field_and_a_wrong_type_are_errors():
    credential = sample("dcc")
    del credential["issuer"]["name"]
    credential["type"] = ["VerifiableCredential"]
    problems = schema.errors(schema.validate(credential, SCHEMAS))
    assert {"$.issuer", "$.type"} <= {p.path for p in problems}


def test_extension_fields_are_warnings():
    credential = sample("dpp")
    credential["issuer"]["textile"] = "extra"
    problems = schema.validate(credential, SCHEMAS)
    assert problems and all(p.warning for p in problems)
    assert problems[0].path == "$.issuer"
    assert "textile" in problems[0].message


def test_a_credential_of_another_untp_version_is_an_error():
    credential = sample("dpp")
    credential["@context"][1] = "https://test.uncefact.org/vocabulary/untp/dpp/0.7.0/"
    problems = schema.errors(schema.validate(credential, SCHEMAS))
    assert any(p.path == "$['@context'][1]" and "0.6.1" in p.message for p in problems)


def test_without_the_untp_schemas_the_check_is_skipped(tmp_path):
    with pytest.raises(schema.SchemasUnavailable):
        schema.validate(sample("dpp"), None)
    with pytest.raises(schema.SchemasUnavailable):
        schema.validate(sample("dfr"), tmp_path)


def test_a_status_list_is_checked_against_the_vcdm_schema_only():
    credential = status_list.list_credential(
        url="https://x.example/s/1",
        issuer="did:web:x.example",
        valid_from="2025-01-01T00:00:00Z",
        bits=status_list.new_bits(),
    )
    assert schema.validate(credential, None) == []
    credential["@context"] = ["https://example.com/other"]
    problems = schema.validate(credential, None)
    assert problems and all(p.schema == "vcdm" and not p.warning for p in problems)
    assert {p.path for p in problems} <= {"$['@context']", "$['@context'][0]"}


def test_the_vcdm_schema_ships_with_the_package():
    assert schema.VCDM_SCHEMA.is_file()
    assert "filiera/passports/data/w3c" in schema.VCDM_SCHEMA.as_posix()
