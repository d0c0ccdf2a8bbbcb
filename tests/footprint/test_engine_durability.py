"""Hand-checked complements (microfibres, out-of-Europe end of life) and durability
(data README section 5; Economics.elm of Ecobalyse v7.0.0).
"""

from __future__ import annotations

import pytest

from filiera.footprint.engine import compute
from tests.footprint.queries import approx, tshirt

# --- Complements ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("material", "per_kg"),
    [("ei-pet", 820), ("ei-laine-par-defaut", 390), ("ei-viscose", 330), ("ei-coton", 250)],
)
def test_microfibres_by_origin(material, per_kg):
    result = compute(tshirt(materials=[{"id": material, "share": 1}]))
    assert result["complements"]["microfibers"] == approx(0.17 * per_kg)


@pytest.mark.parametrize(("synthetic", "p"), [(0.5, 0.121), (0.6, 0.121), (0.4, 0.049), (0, 0.049)])
def test_out_of_europe_end_of_life_threshold(synthetic, p):
    materials = [{"id": "ei-pet", "share": synthetic}, {"id": "ei-coton", "share": 1 - synthetic}]
    materials = [row for row in materials if row["share"] > 0]
    result = compute(tshirt(materials=materials))
    assert result["complements"]["outOfEuropeEOL"] == approx(p * 0.17 * 5000)


# --- Durability -----------------------------------------------------------------------------


def test_default_durability():
    # T-shirt: price 10 = repair cost 10 → repair index 0; 100 000 references → 0.
    assert compute(tshirt())["durability"] == {
        "holistic": 0.67,
        "physical": 1.45,
        "nonPhysical": 0.67,
    }


@pytest.mark.parametrize(
    ("business", "non_physical"),
    [
        ("small-business", 1.45),  # round2(0.67 + 0.78·(0.5·1 + 0.5·1))
        ("large-business-with-services", 1.45),  # repair 1·0.67 + 0.33 = 1
        ("large-business-without-services", 1.32),  # round2(0.67 + 0.78·(0.5 + 0.5·0.67))
    ],
)
def test_non_physical_durability_by_business(business, non_physical):
    result = compute(tshirt(business=business, numberOfReferences=10, price=100))
    assert result["durability"]["nonPhysical"] == approx(non_physical)
    assert result["durability"]["holistic"] == approx(non_physical)  # physical 1.45 by default


def test_references_and_repair_indices():
    # 2500 refs: 0.5 + (7000 - 2500)/6000·0.5 = 0.875; repair index 1 (small business, 10/100):
    # round2(0.67 + 0.78·0.9375) = round2(1.40125) = 1.40.
    result = compute(tshirt(business="small-business", numberOfReferences=2500, price=100))
    assert result["durability"]["nonPhysical"] == approx(1.40)
    # Price 30, repair 10 (ratio 0.333 ≥ 0.33): (30 - 10)/(10/0.33 - 10) = 0.985075, ·0.67 = 0.66;
    # refs 100 000 → 0: round2(0.67 + 0.78·0.5·0.66) = round2(0.9274) = 0.93.
    assert compute(tshirt(price=30))["durability"]["nonPhysical"] == approx(0.93)


def test_holistic_is_the_smaller_and_scales_use_and_total():
    result = compute(
        tshirt(business="small-business", numberOfReferences=10, price=100, physicalDurability=1.2)
    )
    assert result["durability"] == {"holistic": 1.2, "physical": 1.2, "nonPhysical": 1.45}
    assert result["useCycles"] == 54  # round(45 · 1.2)
    assert result["ecs"] == approx(result["ecsWithoutDurability"] / 1.2, rel=1e-12)
