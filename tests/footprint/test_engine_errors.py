"""Every invalid query gets a QueryError naming the field (a path such as ``materials[1].id``)
and a message naming the bad value; in a list, the error also says which query."""

from __future__ import annotations

import pytest

from filiera.footprint.engine import QueryError, compute, compute_many

LONG_ZIP = "86b877ff-0d59-482f-bb34-3ff306b07496"  # 50 g of brass


def base() -> dict:
    return {
        "product": "tshirt",
        "mass": 0.17,
        "materials": [{"id": "ei-coton", "share": 0.6}, {"id": "ei-pet", "share": 0.4}],
        "countryMaking": "REO",
    }


def error_for(query) -> QueryError:
    with pytest.raises(QueryError) as info:
        compute(query)
    return info.value


def materials(*rows) -> list[dict]:
    return [dict(zip(("id", "share"), row, strict=True)) for row in rows]


SIX = materials(
    *[(m, 1 / 6) for m in ("ei-coton", "ei-pet", "ei-lin", "ei-pa", "ei-pp", "ei-viscose")]
)

# (change to the base query, field named by the error, text the message must contain)
CASES = [
    ({"product": "tshirts"}, "product", "tshirts"),
    ({"product": 3}, "product", "3"),
    ({"materials": materials(("ei-coton", 0.6), ("cashmere", 0.4))}, "materials[1].id", "cashmere"),
    ({"materials": materials(("ei-coton", 0.6), ("ei-coton", 0.4))}, "materials[1].id", "ei-coton"),
    ({"materials": materials(("ei-coton", 0.6), ("ei-pet", 0.3))}, "materials", "0.9"),
    ({"materials": materials(("ei-coton", 0.7), ("ei-pet", 0.4))}, "materials", "1.1"),
    ({"materials": SIX}, "materials", "6"),
    ({"materials": []}, "materials", ""),
    ({"materials": materials(("ei-coton", 1.5), ("ei-pet", -0.5))}, "materials[0].share", "1.5"),
    ({"materials": materials(("ei-coton", "half"), ("ei-pet", 0.5))}, "materials[0].share", "half"),
    (
        {"materials": [{"id": "ei-coton", "share": 1, "country": "IT"}]},
        "materials[0].country",
        "IT",
    ),
    ({"mass": 0}, "mass", "0"),
    ({"mass": -0.2}, "mass", "-0.2"),
    ({"mass": "heavy"}, "mass", "heavy"),
    ({"mass": None}, "mass", ""),
    ({"countrySpinning": "IT"}, "countrySpinning", "IT"),
    ({"countryFabric": "Italy"}, "countryFabric", "Italy"),
    ({"countryDyeing": "XX"}, "countryDyeing", "XX"),
    ({"countryMaking": "PL"}, "countryMaking", "PL"),
    ({"makingWaste": 0.5}, "makingWaste", "0.5"),
    ({"makingWaste": -0.1}, "makingWaste", "-0.1"),
    ({"makingDeadStock": 0.31}, "makingDeadStock", "0.31"),
    ({"airTransportRatio": 1.5}, "airTransportRatio", "1.5"),
    ({"airTransportRatio": "some"}, "airTransportRatio", "some"),
    ({"printing": {"kind": "pigment", "ratio": 0.9}}, "printing.ratio", "0.9"),
    ({"printing": {"kind": "digital"}}, "printing.kind", "digital"),
    ({"surfaceMass": 79}, "surfaceMass", "79"),
    ({"surfaceMass": 501}, "surfaceMass", "501"),
    ({"yarnSize": 8}, "yarnSize", "8"),
    ({"yarnSize": 201}, "yarnSize", "201"),
    ({"physicalDurability": 0.5}, "physicalDurability", "0.5"),
    ({"physicalDurability": 1.6}, "physicalDurability", "1.6"),
    ({"price": 0}, "price", "0"),
    ({"price": -5}, "price", "-5"),
    ({"numberOfReferences": 0}, "numberOfReferences", "0"),
    ({"numberOfReferences": 10.5}, "numberOfReferences", "10.5"),
    ({"fabricProcess": "crochet"}, "fabricProcess", "crochet"),
    ({"makingComplexity": "extreme"}, "makingComplexity", "extreme"),
    ({"dyeingProcessType": "tie-dye"}, "dyeingProcessType", "tie-dye"),
    ({"business": "medium-business"}, "business", "medium-business"),
    ({"trims": [{"id": "golden-zip", "quantity": 1}]}, "trims[0].id", "golden-zip"),
    ({"trims": [{"id": LONG_ZIP, "quantity": 0}]}, "trims[0].quantity", "0"),
    ({"fading": "yes"}, "fading", "yes"),
    ({"upcycled": 1}, "upcycled", "1"),
    ({"disabledSteps": ["packaging"]}, "disabledSteps[0]", "packaging"),
    ({"disabledSteps": ["use", "Making"]}, "disabledSteps[1]", "Making"),
    # The engine's rule: every garment is made up, so "making" cannot be switched off.
    ({"disabledSteps": ["making"]}, "disabledSteps", "making"),
    # Printing needs the ennobling stage.
    ({"disabledSteps": ["ennobling"], "printing": {"kind": "pigment"}}, "printing", "ennobling"),
    # Unknown top-level fields are refused (a misspelt option is never silently ignored).
    ({"colour": "blue"}, "colour", "colour"),
]


@pytest.mark.parametrize(
    ("change", "field", "text"), CASES, ids=[f"{c[1]}={c[0]}"[:60] for c in CASES]
)
def test_invalid_field(change, field, text):
    error = error_for({**base(), **change})
    assert error.field == field, str(error)
    assert text in error.message, error.message
    assert error.index is None
    assert str(error) == f"{field}: {error.message}"
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("missing", ["product", "mass", "materials"])
def test_required_fields(missing):
    query = base()
    del query[missing]
    assert error_for(query).field == missing


def test_not_an_object():
    assert error_for(["tshirt"]).field == "query"


def test_trims_heavier_than_the_garment():
    """Trims are taken off the fabric's mass: 5 long zips (250 g) on a 100 g garment would leave
    a negative fabric mass and negative stages, so the query is refused, naming the trims."""
    error = error_for({**base(), "mass": 0.1, "trims": [{"id": LONG_ZIP, "quantity": 5}]})
    assert error.field.startswith("trims"), str(error)


def test_compute_many_error_names_the_query():
    good = base()
    bad = {**base(), "materials": materials(("ei-coton", 0.6), ("cashmere", 0.4))}
    with pytest.raises(QueryError) as info:
        compute_many([good, good, bad, good])
    error = info.value
    assert error.index == 2
    assert error.field == "materials[1].id"
    assert "cashmere" in error.message
    assert str(error) == f"query 2: materials[1].id: {error.message}"


def test_compute_many_checks_all_before_computing():
    # The first bad query is reported even when it comes after valid ones.
    with pytest.raises(QueryError) as info:
        compute_many([base(), {**base(), "mass": -1}, {**base(), "product": "nope"}])
    assert (info.value.index, info.value.field) == (1, "mass")
