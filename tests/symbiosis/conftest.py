"""Shared symbiosis fixtures: flows written straight to the database and a Prato receiver.

Firms (from tests/conftest.py): ``firm_a`` (knitting, Carpi), ``firm_b`` (embroidery, Sassuolo,
about 30 km away). Added here: ``carder`` (a carding mill in Prato, district ``prato``, about
100 km from Carpi) with its owner ``carder_owner``.

Flows:
- ``offer_a``: firm A offers knitting cuttings, waste EWC 04 02 22, 120 t/year, up to 150 km.
- ``need_a``: firm A needs used yarn cones (secondary raw material, 15 01 02), 2 t/year.
- ``offer_b``: firm B offers yarn cones (by-product, 15 01 02), 3 t/year.
- ``need_b``: firm B needs heat, 400 MWh/year.
- ``carder_need``: the carding mill takes textile waste (authorised for 04 02 21 and 04 02 22),
  150 t/year, up to 200 km.
So offer_a ↔ carder_need and offer_b ↔ need_a pass every hard filter; need_b has no offer.

``make_flow(firm, ...)`` writes a Flow without the services (position from the firm's first
site, amount per year from a small unit table); ``make_match(offer, need, ...)`` writes a Match
(distance from the two positions unless given); ``make_delivery(match, ...)`` a realised
quantity. Other helpers import these from here (``from tests.symbiosis.conftest import ...``)
or use them as fixtures.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from filiera.registry.models import FirmMembership
from filiera.symbiosis.models import Delivery, Flow, Match
from tests.conftest import _firm

# Factor to the base unit and base unit, for the units the fixtures use.
_UNITS = {
    "t": (1.0, "t"),
    "kg": (0.001, "t"),
    "q": (0.1, "t"),
    "MWh": (1.0, "MWh"),
    "kWh": (0.001, "MWh"),
    "GJ": (1 / 3.6, "MWh"),
    "m3": (1.0, "m3"),
    "l": (0.001, "m3"),
    "pcs": (1.0, "pcs"),
    "m2": (1.0, "m2"),
    "h": (1.0, "h"),
}
_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "once": 1.0}
_MATERIAL_LEGAL = {
    "waste": "waste",
    "by_product": "by_product",
    "end_of_waste": "end_of_waste",
}


def amount_per_year(quantity, unit: str, period: str) -> tuple[float | None, str]:
    """The fixtures' own conversion (no engine needed): (amount per year, base unit)."""
    factor, base = _UNITS.get(unit, (None, ""))
    if factor is None:
        return None, ""
    return float(quantity) * factor * _PER_YEAR[period], base


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def make_flow(
    firm,
    direction: str = "offer",
    kind: str = "waste",
    ewc: str = "040222",
    description: str = "Ritagli di maglieria in lana",
    quantity=120,
    unit: str = "t",
    period: str = "year",
    *,
    site=None,
    **extra,
) -> Flow:
    """A Flow written straight to the database, ready for the engine and the pages."""
    site = site or firm.sites.order_by("id").first()
    amount, base = amount_per_year(quantity, unit, period)
    fields = {
        "legal_status": _MATERIAL_LEGAL.get(kind, "product"),
        "description_en": "",
        "max_distance_km": 150,
        "amount_year": amount,
        "base_unit": base,
    }
    fields.update(extra)
    return Flow.objects.create(
        firm=firm,
        site=site,
        lat=site.lat,
        lon=site.lon,
        direction=direction,
        kind=kind,
        ewc=ewc,
        description=description,
        quantity=Decimal(str(quantity)),
        unit=unit,
        period=period,
        **fields,
    )


def make_match(
    offer: Flow,
    need: Flow,
    status: str = Match.Status.SUGGESTED,
    score: float = 0.8,
    *,
    distance_km: float | None = None,
    components: dict | None = None,
    **extra,
) -> Match:
    """A Match written straight to the database; timestamps of the steps up to ``status`` set."""
    now = timezone.now()
    if distance_km is None:
        distance_km = round(haversine_km(offer.lat, offer.lon, need.lat, need.lon), 1)
    steps = [s.value for s in Match.Status]
    reached = steps.index(status) if status != Match.Status.DECLINED else 0
    stamps = {
        "offer_interest_at": now if reached >= 1 else None,
        "need_interest_at": now if reached >= 2 else None,
        "contact_shared_at": now if reached >= 2 else None,
        "agreed_at": now if reached >= 3 else None,
        "activated_at": now if reached >= 4 else None,
        "closed_at": now if reached >= 5 else None,
    }
    if reached >= 3:
        stamps.update(
            agreed_quantity=Decimal(str(need.quantity)),
            agreed_unit=need.unit,
            agreed_period=need.period,
        )
    if status == Match.Status.DECLINED:
        stamps.update(declined_at=now, declined_by="need", decline_reason="Not for us")
    stamps.update(extra)
    return Match.objects.create(
        offer=offer,
        need=need,
        status=status,
        score=score,
        components=components
        or {
            "code": 1.0,
            "material": 0.8,
            "text": 0.5,
            "quantity": 0.8,
            "time": 1.0,
            "distance": 0.6,
        },
        distance_km=distance_km,
        computed_at=now,
        **stamps,
    )


