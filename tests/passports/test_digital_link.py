"""GS1 Digital Link parsing and generation against the conformance vectors of the GS1 Barcode
Syntax Engine (tests/fixtures/gs1-digital-link), and ``filiera digital-link`` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from filiera.passports.engine import digital_link, digital_link_ais
from filiera.passports.engine.digital_link import DigitalLinkError
from filiera.passports.engine.digital_link_generate import generate, parse_ai_data, reformat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gs1-digital-link"
VECTORS = json.loads((FIXTURES / "dl-conformance-vectors.json").read_text())

# The engine's option names → ours.
OPTIONS = {
    "permitZeroSuppressedGTINinDLuris": "zero_suppressed",
    "permitConvenienceAlphas": "convenience_alphas",
    "permitUnknownAIs": "unknown_ais",
    "validation_UNKNOWN_AI_NOT_DL_ATTR": "unknown_ai_not_attr",
}
FLAGS = {
    "permitZeroSuppressedGTINinDLuris": "--zero-suppressed",
    "permitConvenienceAlphas": "--convenience-alphas",
    "permitUnknownAIs": "--unknown-ais",
}


def options(vector: dict) -> dict[str, bool]:
    return {OPTIONS[name]: value for name, value in vector["options"].items()}


def case_id(vector: dict) -> str:
    return vector.get("uri") or vector.get("input_ai_data") or vector["input_dl_uri"]


PARSE = VECTORS["parse"]
VALID = [v for v in PARSE if v["valid"]]
INVALID = [v for v in PARSE if not v["valid"]]


def test_the_fixture_holds_all_the_vectors_the_readme_announces():
    assert len(PARSE) == 60
    assert len(VALID) == 37
    assert len(VECTORS["generate"]) == 13


@pytest.mark.parametrize("vector", VALID, ids=case_id)
def test_valid_uris_give_exactly_the_expected_element_strings(vector):
    ais = digital_link.parse(vector["uri"], **options(vector))
    assert ais == [(item["ai"], item["value"]) for item in vector["expected_ais"]]
    assert digital_link.element_string(ais) == vector["expected_element_string"]
    assert digital_link.bracketed(ais) == vector["expected_bracketed"]


@pytest.mark.parametrize("vector", INVALID, ids=case_id)
def test_invalid_uris_are_rejected_with_a_reason(vector):
    with pytest.raises(DigitalLinkError) as caught:
        digital_link.parse(vector["uri"], **options(vector))
    assert caught.value.reason
    assert str(caught.value) == caught.value.reason


@pytest.mark.parametrize("vector", VECTORS["generate"], ids=case_id)
def test_generate_vectors(vector):
    flags = vector["options"]
    not_attr = flags.get("validation_UNKNOWN_AI_NOT_DL_ATTR", True)

    def make() -> str:
        if "input_dl_uri" in vector:
            return reformat(vector["input_dl_uri"], vector["stem"])
        ais = parse_ai_data(
            vector["input_ai_data"], unknown_ais=flags.get("permitUnknownAIs", False)
        )
        return generate(ais, vector["stem"], unknown_ai_not_attr=not_attr)

    if vector["valid"]:
        assert make() == vector["expected_uri"]
    else:
        with pytest.raises(DigitalLinkError):
            make()


def test_generated_uris_parse_back_to_their_data():
    ais = parse_ai_data("(01)12312312312326(22)ABC(10)DEF(21)GHI(95)INT")
    assert digital_link.parse(generate(ais, "https://example.com")) == ais


def test_the_canonical_stem_is_gs1s_resolver():
    assert generate([("01", "09506000134352")]) == "https://id.gs1.org/01/09506000134352"


def test_ai_data_needs_a_primary_key_for_a_digital_link():
    with pytest.raises(DigitalLinkError, match="primary key"):
        generate(parse_ai_data("(99)ABC"))


@pytest.mark.parametrize(
    "text",
    ["01)12312312312326", "(01)12312312312327", "(0112312312312326", "(89)ABC", "", "(10)"],
)
def test_bad_ai_data_is_rejected(text):
    with pytest.raises(DigitalLinkError):
        parse_ai_data(text)


def test_a_bracket_inside_a_value_is_escaped():
    assert parse_ai_data(r"(01)12312312312326(10)A\(B") == [("01", "12312312312326"), ("10", "A(B")]
    assert digital_link.bracketed([("10", "A(B")]) == r"(10)A\(B"


def test_composite_data_is_one_list():
    assert parse_ai_data("(01)12312312312326|(10)ABC") == [("01", "12312312312326"), ("10", "ABC")]


def test_the_path_sequences_are_the_engines():
    """Every key-qualifier sequence the engine lists is one we accept, and every one we accept
    but the list lacks comes from the syntax dictionary's (415) key with its (8020) qualifier."""
    listed = {tuple(seq) for seq in VECTORS["valid_path_sequences"]["sequences"]}
    ours = set(digital_link_ais.path_sequences())
    assert listed <= ours
    assert ours - listed == {("415",), ("415", "8020")}


# The command line --------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VALID, ids=case_id)
def test_command_prints_the_element_strings_as_json(vector):
    flags = [FLAGS[name] for name, on in vector["options"].items() if on and name in FLAGS]
    if vector["options"].get("validation_UNKNOWN_AI_NOT_DL_ATTR") is False:
        flags.append("--unknown-ai-attributes")
    out = StringIO()
    call_command("digital_link", vector["uri"], *flags, stdout=out)
    expected = {item["ai"]: item["value"] for item in vector["expected_ais"]}
    printed = json.loads(out.getvalue())
    assert printed == expected
    assert list(printed) == list(expected)  # in the URI's order


@pytest.mark.parametrize("vector", INVALID, ids=case_id)
def test_command_fails_with_the_reason(vector):
    flags = [FLAGS[name] for name, on in vector["options"].items() if on and name in FLAGS]
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("digital_link", vector["uri"], *flags, stdout=out)
    assert caught.value.returncode == 1
    assert str(caught.value)
    assert out.getvalue() == ""


def test_the_filiera_console_command():
    """``filiera digital-link URI``: JSON on stdout and status 0, or the reason on stderr,
    nothing on stdout and status 1."""
    script = Path(sys.executable).parent / "filiera"  # .venv/bin/filiera
    filiera = [str(script)] if script.exists() else [sys.executable, "-m", "filiera.cli"]
    good = subprocess.run(
        [*filiera, "digital-link", "https://id.gs1.org/01/09506000134352/10/ABC1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout) == {"01": "09506000134352", "10": "ABC1"}
    bad = subprocess.run(
        [*filiera, "digital-link", "https://id.gs1.org/01/09506000134353"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert "GTIN 09506000134353: wrong check digit, expected 2" in bad.stderr
