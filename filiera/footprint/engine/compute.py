"""The textile single score, stage by stage (Ecobalyse v7.0.0, src/Data/Textile/Simulator.elm).

Masses run backwards from the finished product: making waste and dead stock, then fabric waste,
then spinning waste per fibre. Each stage's energy is priced with the electricity and heat of
the zone where it is done; transports follow the distance table from each stage to the next
one switched on. All amounts are in µPt (Ecobalyse's ``ecs``) before durability; the total is
then divided by the durability coefficient. The method's quirks we follow for compatibility
are written where they apply (and listed in docs/footprint.md).

Result keys: ``ecs`` (after durability), ``ecsWithoutDurability``, ``stages`` and
``complements`` (before durability; their sum is ``ecsWithoutDurability``), ``durability``
(``holistic`` = min(``physical``, ``nonPhysical``)), ``useCycles``, ``airTransportRatio``,
``zones`` and ``masses`` in kg, each the mass *entering* a stage: ``material``, ``spinning``,
``fabric`` and ``ennobling`` (fabric only: trims are subtracted), ``making`` (with dead stock),
``deadStock`` (so ``making - deadStock`` is the making input before dead stock), ``finished``
and ``trims``. ``distribution`` is always 0: its 500 km road leg is part of ``transport``.
"""

from __future__ import annotations

from filiera.footprint.engine import durability as dur
from filiera.footprint.engine.data import (
    AIR,
    BLEACHING,
    DYEING,
    DYEING_TOX_CELLULOSIC,
    DYEING_TOX_SYNTHETIC,
    END_OF_LIFE,
    FABRICS,
    FADING,
    FINISHING,
    PASSENGER_CAR,
    PRE_TREATMENTS,
    PRINTING,
    ROAD,
    SEA,
    Dataset,
    Zone,
)
from filiera.footprint.engine.query import Inputs

METHOD = "ecobalyse-textile"
VERSION = "7.0.0"
UNIT = "µPt"

MAKING_KWH_PER_MINUTE = 0.029
WEAVING_KWH_PER_PICK = 0.0003145
DISTRIBUTION_ROAD_KM = 500.0
CAR_TRUNK_M3 = 0.2
MICROFIBRES = {
    "Synthetic": 820.0,
    "NaturalFromAnimal": 390.0,
    "ArtificialFromOrganic": 330.0,
    "NaturalFromVegetal": 250.0,
}
OUT_OF_EUROPE_EOL = 5000.0  # µPt per kg
STAGES = (
    "material", "spinning", "fabric", "ennobling", "making",
    "distribution", "use", "endOfLife", "transport", "trims",
)  # fmt: skip


def road_share(road_km: float, sea_km: float) -> float:
    """Share of a leg made by road (the rest by sea), from the road distance."""
    if road_km == 0:
        return 0.0
    if sea_km == 0 or road_km <= 500:
        return 1.0
    if road_km < 1000:
        return 0.9
    if road_km < 2000:
        return 0.5
    if road_km < 3000:
        return 0.25
    return 0.0


class _Transport:
    """Sums the transport legs by mode, in µPt."""

    __slots__ = ("air", "data", "road", "sea", "unit_air", "unit_road", "unit_sea")

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.unit_road = data.processes[ROAD].ecs
        self.unit_sea = data.processes[SEA].ecs
        self.unit_air = data.processes[AIR].ecs
        self.road = self.sea = self.air = 0.0

    def leg(self, origin: str, target: str, mass_kg: float, air_ratio: float = 0.0) -> None:
        road, sea, air = self.data.distances.get((origin, target), (500.0, 0.0, 0.0))
        share = road_share(road, sea)
        tonnes = mass_kg / 1000
        ground = 1 - air_ratio
        self.road += tonnes * road * share * ground * self.unit_road
        self.sea += tonnes * sea * (1 - share) * ground * self.unit_sea
        self.air += tonnes * air * air_ratio * self.unit_air

    @property
    def total(self) -> float:
        return self.road + self.sea + self.air