def make_delivery(
    match: Match,
    quantity=10,
    unit: str = "t",
    *,
    period_start: date = date(2025, 1, 1),
    period_end: date = date(2025, 3, 31),
    note: str = "",
    recorded_by=None,
) -> Delivery:
    """A realised quantity written straight to the database (amount in the offer's base unit)."""
    amount, _base = amount_per_year(quantity, unit, "once")
    return Delivery.objects.create(
        match=match,
        period_start=period_start,
        period_end=period_end,
        quantity=Decimal(str(quantity)),
        unit=unit,
        amount=amount if amount is not None else float(quantity),
        note=note,
        recorded_by=recorded_by,
    )


@pytest.fixture
def flow_factory(db):
    """``flow_factory(firm, direction="offer", kind="waste", ...)``: see make_flow."""
    return make_flow


@pytest.fixture
def match_factory(db):
    """``match_factory(offer, need, status="suggested", ...)``: see make_match."""
    return make_match


@pytest.fixture
def carder(prato):
    """A carding mill in Prato that takes textile cuttings (district ``prato``)."""
    return _firm(
        "Cardatura Pratese S.r.l.",
        7101,
        prato,
        municipality="100005",
        role="material_supplier",
        employees=22,
        processes=("FP.MECH_RECYCLING", "YN.SPIN_CARDED"),
        email="info@cardatura.example.test",
    )


@pytest.fixture
def carder_owner(make_user, carder):
    user = make_user("carder_owner", first_name="Carla", last_name="Cardi")
    FirmMembership.objects.create(user=user, firm=carder, role="owner")
    return user


@pytest.fixture
def offer_a(firm_a) -> Flow:
    return make_flow(
        firm_a,
        "offer",
        "waste",
        "040222",
        "Ritagli di maglieria in lana e cashmere, colori misti",
        120,
        "t",
        "year",
        ref="A-CUT",
        description_en="Knitting cuttings, wool and cashmere, mixed colours",
        attributes={"fibre": "wool", "construction": "knitted", "colour": "mixed"},
    )


@pytest.fixture
def need_a(firm_a) -> Flow:
    return make_flow(
        firm_a,
        "need",
        "secondary_material",
        "150102",
        "Coni per filati usati, in plastica",
        2,
        "t",
        "year",
        ref="A-CONES",
        description_en="Used plastic yarn cones",
        max_distance_km=50,
    )


@pytest.fixture
def offer_b(firm_b) -> Flow:
    return make_flow(
        firm_b,
        "offer",
        "by_product",
        "150102",
        "Coni in plastica dei filati, puliti",
        3,
        "t",
        "year",
        ref="B-CONES",
        description_en="Clean plastic yarn cones",
        max_distance_km=50,
    )


@pytest.fixture
def need_b(firm_b) -> Flow:
    return make_flow(
        firm_b,
        "need",
        "energy",
        "",
        "Calore per il reparto stiro",
        400,
        "MWh",
        "year",
        ref="B-HEAT",
        description_en="Heat for the pressing room",
        max_distance_km=10,
    )


@pytest.fixture
def carder_need(carder) -> Flow:
    return make_flow(
        carder,
        "need",
        "waste",
        "040222",
        "Scarti tessili di lana da cardare",
        150,
        "t",
        "year",
        ref="CARD-IN",
        description_en="Wool textile waste for carding",
        max_distance_km=200,
        accepted_ewc=["040221", "040222"],
        attributes={"fibre": "wool"},
    )


@pytest.fixture
def flows(offer_a, need_a, offer_b, need_b, carder_need) -> dict[str, Flow]:
    """All five fixture flows by fixture name."""
    return {
        "offer_a": offer_a,
        "need_a": need_a,
        "offer_b": offer_b,
        "need_b": need_b,
        "carder_need": carder_need,
    }


@pytest.fixture
def suggestion(offer_a, carder_need) -> Match:
    """A suggested match of firm A's cuttings with the Prato carding mill's need."""
    return make_match(offer_a, carder_need)


@pytest.fixture
def exchange(offer_a, carder_need) -> Match:
    """The same pair once both accepted and agreed (names visible to both)."""
    return make_match(offer_a, carder_need, Match.Status.AGREED)
