"""Each hard filter on a hand-built pair that fails it and only it (``passes`` names the first
failing filter, in the order kind, ewc, hazardous, legal, time, distance, same_firm)."""

from __future__ import annotations

from datetime import date

import pytest

from filiera.symbiosis.engine.matching import FILTERS, passes
from tests.symbiosis.factories_engine import CARPI, need, north_of, offer


def test_the_base_pair_passes():
    assert passes(offer(), need()) is None


def test_filter_order_is_the_documented_one():
    assert FILTERS == ("kind", "ewc", "hazardous", "legal", "time", "distance", "same_firm")


def test_roles_are_checked():
    with pytest.raises(ValueError):
        passes(need(), offer())


# kind ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["waste", "by_product", "end_of_waste", "secondary_material"])
def test_material_kinds_match_each_other(kind):
    assert passes(offer(kind="by_product", legal_status="by_product"), need(kind=kind)) is None


@pytest.mark.parametrize(
    ("offered", "needed"), [("energy", "water"), ("waste", "energy"), ("space", "equipment")]
)
def test_other_kinds_match_only_themselves(offered, needed):
    common = {"ewc": "", "legal_status": "product", "base_unit": ""}
    assert (
        passes(offer(kind=offered, **common), need(kind=needed, accepted_ewc=(), **common))
        == "kind"
    )


def test_same_non_material_kind_matches():
    heat = {"kind": "energy", "ewc": "", "legal_status": "product", "base_unit": "MWh"}
    assert passes(offer(**heat), need(accepted_ewc=(), **heat)) is None


def test_amounts_in_different_base_units_never_match():
    assert passes(offer(base_unit="t"), need(base_unit="m3")) == "kind"


# ewc -----------------------------------------------------------------------------------------


def test_waste_offer_needs_its_code_among_the_receivers_authorised_codes():
    assert passes(offer(ewc="040222"), need(accepted_ewc=("040221",))) == "ewc"
    assert passes(offer(ewc="040222"), need(accepted_ewc=())) == "ewc"


def test_waste_offer_without_code_cannot_go_to_a_receiver():
    assert passes(offer(ewc=""), need()) == "ewc"


def test_by_product_with_a_code_of_another_material_family_does_not_match():
    cones = offer(kind="by_product", legal_status="by_product", ewc="150102")
    assert passes(cones, need(kind="secondary_material", legal_status="product")) == "ewc"


def test_by_product_matches_a_code_of_the_same_family_in_another_chapter():
    scraps = offer(kind="by_product", legal_status="by_product", ewc="040222")
    sorted_textiles = need(kind="secondary_material", legal_status="product", ewc="191208",
                           accepted_ewc=())  # fmt: skip
    assert passes(scraps, sorted_textiles) is None


def test_codes_are_not_compared_when_one_side_names_none():
    scraps = offer(kind="by_product", legal_status="by_product", ewc="")
    assert passes(scraps, need(legal_status="product")) is None
    coded = offer(kind="by_product", legal_status="by_product")
    assert passes(coded, need(legal_status="product", accepted_ewc=())) is None


# hazardous -----------------------------------------------------------------------------------


def test_hazardous_offer_needs_a_receiver_authorised_for_hazardous_waste():
    sludge = offer(ewc="040219", hazardous=True)
    plant = need(accepted_ewc=("040219",), accepts_hazardous=False)
    assert passes(sludge, plant) == "hazardous"
    assert passes(sludge, need(accepted_ewc=("040219",), accepts_hazardous=True)) is None


# legal ---------------------------------------------------------------------------------------


def test_waste_offer_needs_a_receiver_that_takes_waste():
    assert passes(offer(), need(legal_status="product")) == "legal"
    assert passes(offer(), need(legal_status="by_product")) == "legal"


@pytest.mark.parametrize("status", ["by_product", "end_of_waste", "product"])
def test_not_waste_goes_to_any_receiver(status):
    kind = {"by_product": "by_product", "end_of_waste": "end_of_waste"}.get(status, "waste")
    for receiver in ("waste", "product"):
        assert passes(offer(kind=kind, legal_status=status), need(legal_status=receiver)) is None


# time ----------------------------------------------------------------------------------------


def test_windows_that_do_not_overlap_fail():
    early = offer(available_from=date(2026, 1, 1), available_until=date(2026, 3, 31))
    late = need(available_from=date(2026, 4, 1))
    assert passes(early, late) == "time"


def test_windows_touching_on_one_day_pass():
    early = offer(available_until=date(2026, 3, 31))
    late = need(available_from=date(2026, 3, 31), available_until=date(2026, 6, 30))
    assert passes(early, late) is None


def test_open_windows_always_overlap():
    assert passes(offer(available_from=date(2030, 1, 1)), need(available_until=None)) is None
    assert passes(offer(), need(available_until=date(2000, 1, 1))) is None


# distance ------------------------------------------------------------------------------------


def test_within_both_radii():
    near = need(lat=north_of(CARPI, 40)[0], lon=CARPI[1], max_distance_km=50)
    assert passes(offer(max_distance_km=41), near) is None


def test_beyond_the_smaller_radius_fails_whichever_side_it_is():
    near = north_of(CARPI, 40)
    assert passes(offer(max_distance_km=39), need(lat=near[0], lon=near[1])) == "distance"
    far_need = need(lat=near[0], lon=near[1], max_distance_km=39)
    assert passes(offer(max_distance_km=500), far_need) == "distance"


# same firm -----------------------------------------------------------------------------------


def test_a_firm_is_not_matched_with_itself():
    assert passes(offer(firm_id=7), need(firm_id=7)) == "same_firm"


def test_the_first_failing_filter_is_named():
    bad = offer(ewc="040220", hazardous=True, firm_id=2, max_distance_km=10)
    assert passes(bad, need(legal_status="product")) == "ewc"
    assert passes(bad, need(accepted_ewc=("040220",))) == "hazardous"
