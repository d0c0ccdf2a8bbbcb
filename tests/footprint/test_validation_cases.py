"""The Ecobalyse v7.0.0 validation cases shipped with the data, every one of them.

End-to-end cases: the total within 0.5 % (the issue's tolerance) and every stage, complement,
mass, durability coefficient, number of use cycles and air-transport ratio that the file gives.
Unit checks: dispatched by kind; an unknown kind or an unchecked expected key fails, and
``test_every_case_is_checked`` runs them all in one test and counts them, so a case cannot be
left out silently (also when the suite is split across processes).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import filiera.footprint
from filiera.footprint.engine import compute
from filiera.footprint.engine.durability import references_index, repair_index

CASES_FILE = (
    Path(filiera.footprint.__file__).resolve().parent
    / "data"
    / "ecobalyse-v7.0.0"
    / "validation-cases.json"
)
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
E2E = CASES["e2e_cases"]
UNITS = CASES["unit_checks"]
# What the data README promises: 7 end-to-end cases and 14 unit checks.
E2E_COUNT = 7
UNIT_COUNT = 14

REL = 0.005  # 0.5 %, the tolerance
ZERO = 1e-6
# derived_by_us keys -> result keys.
STAGES = {"eol": "endOfLife"}
# The result's masses are those entering each stage (engine docstring): ``making`` includes the
# dead stock, so the making input before dead stock (M1) is ``making - deadStock``; M2 enters
# both making and ennobling (no trims in these cases).
MASSES = {
    "finished_m": ("finished",),
    "making_input_before_deadstock_M1": ("making - deadStock",),
    "ennobling_and_making_input_M2": ("making", "ennobling"),
    "fabric_input": ("fabric",),
    "spinning_input": ("spinning",),
    "trims": ("trims",),
}

# Ecobalyse computes a stage's waste only when the stage is on (Simulator.elm: the fabric and
# spinning waste steps run "if" the step is enabled; an upcycled query switches them off), so the
# fabric and spinning inputs of a switched-off stage are not the derived table's values (which
# carry the waste anyway); they do not enter the score. Those two masses are compared only when
# their stage is on.
MASS_STAGE = {"fabric_input": "fabric", "spinning_input": "spinning"}
UPCYCLED_OFF = {"material", "spinning", "fabric", "ennobling"}


def switched_off(query: dict) -> set[str]:
    return set(query.get("disabledSteps") or ()) | (
        UPCYCLED_OFF if query.get("upcycled") else set()
    )


def result_mass(masses: dict, key: str) -> float | None:
    if key == "making - deadStock":
        return masses["making"] - masses["deadStock"]
    return masses.get(key)


def rel_error(actual: float, expected: float) -> float:
    return (actual - expected) / expected if expected else actual


def compare(problems: list[str], what: str, actual: Any, expected: float, rel: float = REL) -> None:
    """Note a problem when ``actual`` is not within ``rel`` of ``expected`` (~0 when it is 0)."""
    if not isinstance(actual, int | float) or isinstance(actual, bool):
        problems.append(f"{what}: not a number: {actual!r}")
        return
    ok = abs(actual) <= ZERO if expected == 0 else math.isclose(actual, expected, rel_tol=rel)
    if not ok:
        problems.append(
            f"{what}: {actual:.6g} vs expected {expected:.6g} "
            f"(relative error {rel_error(actual, expected):+.4%})"
        )


def check_e2e(case: dict) -> list[str]:
    problems: list[str] = []
    result = compute(case["query"])
    expected = case["expected"]["ecs"]
    compare(problems, "ecs", result["ecs"], expected)
    derived = case["derived_by_us"]
    for key, value in derived["stages_before_durability"].items():
        stage = STAGES.get(key, key)
        compare(problems, f"stages.{stage}", result["stages"].get(stage), value)
    for key, value in derived["complements_before_durability"].items():
        compare(problems, f"complements.{key}", result["complements"].get(key), value)
    off = switched_off(case["query"])
    for key, value in derived["masses_kg"].items():
        if MASS_STAGE.get(key) in off:
            continue
        for name in MASSES[key]:
            compare(problems, f"masses.{name} ({key})", result_mass(result["masses"], name), value)
    compare(
        problems,
        "ecsWithoutDurability",
        result["ecsWithoutDurability"],
        derived["ecs_without_durability"],
    )
    compare(
        problems,
        "durability.holistic",
        result["durability"]["holistic"],
        derived["durability_coefficient"],
        1e-9,
    )
    if result["useCycles"] != derived["use_nb_cycles"]:
        problems.append(f"useCycles: {result['useCycles']} vs expected {derived['use_nb_cycles']}")
    if not math.isclose(
        result["airTransportRatio"], derived["making_air_transport_ratio"], abs_tol=1e-9
    ):
        problems.append(
            f"airTransportRatio: {result['airTransportRatio']} "
            f"vs expected {derived['making_air_transport_ratio']}"
        )
    return problems


def breakdown_sum(result: dict, stage: str, items: set[str]) -> float:
    return sum(
        line["ecs"]
        for line in result["breakdown"]
        if line["stage"] == stage and line["item"] in items
    )


def check_unit(case: dict) -> list[str]:
    """Check one unit case; every key of ``expected`` must be consumed by a check."""
    problems: list[str] = []
    expected = dict(case["expected"])
    tolerance = expected.pop("tolerance", None)
    kind = case["kind"]
    if kind == "complement":
        result = compute(case["query"])
        for key, name in (
            ("microfibers_complement", "microfibers"),
            ("outOfEuropeEOL_complement", "outOfEuropeEOL"),
        ):
            if key in expected:
                # The file holds Ecobalyse's negative malus; the result holds the positive amount.
                value = abs(expected.pop(key))
                actual = result["complements"][name]
                if not math.isclose(actual, value, abs_tol=tolerance):
                    problems.append(f"complements.{name}: {actual} vs expected {value}")
    elif kind == "transport":
        result = compute(case["query"])
        value = expected.pop("making_airTransportRatio")
        if not math.isclose(result["airTransportRatio"], value, abs_tol=1e-9):
            problems.append(f"airTransportRatio: {result['airTransportRatio']} vs expected {value}")
    elif kind == "ennobling":
        # Display value of the detailed API: pre-treatment energy plus the bleaching toxicity
        # (data README, quirk 2); both are lines of the ennobling breakdown.
        result = compute(case["query"], detail=True)
        value = expected.pop("lifeCycle_Ennoblissement_preTreatments_impacts_ecs")
        actual = breakdown_sum(result, "ennobling", {"pretreatments", "bleachingToxicity"})
        if not math.isclose(actual, value, abs_tol=tolerance):
            problems.append(f"pretreatments + bleachingToxicity: {actual:.6f} vs expected {value}")
    elif kind == "durability" and "index_by_number_of_references" in expected:
        for refs, value in expected.pop("index_by_number_of_references").items():
            actual = references_index(int(refs))
            if not math.isclose(actual, value, abs_tol=tolerance):
                problems.append(f"references index({refs}): {actual} vs expected {value}")
    elif kind == "durability" and "cases" in expected:
        for row in expected.pop("cases"):
            actual = repair_index(
                price=row["price"], repair_cost=row["repairCost"], business=row["business"]
            )
            if not math.isclose(actual, row["index"], abs_tol=tolerance):
                problems.append(f"repair index {row}: {actual}")
    elif kind == "durability":
        result = compute(case["query"])
        durability = result["durability"]
        for key, value in expected.pop("durability", {}).items():
            if not math.isclose(durability[key], value, abs_tol=1e-9):
                problems.append(f"durability.{key}: {durability[key]} vs expected {value}")
        if "holistic" in expected:
            value = expected.pop("holistic")
            if not math.isclose(durability["holistic"], value, abs_tol=1e-9):
                problems.append(
                    f"durability.holistic: {durability['holistic']} vs expected {value}"
                )
        if "ecs_equals_ecs_without_durability" in expected:
            same = expected.pop("ecs_equals_ecs_without_durability")
            equal = math.isclose(
                result["ecs"], result["ecsWithoutDurability"], abs_tol=tolerance or 1e-9
            )
            if equal != same:
                problems.append(
                    f"ecs {result['ecs']} vs ecsWithoutDurability {result['ecsWithoutDurability']}: "
                    f"expected equal={same}"
                )
    else:
        problems.append(f"unknown kind {kind!r}")
    if expected:
        problems.append(f"expected keys not checked: {sorted(expected)}")
    return problems


@pytest.mark.parametrize("case", E2E, ids=[c["id"] for c in E2E])
def test_e2e_case(case):
    problems = check_e2e(case)
    assert not problems, f"{case['id']} ({case['name']}):\n" + "\n".join(problems)


@pytest.mark.parametrize("case", UNITS, ids=[c["id"] for c in UNITS])
def test_unit_check(case):
    problems = check_unit(case)
    assert not problems, f"{case['id']}:\n" + "\n".join(problems)


def test_every_case_is_checked():
    assert len(E2E) == E2E_COUNT
    assert len(UNITS) == UNIT_COUNT
    checked = 0
    failures: dict[str, list[str]] = {}
    for case in E2E:
        if problems := check_e2e(case):
            failures[case["id"]] = problems
        checked += 1
    for case in UNITS:
        if problems := check_unit(case):
            failures[case["id"]] = problems
        checked += 1
    assert checked == len(E2E) + len(UNITS) == E2E_COUNT + UNIT_COUNT
    assert not failures, failures


def test_e2e_relative_errors_are_within_half_a_percent():
    """One line per case with its relative error, so a failure shows them all at once."""
    errors = {}
    for case in E2E:
        ecs = compute(case["query"])["ecs"]
        errors[case["id"]] = rel_error(ecs, case["expected"]["ecs"])
    worst = max(errors.values(), key=abs)
    assert abs(worst) <= REL, {k: f"{v:+.4%}" for k, v in errors.items()}


@pytest.mark.parametrize("case", E2E, ids=[c["id"] for c in E2E])
def test_e2e_ecs_to_display_precision(case):
    """Tighter than the issue asks: the file's suggested tolerance (abs 0.01 Pt or rel 1e-4),
    i.e. Ecobalyse's own rounding; a drift in data or method shows here first."""
    ecs = compute(case["query"])["ecs"]
    expected = case["expected"]["ecs"]
    assert math.isclose(ecs, expected, abs_tol=0.01) or math.isclose(ecs, expected, rel_tol=1e-4), (
        f"{case['id']}: {ecs:.4f} vs {expected} (relative error {rel_error(ecs, expected):+.2e})"
    )
