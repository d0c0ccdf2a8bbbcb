"""Hand-checked cases: each expected value is written out from the data README formulas and the
per-unit ``ecs`` of processes.json (v7.0.0), independently of the engine's code.

Constants (µPt per unit): electricity per kWh FR 18.7512 (low voltage, as published), REO 24.5424,
CN 61.4952, TR 37.4308; heat per MJ Europe 4.08361, world 7.08283; road 15.3641 per t·km.
Transport legs are in test_engine_transport, complements and durability in test_engine_durability.
"""

from __future__ import annotations

import pytest

from filiera.footprint.engine import compute, zone_for_country
from tests.footprint.queries import M, approx, lines, tshirt

FR, REO, CN, TR = 18.7512, 24.5424, 61.4952, 37.4308
HEAT_EU, HEAT_WORLD = 4.08361, 7.08283
ROAD = 15.3641
COTTON, PET = 1513.22, 269.247
BRASS = 7344.03  # metal button 0c903fc7…: 3 g of brass
METAL_BUTTON = "0c903fc7-279b-4375-8cfa-ca8133b8e973"

# T-shirt, 0.17 kg, knitting-mix, making waste 0.15, dead stock 0.15, conventional spinning:
M1 = M / (1 - 0.15)  # 0.2 kg: making input before dead stock
M2 = M1 / (1 - 0.15)  # 0.235294 kg: making input, ennobled mass
F = M2 / (1 - 0.05446)  # 0.248846 kg: fabric input (knitting-mix waste 5.446 %)
S = F / (1 - 0.12)  # 0.282780 kg: spinning input (conventional spinning waste 12 %)


# --- Mass chain -----------------------------------------------------------------------------


def test_mass_chain_tshirt_cotton():
    masses = compute(tshirt())["masses"]
    assert masses["finished"] == approx(0.17)
    assert masses["making"] - masses["deadStock"] == approx(0.2)  # M1 = 0.17 / 0.85
    assert masses["making"] == approx(0.2352941)  # M2 = 0.2 / 0.85
    assert masses["ennobling"] == approx(0.2352941)
    assert masses["fabric"] == approx(0.2488463)  # M2 / (1 - 0.05446)
    assert masses["spinning"] == approx(0.2827799)  # F / (1 - 0.12)
    assert masses["material"] == approx(0.2827799)  # material waste 0
    assert masses["trims"] == 0


def test_mass_chain_jean_weaving():
    masses = compute(tshirt(product="jean", mass=0.45))["masses"]
    assert masses["making"] - masses["deadStock"] == approx(0.5769231)  # 0.45 / (1 - 0.22)
    assert masses["making"] == approx(0.6787330)  # / 0.85
    assert masses["fabric"] == approx(0.7240051)  # / (1 - 0.06253), weaving
    assert masses["spinning"] == approx(0.8227330)  # / 0.88


def test_synthetic_and_mixed_spinning_waste():
    pet = compute(tshirt(materials=[{"id": "ei-pet", "share": 1}]))["masses"]
    assert pet["spinning"] == approx(F / 0.97)  # synthetic filament: 3 % waste
    # 50 % cotton, 45 % PET, 5 % elastane: F·(0.5/0.88 + 0.45/0.97 + 0.05/0.97) = 0.269661
    mix = [
        {"id": "ei-coton", "share": 0.5},
        {"id": "ei-pet", "share": 0.45},
        {"id": "elasthane", "share": 0.05},
    ]
    assert compute(tshirt(materials=mix))["masses"]["spinning"] == approx(0.2696610)


def test_making_waste_and_dead_stock_overrides():
    masses = compute(tshirt(makingWaste=0.25, makingDeadStock=0.1))["masses"]
    assert masses["making"] - masses["deadStock"] == approx(0.17 / 0.75)  # 0.226667
    assert masses["making"] == approx(0.17 / 0.75 / 0.9)  # 0.251852
    assert masses["deadStock"] == approx(0.17 / 0.75 / 0.9 - 0.17 / 0.75)


