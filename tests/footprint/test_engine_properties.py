"""Properties of the engine over many valid queries (hypothesis).

Queries span every category, 1 to 5 distinct materials with shares (whole percents) adding up to 1,
every textile zone, and the optional fields within their documented ranges.
"""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from filiera.footprint.engine import QueryError, compute, compute_many, dataset

DATA = dataset()
PRODUCTS = sorted(DATA.products)
MATERIALS = sorted(DATA.materials)
ZONES = sorted(DATA.zones)
TRIMS = sorted(DATA.trims)
STEP_FIELDS = ("countrySpinning", "countryFabric", "countryDyeing", "countryMaking")
FABRICS = [
    "knitting-mix",
    "knitting-fully-fashioned",
    "knitting-integral",
    "knitting-circular",
    "knitting-straight",
    "weaving",
]
COMPLEXITIES = ["very-high", "high", "medium", "low", "very-low", "not-applicable"]
BUSINESSES = ["small-business", "large-business-with-services", "large-business-without-services"]
OFF = ["material", "spinning", "fabric", "ennobling", "distribution", "use", "eol"]
REL = 1e-9

SETTINGS = settings(max_examples=100, deadline=None, database=None)


@st.composite
def compositions(draw) -> list[dict]:
    ids = draw(st.lists(st.sampled_from(MATERIALS), min_size=1, max_size=5, unique=True))
    # Whole percents adding up to 100, each at least 1.
    cuts = sorted(
        draw(
            st.lists(st.integers(1, 99), min_size=len(ids) - 1, max_size=len(ids) - 1, unique=True)
        )
    )
    bounds = [0, *cuts, 100]
    rows = []
    for material, low, high in zip(ids, bounds[:-1], bounds[1:], strict=True):
        row = {"id": material, "share": (high - low) / 100}
        if draw(st.booleans()):
            row["country"] = draw(st.sampled_from(ZONES))
        rows.append(row)
    return rows


def optional(value_strategy):
    return st.one_of(st.none(), value_strategy)


@st.composite
def queries(draw) -> dict:
    query: dict = {
        "product": draw(st.sampled_from(PRODUCTS)),
        "mass": draw(st.floats(0.05, 3, allow_nan=False)),
        "materials": draw(compositions()),
    }
    for field in STEP_FIELDS:
        query[field] = draw(optional(st.sampled_from(ZONES)))
    options = {
        "fabricProcess": st.sampled_from(FABRICS),
        "makingComplexity": st.sampled_from(COMPLEXITIES),
        "makingWaste": st.floats(0, 0.4),
        "makingDeadStock": st.floats(0, 0.3),
        "airTransportRatio": st.floats(0, 1),
        "dyeingProcessType": st.sampled_from(["average", "continuous", "discontinuous"]),
        "fading": st.booleans(),
        "upcycled": st.booleans(),
        "surfaceMass": st.integers(80, 500),
        "yarnSize": st.integers(9, 200),
        "business": st.sampled_from(BUSINESSES),
        "numberOfReferences": st.integers(1, 200_000),
        "price": st.floats(1, 1000),
        "physicalDurability": st.floats(0.67, 1.45),
        "trims": st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(TRIMS), "quantity": st.integers(1, 10)}),
            max_size=2,
        ),
        "disabledSteps": st.lists(st.sampled_from(OFF), max_size=3, unique=True),
    }
    for field, strategy in options.items():
        value = draw(optional(strategy))
        if value is not None:
            query[field] = value
    if "ennobling" not in query.get("disabledSteps", []) and not query.get("upcycled"):
        printing = draw(
            optional(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["pigment", "substantive"]),
                        "ratio": st.floats(0.01, 0.8),
                    }
                )
            )
        )
        if printing is not None:
            query["printing"] = printing
    return {k: v for k, v in query.items() if v is not None}


def computable(query: dict) -> dict | None:
    """The result, or None when the only problem is trims heavier than the garment allows."""
    try:
        return compute(query, detail=True)
    except QueryError as error:
        assert error.field.startswith("trims"), (error.field, error.message, query)
        return None


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


# Found by hypothesis: seven 50 g zips on a 250 g garment weigh more than its fabric.
HEAVY_TRIMS = {
    "product": "calecon",
    "mass": 0.25,
    "materials": [{"id": "coton-rdp", "share": 1.0}],
    "trims": [{"id": "86b877ff-0d59-482f-bb34-3ff306b07496", "quantity": 7}],
}


@SETTINGS
@given(queries())
@example(HEAVY_TRIMS)
def test_never_negative(query):
    result = computable(query)
    if result is None:
        return
    assert result["ecs"] >= 0
    negative = {
        k: v
        for k, v in {**result["stages"], **result["complements"], **result["masses"]}.items()
        if v < 0
    }
    assert not negative, negative
    assert all(line["ecs"] >= 0 for line in result["breakdown"]), result["breakdown"]


@SETTINGS
@given(queries())
def test_stages_and_complements_add_up(query):
    result = computable(query)
    if result is None:
        return
    total = sum(result["stages"].values()) + sum(result["complements"].values())
    assert close(total, result["ecsWithoutDurability"])
    durability = result["durability"]
    assert durability["holistic"] == min(durability["physical"], durability["nonPhysical"])
    assert close(result["ecs"], result["ecsWithoutDurability"] / durability["holistic"])


@SETTINGS
@given(queries())
def test_breakdown_sums_equal_stages(query):
    result = computable(query)
    if result is None:
        return
    sums = dict.fromkeys(result["stages"], 0.0)
    for line in result["breakdown"]:
        assert line["stage"] in sums, line
        sums[line["stage"]] += line["ecs"]
    for stage, value in result["stages"].items():
        assert close(sums[stage], value), (stage, sums[stage], value)


@SETTINGS
@given(queries(), st.floats(0.01, 2))
def test_score_grows_with_mass(query, increase):
    """Strictly, but less than proportionally: making electricity is per item."""
    small = computable(query)
    bigger = computable({**query, "mass": query["mass"] * (1 + increase)})
    if small is None or bigger is None:
        return
    assert bigger["ecs"] > small["ecs"]
    assert bigger["ecsWithoutDurability"] > small["ecsWithoutDurability"]
    per_item = sum(
        line["ecs"]
        for line in small["breakdown"]
        if (line["stage"], line["item"]) == ("making", "electricity")
    )
    # Trims are subtracted from the fabric, which then grows faster than the mass: only
    # without trims is the per-item making electricity sure to make the total sub-linear.
    if per_item > 0.1 and not query.get("trims"):
        assert bigger["ecs"] < small["ecs"] * (1 + increase)


@SETTINGS
@given(queries(), st.randoms(use_true_random=False))
def test_material_order_does_not_matter(query, random):
    materials = list(query["materials"])
    random.shuffle(materials)
    a = computable(query)
    b = computable({**query, "materials": materials})
    if a is None or b is None:
        return
    assert close(a["ecs"], b["ecs"])
    for stage, value in a["stages"].items():
        assert close(value, b["stages"][stage]), stage
    for name, value in a["complements"].items():
        assert close(value, b["complements"][name]), name


@settings(max_examples=25, deadline=None, database=None)
@given(st.lists(queries(), min_size=1, max_size=6))
def test_compute_many_equals_compute_one_by_one(batch):
    singles = []
    for query in batch:
        try:
            singles.append(compute(query))
        except QueryError:
            return  # covered by the error tests
    assert compute_many(batch) == singles
