"""The labelled evaluation set (tests/symbiosis/eval/): the engine against a baseline that ranks
the needs passing the same hard filters by distance only. Prints Hit@5 and MRR of both."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from filiera.symbiosis.engine import ewc, units
from filiera.symbiosis.engine.evaluation import distance_rankings, evaluate, rankings_from
from filiera.symbiosis.engine.matching import Engine, FlowData

EVAL = Path(__file__).parent / "eval"


def read_attributes(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(";") if part.strip())


def read_flows() -> tuple[list[FlowData], dict[str, int]]:
    flows: list[FlowData] = []
    ids: dict[str, int] = {}
    firms: dict[str, int] = {}
    for direction, name in (("offer", "offers.csv"), ("need", "needs.csv")):
        with (EVAL / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                ids[row["ref"]] = len(ids) + 1
                amount = units.per_year(float(row["quantity"]), row["unit"], row["period"])
                code = ewc.normalise(row["ewc"]) if row["ewc"] else ""
                flows.append(
                    FlowData(
                        id=ids[row["ref"]],
                        ref=row["ref"],
                        firm_id=firms.setdefault(row["firm"], len(firms) + 1),
                        direction=direction,
                        kind=row["kind"],
                        ewc=code,
                        accepted_ewc=tuple(
                            ewc.normalise(c) for c in row.get("accepted_ewc", "").split("|") if c
                        ),
                        hazardous=row["kind"] == "waste" and ewc.is_hazardous(code),
                        accepts_hazardous=row.get("accepts_hazardous") == "yes",
                        legal_status=row["legal_status"],
                        amount_year=amount.value,
                        base_unit=amount.base_unit,
                        lat=float(row["lat"]),
                        lon=float(row["lon"]),
                        max_distance_km=float(row["max_distance_km"]),
                        available_from=date.fromisoformat(row["available_from"])
                        if row["available_from"]
                        else None,
                        available_until=date.fromisoformat(row["available_until"])
                        if row["available_until"]
                        else None,
                        attributes=read_attributes(row["attributes"]),
                        text=f"{row['description']} {row['description_en']}",
                    )
                )
    return flows, ids


def read_labels(ids: dict[str, int]) -> dict[int, set[int]]:
    labels: dict[int, set[int]] = defaultdict(set)
    with (EVAL / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels[ids[row["offer"]]].add(ids[row["need"]])
    return dict(labels)


@pytest.fixture(scope="module")
def evaluation():
    flows, ids = read_flows()
    labels = read_labels(ids)
    engine = rankings_from(Engine(flows).suggest_all(per_flow=10))
    baseline = distance_rankings(flows, per_flow=10)
    return flows, labels, engine, baseline


def test_the_set_is_large_enough(evaluation):
    flows, labels, _engine, _baseline = evaluation
    offers = [f for f in flows if f.direction == "offer"]
    assert len(offers) >= 40
    assert set(labels) == {f.id for f in offers}  # every offer has accepted needs


def test_engine_beats_the_distance_only_baseline(evaluation, capsys):
    _flows, labels, engine, baseline = evaluation
    ours, theirs = evaluate(engine, labels, k=5), evaluate(baseline, labels, k=5)
    with capsys.disabled():
        print(
            f"\nEvaluation set, {ours.queries} offers: engine Hit@5 {ours.hit_at_k:.3f}, "
            f"MRR {ours.mrr:.3f}; distance-only baseline Hit@5 {theirs.hit_at_k:.3f}, "
            f"MRR {theirs.mrr:.3f}"
        )
    assert ours.hit_at_k > theirs.hit_at_k
    assert ours.mrr > theirs.mrr


def test_every_labelled_pair_passes_the_hard_filters(evaluation):
    """The labels are matches an expert accepts: none is ruled out by a filter."""
    flows, labels, _engine, _baseline = evaluation
    passing = distance_rankings(flows, per_flow=100)
    for offer, needs in labels.items():
        assert needs <= set(passing[offer]), offer
