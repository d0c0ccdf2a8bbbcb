"""Each score component on hand-built pairs, and the weighted score, computed by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest

from filiera.symbiosis.engine.matching import COMPONENTS, DEFAULT_WEIGHTS, score
from tests.symbiosis.factories_engine import CARPI, PRATO, need, north_of, offer


def parts(o, n):
    return score(o, n).components


def test_components_are_named_and_weights_add_up_to_one():
    assert COMPONENTS == ("code", "material", "text", "quantity", "time", "distance")
    assert list(parts(offer(), need())) == list(COMPONENTS)
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)


# code ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "need_code", "accepted", "expected"),
    [
        ("040222", "", ("040221", "040222"), 1.0),  # among the authorised codes
        ("040222", "040222", (), 1.0),  # the same entry
        ("040222", "040221", ("040222",), 0.6),  # the need's own code first: same sub-chapter
        ("040222", "200111", (), 0.6),  # another chapter, the same material family
        ("040108", "040222", (), 0.3),  # the same chapter only
        ("040222", "101208", (), 0.0),  # nothing in common
        ("", "040222", (), 0.5),  # nothing to compare
        ("040222", "", (), 0.5),
    ],
)
def test_code_component(offered, need_code, accepted, expected):
    got = parts(offer(ewc=offered), need(ewc=need_code, accepted_ewc=accepted))["code"]
    assert got == pytest.approx(expected)


# material ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "needed", "expected"),
    [
        ({"fibre": "cotton 95% elastane 5%"}, {"fibre": "cotton"}, 0.95),
        ({"fibra": "lana", "colore": "blu"}, {"fibre": "wool", "colour": "any"}, 1.0),
        ({"fibre": "wool 80 polyamide 20"}, {"fibre": "wool 70% polyamide 30%"}, 0.9),
        ({"colour": "undyed"}, {"colour": "white"}, 0.6),  # the same light shade
        ({"colour": "colori misti"}, {"colour": "black"}, 0.2),
        ({"colour": "red"}, {"colour": "white"}, 0.0),
        ({"fibre": "cotone 92 elastan 8"}, {"elastane_pct": "3"}, 0.5),  # 5 points over
        ({"fibre": "cotton 98 elastane 2"}, {"elastane_pct": 3}, 1.0),
        ({"coated": "sì"}, {"coated": "no"}, 0.0),
        ({"construction": "jersey"}, {"construction": "knitted"}, 1.0),
        ({"fibre": "cotton"}, {"fibre": "cotton", "construction": "woven"}, 0.75),  # not stated
        ({"fibre": "cotton"}, {}, 0.5),  # the need asks for nothing
    ],
)
def test_material_component(offered, needed, expected):
    got = parts(offer(attributes=offered), need(attributes=needed))["material"]
    assert got == pytest.approx(expected)


# text ----------------------------------------------------------------------------------------


def test_text_component_is_the_cosine_of_the_descriptions():
    same = "Ritagli di maglieria in cotone"
    assert parts(offer(text=same), need(text=same))["text"] == pytest.approx(1.0)
    assert parts(offer(text="abc"), need(text="xyz"))["text"] == 0.0
    near = parts(offer(text=same), need(text="ritaglio di maglia cotone"))["text"]
    far = parts(offer(text=same), need(text="fanghi di depurazione"))["text"]
    assert 0.3 < near < 1.0
    assert far < 0.1 < near


def test_common_words_do_not_make_texts_similar():
    got = parts(offer(text="cerchiamo per la nostra azienda"), need(text="cerchiamo per anno"))
    assert got["text"] == 0.0


# quantity ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "needed", "expected"),
    [
        (10.0, 100.0, 0.55),  # all the offer taken (1), a tenth of the need covered (0.1)
        (100.0, 10.0, 0.55),
        (120.0, 150.0, 0.9),  # (1 + 0.8) / 2
        (50.0, 50.0, 1.0),
        (None, 50.0, 0.5),  # not known
        (0.0, 50.0, 0.5),
    ],
)
def test_quantity_component(offered, needed, expected):
    got = parts(offer(amount_year=offered), need(amount_year=needed))["quantity"]
    assert got == pytest.approx(expected)


# time ----------------------------------------------------------------------------------------


def test_time_component_is_the_overlap_over_the_shorter_window():
    january = offer(available_from=date(2026, 1, 1), available_until=date(2026, 1, 31))
    later = need(available_from=date(2026, 1, 16), available_until=date(2026, 2, 14))
    # 16 days in common (16-31 January) over the shorter window (30 days, 16 Jan - 14 Feb)
    assert parts(january, later)["time"] == pytest.approx(16 / 30, abs=1e-4)


def test_time_component_is_one_when_a_window_lies_in_the_other_or_both_are_open():
    week = need(available_from=date(2026, 3, 2), available_until=date(2026, 3, 8))
    assert parts(offer(available_from=date(2026, 1, 1)), week)["time"] == 1.0
    assert parts(offer(), need())["time"] == 1.0


# distance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("km", "expected"), [(0.0, 1.0), (50.0, 0.5), (100.0, 0.25)])
def test_distance_component_halves_every_50_km(km, expected):
    lat, lon = north_of(CARPI, km)
    candidate = score(offer(), need(lat=lat, lon=lon))
    assert candidate.distance_km == pytest.approx(km, abs=0.01)
    assert candidate.components["distance"] == pytest.approx(expected, abs=1e-4)


def test_distance_is_great_circle_km():
    lat1, lon1, lat2, lon2 = map(math.radians, (*CARPI, *PRATO))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    expected = 2 * 6371.0088 * math.asin(math.sqrt(a))
    assert score(offer(), need()).distance_km == pytest.approx(expected, abs=0.01)


# weighted score ------------------------------------------------------------------------------


def test_score_is_the_weighted_mean_of_the_components():
    o = offer(attributes={"fibre": "cotton"}, amount_year=10.0, text="same words here")
    n = need(attributes={"fibre": "cotton"}, amount_year=100.0, text="same words here")
    got = score(o, n)
    c = got.components
    assert (c["code"], c["material"], c["text"], c["quantity"], c["time"]) == pytest.approx(
        (1.0, 1.0, 1.0, 0.55, 1.0)
    )
    expected = 0.25 + 0.2 + 0.2 + 0.1 * 0.55 + 0.05 + 0.2 * c["distance"]
    assert got.score == pytest.approx(expected, abs=1e-4)
    only_distance = score(o, n, weights={name: 0.0 for name in COMPONENTS} | {"distance": 2.0})
    assert only_distance.score == pytest.approx(c["distance"], abs=1e-4)
    assert (got.offer_id, got.need_id) == (o.id, n.id)


def test_weights_are_checked():
    with pytest.raises(ValueError, match="Unknown score component"):
        score(offer(), need(), weights={"colour": 1.0})
    with pytest.raises(ValueError, match="negative"):
        score(offer(), need(), weights={"text": -1})
    with pytest.raises(ValueError, match="positive weight"):
        score(offer(), need(), weights={name: 0 for name in COMPONENTS})