def test_fully_fashioned_forces_waste_and_very_low_complexity():
    result = compute(tshirt(fabricProcess="knitting-fully-fashioned"), detail=True)
    masses = result["masses"]
    m1 = 0.17 / 0.98  # making waste forced to 2 %
    assert masses["making"] - masses["deadStock"] == approx(m1)
    assert masses["fabric"] == approx(m1 / 0.85 / (1 - 0.005))
    assert result["stages"]["making"] == approx(5 * 0.029 * FR)  # very-low: 5 min
    # Fully-fashioned knitting: 6.06443 MJ/kg of fabric out.
    assert result["stages"]["fabric"] == approx(m1 / 0.85 * 6.06443 / 3.6 * FR)


def test_integral_knitting_has_no_making_waste_nor_minutes():
    result = compute(tshirt(fabricProcess="knitting-integral"))
    assert result["masses"]["making"] - result["masses"]["deadStock"] == approx(0.17)
    assert result["stages"]["making"] == 0  # not-applicable: 0 min


# --- Stages ---------------------------------------------------------------------------------


def test_material_stage_share_weighted_and_recycled():
    mix = [{"id": "ei-coton", "share": 0.5}, {"id": "ei-pet", "share": 0.5}]
    result = compute(tshirt(materials=mix), detail=True)
    spun = F * (0.5 / 0.88 + 0.5 / 0.97)
    assert lines(result, "material") == {
        "ei-coton": approx(0.5 * spun * COTTON),
        "ei-pet": approx(0.5 * spun * PET),
    }
    # Recycled cotton (post-consumer): 0.8·179.46 + 0.2·0.5·1513.22 = 294.89 per kg.
    recycled = compute(tshirt(materials=[{"id": "coton-rdpc", "share": 1}]))
    assert recycled["stages"]["material"] == approx(S * 294.89)
    # Recycled PET: 0.5·118.14 + 0.5·1.0·269.247 = 193.6935 per kg.
    pet_r = compute(tshirt(materials=[{"id": "ei-pet-r", "share": 1}]))
    assert pet_r["stages"]["material"] == approx(F / 0.97 * 193.6935)


def test_spinning_energy():
    # kWh = Nm/50 · k · spinning output (F); conventional k = 4; REO electricity.
    result = compute(tshirt(countrySpinning="REO"))
    assert result["stages"]["spinning"] == approx(40 / 50 * 4 * F * REO)
    finer = compute(tshirt(countrySpinning="REO", yarnSize=60))
    assert finer["stages"]["spinning"] == approx(60 / 50 * 4 * F * REO)
    pet = compute(tshirt(materials=[{"id": "ei-pet", "share": 1}]))
    assert pet["stages"]["spinning"] == approx(40 / 50 * 1.5 * F * FR)  # filament: k = 1.5


def test_fabric_knitting_and_weaving():
    # Knitting-mix: 8.64 MJ/kg of fabric out = M2 · 2.4 kWh.
    assert compute(tshirt())["stages"]["fabric"] == approx(M2 * 8.64 / 3.6 * FR)  # 10.588913
    # Jean 0.45 kg, weaving, 250 g/m², Nm 40: thread density 250·40/100/2/1.08 = 46.2963;
    # 0.678733 kg / 0.25 kg/m² = 2.714932 m²; picks = round(46.2963·2.714932·100) = 12569;
    # 0.0003145 · 12569 = 3.9529505 kWh.
    jean = compute(tshirt(product="jean", mass=0.45))
    assert jean["stages"]["fabric"] == approx(3.9529505 * FR)  # 74.122565
    # 300 g/m², Nm 50: density 69.4444; 2.262443 m²; picks round(15711.4) = 15711.
    denser = compute(tshirt(product="jean", mass=0.45, surfaceMass=300, yarnSize=50))
    assert denser["stages"]["fabric"] == approx(0.0003145 * 15711 * FR)


@pytest.mark.parametrize(
    ("complexity", "minutes"),
    [
        ("very-low", 5),
        ("low", 15),
        ("medium", 30),
        ("high", 60),
        ("very-high", 120),
        ("not-applicable", 0),
    ],
)
def test_making_minutes_by_complexity(complexity, minutes):
    result = compute(tshirt(makingComplexity=complexity))
    assert result["stages"]["making"] == approx(0.029 * minutes * FR)