def compute_inputs(data: Dataset, q: Inputs, *, detail: bool = False) -> dict:
    """The result for checked inputs (see ``query.read``)."""
    p = q.product
    on = {s: s not in q.disabled for s in ("material", "spinning", "fabric", "ennobling",
                                          "distribution", "use", "eol")}  # fmt: skip
    fibres = q.fibres
    m = q.mass

    # Masses, backwards from the finished product (the making step is always on).
    m1 = m / (1 - q.making_waste)
    m2 = m1 / (1 - q.dead_stock)
    fabric_process = data.processes[FABRICS[q.fabric_process]]
    f_in = m2 / (1 - fabric_process.waste) if on["fabric"] else m2
    s_in = f_in
    if on["spinning"]:
        s_in = sum(f_in * f.share / (1 - f.spinning_waste) for f in fibres)
    mat_in = sum(s_in * f.share / (1 - f.material.waste) for f in fibres)
    trims_mass = sum(data.trims[t].mass * n for t, n in q.trims)
    # Trims are added at making: the upstream stages carry the fabric only.
    mat_out, spin_out, fab_out, enn = (
        s_in - trims_mass,
        f_in - trims_mass,
        m2 - trims_mass,
        m2 - trims_mass,
    )

    # Durability (needed for use cycles and the air share).
    non_physical = dur.non_physical(q.business, q.references, q.price, p.repair_cost)
    holistic = min(q.physical_durability, non_physical)
    cycles = int(dur.js_round(p.use_cycles * holistic))
    if q.air_ratio is not None:
        air_ratio = q.air_ratio
    elif q.making.europe_or_turkey:
        air_ratio = 0.0
    elif holistic >= 1:
        air_ratio = 1 / 3
    else:
        air_ratio = 1.0

    lines: list[tuple[str, str, float]] = []
    add = lines.append
    stages = dict.fromkeys(STAGES, 0.0)

    if on["material"]:
        for f in fibres:
            add(("material", f.material.id, f.share * mat_out * f.material.ecs))
    if on["spinning"]:
        z = q.spinning
        kwh = sum(f.share * q.yarn_size / 50 * f.spinning_k * spin_out for f in fibres)
        add(("spinning", "electricity", kwh * z.elec))
    if on["fabric"]:
        add(("fabric", "electricity", _fabric_kwh(q, fabric_process, fab_out) * q.fabric.elec))
    if on["ennobling"]:
        _ennobling(data, q, enn, add)
    z = q.making
    add(("making", "electricity", MAKING_KWH_PER_MINUTE * q.making_minutes * z.elec))
    if q.fading:
        # Fading is applied to the making output before waste (m1), as v7.0.0 does.
        fading = data.processes[FADING]
        add(
            (
                "making",
                "fading",
                m1 * (fading.ecs + fading.elec_kwh * z.elec + fading.heat_mj * z.heat),
            )
        )
    if on["use"]:
        nir = p.non_ironing
        add(
            (
                "use",
                "electricity",
                cycles * (p.ironing_kwh + nir.elec_kwh * m) * data.use_electricity,
            )
        )
        add(("use", "washing", cycles * m * nir.ecs))
    if on["eol"]:
        car = data.processes[PASSENGER_CAR].ecs
        add(("endOfLife", "carTrip", p.eol_volume / CAR_TRUNK_M3 * car))
        add(("endOfLife", "treatment", m * data.processes[END_OF_LIFE].ecs))
    for trim_id, quantity in q.trims:
        add(("trims", trim_id, quantity * data.trims[trim_id].ecs))

    transport = _transports(data, q, on, air_ratio, mat_out, spin_out, fab_out, enn)
    add(("transport", "road", transport.road))
    add(("transport", "sea", transport.sea))
    add(("transport", "air", transport.air))
    for stage, _item, value in lines:
        stages[stage] += value

    microfibres = (
        sum(f.share * m * MICROFIBRES[f.material.origin] for f in fibres) if on["material"] else 0.0
    )
    synthetic = sum(f.share for f in fibres if f.material.origin == "Synthetic")
    ooe = (0.121 if synthetic >= 0.5 else 0.049) * m * OUT_OF_EUROPE_EOL if on["eol"] else 0.0
    without = sum(stages.values()) + microfibres + ooe

    result = {
        "ecs": without / holistic,
        "ecsWithoutDurability": without,
        "stages": stages,
        "complements": {"microfibers": microfibres, "outOfEuropeEOL": ooe},
        "durability": {
            "holistic": holistic,
            "physical": q.physical_durability,
            "nonPhysical": non_physical,
        },
        "useCycles": cycles,
        "airTransportRatio": air_ratio,
        "masses": {
            "finished": m,
            "making": m2,
            "deadStock": m2 - m1,
            "ennobling": enn,
            "fabric": spin_out,
            "spinning": mat_out,
            "material": mat_in - trims_mass,
            "trims": trims_mass,
        },
        "zones": {
            "spinning": q.spinning.code,
            "fabric": q.fabric.code,
            "dyeing": q.dyeing.code,
            "making": q.making.code,
        },
        "method": METHOD,
        "version": VERSION,
        "unit": UNIT,
    }
    if detail:
        result["breakdown"] = [{"stage": s, "item": i, "ecs": v} for s, i, v in lines]
    return result


