import pytest

from filiera.registry import identifiers as ids
from filiera.registry import municipalities
from filiera.registry.models.firm import size_class_for
from filiera.registry.reference import ateco_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00012340360", ("IT00012340360", "IT")),
        ("IT 000 1234 0360", ("IT00012340360", "IT")),
        ("FR40303265045", ("FR40303265045", "FR")),
        ("EL094259216", ("EL094259216", "GR")),
        ("CN91310000MA1FL", ("CN91310000MA1FL", "CN")),
    ],
)
def test_vat_numbers_are_normalised(raw, expected):
    assert ids.normalise_vat(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("12345678901", "check digit"),
        ("0123456789", "11 digits"),
        ("DE123", "not a valid DE VAT"),
        ("1X", "country code"),
    ],
)
def test_bad_vat_numbers_say_why(raw, message):
    with pytest.raises(ids.IdentifierError) as err:
        ids.normalise_vat(raw)
    assert message in str(err.value)


def test_facility_ids_carry_a_check_character_that_catches_typos():
    code = ids.new_facility_id()
    assert code.startswith("FIL-") and len(code) == 14
    assert ids.normalise_facility_id(code.lower().replace("-", " ")) == code
    body = code[4:12]
    swapped = body[1] + body[0] + body[2:]
    if swapped != body:
        with pytest.raises(ids.IdentifierError):
            ids.normalise_facility_id(f"FIL-{swapped}-{code[-1]}")


def test_gln_and_lei():
    assert ids.normalise_gln("4012345000009") == "4012345000009"
    with pytest.raises(ids.IdentifierError, match="check digit"):
        ids.normalise_gln("4012345000008")
    assert ids.normalise_lei("213800D1EI4B9WTWWD28") == "213800D1EI4B9WTWWD28"
    with pytest.raises(ids.IdentifierError):
        ids.normalise_lei("213800D1EI4B9WTWWD29")


@pytest.mark.parametrize(
    ("employees", "turnover", "size"),
    [
        (None, None, ""),
        (9, 2_000_000, "micro"),
        (10, 100, "small"),
        (9, 2_000_001, "small"),
        (49, None, "small"),
        (50, None, "medium"),
        (249, 50_000_000, "medium"),
        (250, 1, "large"),
        (None, 60_000_000, "large"),
    ],
)
def test_eu_size_class(employees, turnover, size):
    assert size_class_for(employees, turnover) == size


def test_ateco_codes_from_the_2025_classification():
    assert ateco_code("14.10.20") == "14.10.20"
    assert ateco_code("1330") == "13.30"
    assert ateco_code("C") is None  # sections are not activities
    assert ateco_code("99.99.99") is None


def test_municipalities_resolve_by_code_name_and_province():
    assert municipalities.resolve("36005").name == "Carpi"
    assert municipalities.resolve("Reggio nell'Emilia").province == "RE"
    assert municipalities.resolve("Bozen").name == "Bolzano"
    assert (
        municipalities.resolve("090064").name == "Sassari"
    )  # recoded in 2026, old code still works
    with pytest.raises(municipalities.MunicipalityError, match="ambiguous"):
        municipalities.resolve("Castro")
    with pytest.raises(municipalities.MunicipalityError, match="unknown"):
        municipalities.resolve("Atlantide (XX)")