def test_fading_uses_m1():
    # Fading: M1·(19.0263 + 6.53/3.6·Elec + 37.81·Heat), M1 = 0.2 kg, not m = 0.17 kg.
    result = compute(tshirt(fading=True), detail=True)
    making = lines(result, "making")
    assert making["electricity"] == approx(15 * 0.029 * FR)  # 8.156772
    assert making["fading"] == approx(0.2 * (19.0263 + 6.53 / 3.6 * FR + 37.81 * HEAT_EU))  # 41.488
    turkey = compute(tshirt(fading=True, countryMaking="TR"), detail=True)
    assert lines(turkey, "making")["fading"] == approx(
        0.2 * (19.0263 + 6.53 / 3.6 * TR + 37.81 * HEAT_WORLD)
    )


def test_use_and_end_of_life():
    result = compute(tshirt(), detail=True)
    assert result["useCycles"] == 30  # round(45 · 0.67)
    use = lines(result, "use")
    assert use["electricity"] == approx(30 * (0.0936 / 3.6 + 1.0266 / 3.6 * 0.17) * FR)  # 41.8967
    assert use["washing"] == approx(30 * 0.17 * 15.1335)  # 77.18085
    eol = lines(result, "endOfLife")
    assert eol["carTrip"] == approx(0.0018 / 0.2 * 1.94192)
    assert eol["treatment"] == approx(0.17 * 33.1096)
    assert result["stages"]["distribution"] == 0


def test_ennobling_natural_fibre_in_france():
    e = M2
    parts = lines(compute(tshirt(), detail=True), "ennobling")
    assert parts["dyeing"] == approx(e * (24.3 * HEAT_EU + 3.6 / 3.6 * FR))  # 27.7607
    assert parts["dyeingToxicity"] == approx(e * 1626.93 * 0.05)  # cellulosic, Best
    # Bleaching (0.72 MJ elec, 5.4 MJ heat) + degreasing (1.08, 13.5).
    assert parts["pretreatments"] == approx(e * ((0.72 + 1.08) / 3.6 * FR + (5.4 + 13.5) * HEAT_EU))
    assert parts["bleachingToxicity"] == approx(e * 757.662 * 0.05)
    assert parts["finishing"] == approx(e * (2.16 / 3.6 * FR + 13.5 * HEAT_EU))
    assert parts.get("printing", 0) == 0
    assert sum(parts.values()) == approx(91.799484)


def test_ennobling_synthetic_and_artificial_and_outside_europe():
    e = M2
    pet = lines(compute(tshirt(materials=[{"id": "ei-pet", "share": 1}]), detail=True), "ennobling")
    assert pet["dyeingToxicity"] == approx(e * 620.296 * 0.05)
    assert pet["pretreatments"] == approx(e * (0.72 / 3.6 * FR + 10.8 * HEAT_EU))  # washing
    assert pet["bleachingToxicity"] == approx(e * 757.662 * 0.05)  # still counted (quirk 3)
    viscose = lines(
        compute(tshirt(materials=[{"id": "ei-viscose", "share": 1}]), detail=True), "ennobling"
    )
    assert viscose["pretreatments"] == approx(e * (0.72 / 3.6 * FR + 5.4 * HEAT_EU))  # bleaching
    china = lines(compute(tshirt(countryDyeing="CN"), detail=True), "ennobling")
    assert china["dyeing"] == approx(e * (24.3 * HEAT_WORLD + CN))  # world heat outside Europe
    assert china["dyeingToxicity"] == approx(e * 1626.93 * 0.19)  # Average scenario


@pytest.mark.parametrize(
    ("kind", "elec_mj", "heat_mj"), [("continuous", 2.88, 16.2), ("discontinuous", 4.32, 32.4)]
)
def test_dyeing_process_types(kind, elec_mj, heat_mj):
    parts = lines(compute(tshirt(dyeingProcessType=kind), detail=True), "ennobling")
    assert parts["dyeing"] == approx(M2 * (heat_mj * HEAT_EU + elec_mj / 3.6 * FR))


