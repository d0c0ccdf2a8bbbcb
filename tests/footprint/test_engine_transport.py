"""Hand-checked transport legs: distances from transports.json, the road/sea split by road
kilometres, the same zone as 500 km by road, air only from making to distribution.

Per t·km: road 15.3641, sea 1.29981, air 59.226 µPt (processes.json v7.0.0).
"""

from __future__ import annotations

import pytest

from filiera.footprint.engine import compute
from tests.footprint.queries import M, approx, lines, tshirt

ROAD, SEA, AIR = 15.3641, 1.29981, 59.226
# T-shirt, 0.17 kg, linen (conventional spinning): M1 = 0.2, M2 = 0.235294, F = 0.248846,
# S = 0.282780 kg (see test_engine_units).
M2 = M / 0.85 / 0.85
F = M2 / (1 - 0.05446)
S = F / (1 - 0.12)


# --- Transport ------------------------------------------------------------------------------


def linen(**extra) -> dict:
    """Linen's default country is FR: with every stage in France each leg is 500 km by road."""
    return tshirt(**{"materials": [{"id": "ei-lin", "share": 1}], **extra})


# Legs: material→spinning (S), spinning→fabric (F), fabric→dyeing (M2), dyeing→making (M2),
# making→distribution (m), distribution's own 500 km (m); t·km = kg/1000 · km.
ALL_FR_ROAD = (S + F + 2 * M2 + 2 * M) / 1000 * 500 * ROAD  # 10.310958


def test_transport_all_in_one_zone_is_road():
    result = compute(linen(), detail=True)
    assert lines(result, "transport") == {"road": approx(ALL_FR_ROAD), "sea": 0, "air": 0}
    assert result["stages"]["transport"] == approx(ALL_FR_ROAD)


@pytest.mark.parametrize(
    ("country", "road_km", "sea_km"),
    [
        ("REO", 912 * 0.9, 1672 * 0.1),  # road 912 km < 1000: 90 % road
        ("REE", 1206 * 0.5, 5769 * 0.5),  # road < 2000: 50 %
        ("TR", 2971 * 0.25, 6108 * 0.75),  # road < 3000: 25 %
        ("CN", 0, 21549),  # road 9005 km: sea only
    ],
    ids=["REO", "REE", "TR", "CN"],
)
def test_transport_road_sea_split(country, road_km, sea_km):
    result = compute(
        linen(materials=[{"id": "ei-lin", "share": 1, "country": country}]), detail=True
    )
    other_legs = (F + 2 * M2 + 2 * M) / 1000 * 500 * ROAD
    assert lines(result, "transport")["road"] == approx(other_legs + S / 1000 * road_km * ROAD)
    assert lines(result, "transport")["sea"] == approx(S / 1000 * sea_km * SEA)


def test_transport_no_sea_route_is_road():
    # RME → TR: 500 km road, no sea distance → all road; then TR → FR (2971 km): 25 % road.
    query = linen(materials=[{"id": "ei-lin", "share": 1, "country": "RME"}], countrySpinning="TR")
    parts = lines(compute(query, detail=True), "transport")
    road = S * 500 + F * 2971 * 0.25 + (2 * M2 + 2 * M) * 500
    assert parts["road"] == approx(road / 1000 * ROAD)
    assert parts["sea"] == approx(F * 6108 * 0.75 / 1000 * SEA)


def test_air_only_on_making_to_distribution():
    # Made in China, C = 0.67 < 1: air share 1 on CN → FR (8189 km by air).
    result = compute(linen(countryMaking="CN"), detail=True)
    assert result["airTransportRatio"] == 1
    parts = lines(result, "transport")
    assert parts["air"] == approx(M / 1000 * 8189 * AIR)
    # Dyeing FR → making CN by sea (road 9005 km); the rest by road.
    assert parts["sea"] == approx(M2 / 1000 * 21549 * SEA)
    assert parts["road"] == approx((S + F + M2 + M) / 1000 * 500 * ROAD)
    half = lines(
        compute(linen(countryMaking="CN", airTransportRatio=0.5), detail=True), "transport"
    )
    assert half["air"] == approx(M / 1000 * 8189 * 0.5 * AIR)
    assert half["sea"] == approx((M2 * 21549 + M * 21549 * 0.5) / 1000 * SEA)


@pytest.mark.parametrize(
    ("extra", "ratio"),
    [
        ({"countryMaking": "REO"}, 0),  # Europe
        ({"countryMaking": "TR"}, 0),  # Turkey
        ({"countryMaking": "CN"}, 1),  # elsewhere, C < 1
        (
            {
                "countryMaking": "CN",
                "physicalDurability": 1.1,
                "numberOfReferences": 10,
                "price": 100,
            },
            1 / 3,
        ),
        ({"countryMaking": "CN", "airTransportRatio": 0.2}, 0.2),  # the query's value wins
        ({"countryMaking": "FR", "airTransportRatio": 0.2}, 0.2),
    ],
)
def test_air_transport_ratio_rules(extra, ratio):
    assert compute(tshirt(**extra))["airTransportRatio"] == approx(ratio)
