"""``filiera verify FILE``: each check printed; exit 0 valid, 1 not valid, 2 unreadable."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from filiera.passports.engine import vcjwt
from filiera.passports.services import issuers, signing
from tests.passports.factories_trust import make_issuer, sample


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """(exit status, standard output, standard error) of the command."""
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    try:
        call_command("verify", *args, **options)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def write(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


@pytest.fixture
def credential(brand_c):
    issuer = issuers.issuer_for_firm(brand_c)
    return signing.sign_and_store(kind="dpp", issuer=issuer, document=sample("dpp"))


def test_a_valid_credential_exits_0_and_prints_each_check(tmp_path, credential):
    status, out, _err = run(write(tmp_path, "passport.jwt", credential.jwt))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Digital Product Passport · Lanificio Gamma S.p.A. · did:web:")
    for label in (
        "Format",
        "Signature header",
        "Issuer and key",
        "Signature",
        "Validity dates",
        "Revocation",
        "Schema",
    ):
        assert any(line.startswith(f"ok       {label}: ") for line in lines), label
    assert lines[-1].startswith("Valid")


def test_json_output(tmp_path, credential):
    envelope = write(tmp_path, "passport.json", vcjwt.enveloped(credential.jwt))
    status, out, _err = run(envelope, "--json")
    assert status == 0
    result = json.loads(out)
    assert result["valid"] is True and result["kind"] == "dpp"
    assert [c["result"] for c in result["checks"]] == ["ok"] * 7


def test_standard_input(credential):
    assert run("-", stdin=credential.jwt)[0] == 0


def test_a_tampered_credential_exits_1(tmp_path, credential):
    header, _payload, signature = credential.jwt.split(".")
    other = signing.sign_and_store(
        kind="dpp", issuer=credential.issuer, document=sample("dpp")
    ).jwt.split(".")[1]
    status, out, message = run(write(tmp_path, "p.jwt", f"{header}.{other}.{signature}"))
    assert status == 1
    assert any(line.startswith("FAILED   Signature: ") for line in out.splitlines())
    assert message.startswith("Tampered")


def test_a_revoked_credential_exits_1(tmp_path, credential, brand_owner):
    signing.revoke(credential, user=brand_owner, reason="Recalled")
    status, out, message = run(write(tmp_path, "p.jwt", credential.jwt), "--json")
    assert status == 1
    result = json.loads(out)
    assert result["valid"] is False
    assert {"name": "status", "result": "failed", "code": "revoked"}.items() <= next(
        c for c in result["checks"] if c["name"] == "status"
    ).items()
    assert message.startswith("Revoked")


def test_an_unsigned_credential_exits_1(tmp_path, credential):
    status, _out, message = run(write(tmp_path, "p.json", credential.document))
    assert status == 1 and message.startswith("Not signed")


@pytest.mark.parametrize("content", ["", "hello world", "{not json", '{"a": 1}'])
def test_unreadable_input_exits_2(tmp_path, content, db):
    status, out, _message = run(write(tmp_path, "p.txt", content))
    assert status == 2
    assert "FAILED   Format: " in out


def test_a_missing_or_binary_file_exits_2(tmp_path, db):
    assert run(str(tmp_path / "missing.jwt"))[0] == 2
    path = tmp_path / "binary.jwt"
    path.write_bytes(b"\xff\xfe\x00")
    status, _out, message = run(str(path))
    assert status == 2 and "UTF-8" in message


def test_another_issuer_with_its_did_document_and_status_list(tmp_path, db):
    elsewhere = make_issuer(host="elsewhere.example")
    token = write(tmp_path, "p.jwt", elsewhere.sign(elsewhere.credential(index=3)))
    document = write(tmp_path, "did.json", elsewhere.document())
    listed = write(tmp_path, "status.jwt", elsewhere.list_token())
    # Without the files the issuer and the list cannot be checked.
    status, out, _ = run(token, "--json")
    assert status == 1
    codes = {c["name"]: c.get("code") for c in json.loads(out)["checks"]}
    assert codes["issuer"] == "unknown_issuer" and codes["status"] == "status_unavailable"
    assert run(token, "--did-document", document, "--status-list", listed)[0] == 0
    elsewhere.revoke(3)
    revoked = write(tmp_path, "status2.json", vcjwt.enveloped(elsewhere.list_token()))
    status, _out, message = run(token, "--did-document", document, "--status-list", revoked)
    assert status == 1 and message.startswith("Revoked")


def test_bad_extra_files_exit_2(tmp_path, db):
    token = write(tmp_path, "p.jwt", "x.y.z")
    assert run(token, "--did-document", write(tmp_path, "d.json", "[1]"))[0] == 2
    assert run(token, "--did-document", write(tmp_path, "e.json", "{nope"))[0] == 2
    assert run(token, "--status-list", write(tmp_path, "s.jwt", "nope"))[0] == 2