def test_printing_pigment():
    # Per kg of fabric (quirk 4) + energy on the printed surface + toxicity x ratio;
    # surface = 0.235294 kg / 0.2 kg/m² · 0.5 = 0.588235 m².
    parts = lines(
        compute(tshirt(printing={"kind": "pigment", "ratio": 0.5}), detail=True), "ennobling"
    )
    expected = (
        M2 * 6.98207
        + M2 / 0.2 * 0.5 * (7.25 * HEAT_EU + 4.56 / 3.6 * FR)
        + M2 * 2026.16 * 0.05 * 0.5
    )
    assert parts["printing"] == approx(expected)
    default_ratio = lines(compute(tshirt(printing={"kind": "pigment"}), detail=True), "ennobling")
    assert default_ratio["printing"] == approx(
        M2 * 6.98207
        + M2 / 0.2 * 0.2 * (7.25 * HEAT_EU + 4.56 / 3.6 * FR)
        + M2 * 2026.16 * 0.05 * 0.2
    )


# --- Upcycled, trims, disabled steps --------------------------------------------------------


def test_upcycled():
    result = compute(tshirt(upcycled=True))
    for stage in ("material", "spinning", "fabric", "ennobling"):
        assert result["stages"][stage] == 0, stage
    assert result["complements"]["microfibers"] == 0
    assert result["complements"]["outOfEuropeEOL"] == approx(41.65)
    assert result["stages"]["making"] == approx(60 * 0.029 * FR)  # complexity high: 32.627088
    # Only making → distribution and distribution's 500 km, both with m, by road.
    assert result["stages"]["transport"] == approx(2 * 0.17 / 1000 * 500 * ROAD)  # 2.611897
    # Its switched-off fabric and spinning carry no waste (Ecobalyse skips them).
    assert result["masses"]["fabric"] == approx(M2)
    assert result["masses"]["spinning"] == approx(M2)


def test_trims_mass_subtracted_and_impact_added():
    plain = compute(tshirt())
    trimmed = compute(tshirt(trims=[{"id": METAL_BUTTON, "quantity": 4}]))
    t = 4 * 0.003  # 12 g of brass
    assert trimmed["masses"]["trims"] == approx(t)
    for stage in ("material", "spinning", "fabric", "ennobling"):
        assert trimmed["masses"][stage] == approx(plain["masses"][stage] - t), stage
    for stage in ("finished", "making", "deadStock"):
        assert trimmed["masses"][stage] == approx(plain["masses"][stage]), stage
    assert trimmed["stages"]["trims"] == approx(4 * 0.003 * BRASS)  # 88.12836
    assert trimmed["stages"]["material"] == approx((S - t) * COTTON)


def linen(**extra) -> dict:
    """Linen's default country is FR: with every stage in France each leg is 500 km by road."""
    return tshirt(**{"materials": [{"id": "ei-lin", "share": 1}], **extra})


def test_disabled_steps():
    no_use = compute(tshirt(disabledSteps=["use"]))
    assert no_use["stages"]["use"] == 0
    no_eol = compute(tshirt(disabledSteps=["eol"]))
    assert no_eol["stages"]["endOfLife"] == 0
    assert no_eol["complements"]["outOfEuropeEOL"] == 0
    no_material = compute(tshirt(disabledSteps=["material"]))
    assert no_material["stages"]["material"] == 0
    assert no_material["complements"]["microfibers"] == 0
    # Fabric off: no fabric waste (spinning output = M2), no fabric energy; spinning → dyeing.
    no_fabric = compute(linen(disabledSteps=["fabric"]))
    assert no_fabric["stages"]["fabric"] == 0
    assert no_fabric["masses"]["spinning"] == approx(M2 / 0.88)
    assert no_fabric["stages"]["spinning"] == approx(40 / 50 * 4 * M2 * FR)
    # Distribution off: making → use (FR) is the last leg; no 500 km of distribution.
    no_distribution = compute(linen(disabledSteps=["distribution"]))
    assert no_distribution["stages"]["transport"] == approx(
        (S + F + 2 * M2 + M) / 1000 * 500 * ROAD
    )


# --- Zones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso2", "zone"),
    [
        ("IT", "REO"),
        ("ES", "REO"),
        ("PT", "REO"),
        ("PL", "REE"),
        ("FR", "FR"),
        ("TR", "TR"),
        ("CN", "CN"),
        ("US", "RNA"),
        ("BR", "RLA"),
        ("it", "REO"),
        ("", "---"),
        ("XX", "---"),
    ],
)
def test_zone_for_country(iso2, zone):
    assert zone_for_country(iso2) == zone