def _fabric_kwh(q: Inputs, process, output_kg: float) -> float:
    if q.fabric_process != "weaving":
        return output_kg * process.elec_kwh
    # Weaving: energy per pick (src/Data/Textile/Formula.elm, weavingImpacts).
    thread_density = q.surface_mass * q.yarn_size / 100 / 2 / 1.08
    surface_m2 = output_kg / (q.surface_mass / 1000)
    picks = dur.js_round(thread_density * surface_m2 * 100)
    return WEAVING_KWH_PER_PICK * picks


def _ennobling(data: Dataset, q: Inputs, mass: float, add) -> None:
    z: Zone = q.dyeing
    heat = z.ennobling_heat
    dyeing = data.processes[DYEING[q.dyeing_process]]
    add(
        (
            "ennobling",
            "dyeing",
            mass * (dyeing.ecs + dyeing.heat_mj * heat + dyeing.elec_kwh * z.elec),
        )
    )
    tox_synthetic = data.processes[DYEING_TOX_SYNTHETIC].ecs
    tox_cellulosic = data.processes[DYEING_TOX_CELLULOSIC].ecs
    tox = sum(
        f.share * (tox_synthetic if f.material.origin == "Synthetic" else tox_cellulosic)
        for f in q.fibres
    )
    add(("ennobling", "dyeingToxicity", mass * tox * z.aquatic))
    # Pre-treatment energy per fibre origin; their toxicity (bleaching) is counted once below.
    energy = 0.0
    for f in q.fibres:
        for process_id in PRE_TREATMENTS[f.material.origin]:
            process = data.processes[process_id]
            energy += f.share * (process.elec_kwh * z.elec + process.heat_mj * z.heat)
    add(("ennobling", "pretreatments", mass * energy))
    # v7.0.0 counts the bleaching toxicity once on the whole mass, whatever the fibres.
    add(("ennobling", "bleachingToxicity", mass * data.processes[BLEACHING].ecs * z.aquatic))
    finishing = data.processes[FINISHING]
    add(
        (
            "ennobling",
            "finishing",
            mass * (finishing.ecs + finishing.heat_mj * heat + finishing.elec_kwh * z.elec),
        )
    )
    if q.printing:
        kind, ratio = q.printing
        process_id, tox_id = PRINTING[kind]
        process = data.processes[process_id]
        surface = mass / (q.surface_mass / 1000) * ratio
        # v7.0.0 applies the printing process per kg of fabric and the toxicity times the ratio.
        value = (
            mass * process.ecs
            + surface * (process.heat_mj * heat + process.elec_kwh * z.elec)
            + mass * data.processes[tox_id].ecs * z.aquatic * ratio
        )
        add(("ennobling", "printing", value))


def _transports(data, q: Inputs, on, air_ratio, mat_out, spin_out, fab_out, enn) -> _Transport:
    t = _Transport(data)
    # The stages in order, with their zone, whether they are on, and the mass they send on.
    chain: list[tuple[str, str, bool, float]] = [
        ("material", "", on["material"], mat_out),
        ("spinning", q.spinning.code, on["spinning"], spin_out),
        ("fabric", q.fabric.code, on["fabric"], fab_out),
        ("ennobling", q.dyeing.code, on["ennobling"], enn),
        ("making", q.making.code, True, q.mass),
        ("distribution", "FR", on["distribution"], q.mass),
        ("use", "FR", on["use"], q.mass),
        ("eol", "FR", on["eol"], q.mass),
    ]
    enabled = [row for row in chain if row[2]]
    for i, (label, zone, _on, mass) in enumerate(enabled):
        target = enabled[i + 1][1] if i + 1 < len(enabled) else zone
        if label == "material":
            target = target or "FR"  # nothing after the material stage: France
            for f in q.fibres:
                t.leg(f.country.code, target, f.share * mass)
        elif label == "distribution":
            t.road += mass / 1000 * DISTRIBUTION_ROAD_KM * t.unit_road
        elif label in ("use", "eol"):
            continue
        else:
            t.leg(zone, target, mass, air_ratio if label == "making" else 0.0)
    return t
