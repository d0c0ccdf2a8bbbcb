"""What drives a footprint: lines biggest first, their sums, and the plain-words sentence."""

from __future__ import annotations

import pytest

from filiera.footprint import drivers, engine, labels

QUERY = {
    "product": "jean",
    "mass": 0.45,
    "materials": [{"id": "ei-coton", "share": 0.8}, {"id": "ei-pet", "share": 0.2}],
    "countryMaking": "CN",
    "fading": True,
    "trims": [{"id": "0c903fc7-279b-4375-8cfa-ca8133b8e973", "quantity": 2}],
}


@pytest.fixture
def result():
    return engine.compute(QUERY, detail=True)


def test_top_drivers_biggest_first(result):
    top = drivers.top_drivers(result)
    assert len(top) == 3
    assert [d["ecs"] for d in top] == sorted((d["ecs"] for d in top), reverse=True)
    every = drivers.top_drivers(result, n=None)
    assert top == every[:3]
    assert every[0]["ecs"] == max(d["ecs"] for d in every)
    assert set(top[0]) == {"stage", "item", "label", "ecs", "share"}


def test_lines_add_up_to_the_total_before_durability(result):
    every = drivers.top_drivers(result, n=None)
    assert sum(d["ecs"] for d in every) == pytest.approx(result["ecsWithoutDurability"])
    assert sum(d["share"] for d in every) == pytest.approx(1.0)
    per_stage: dict[str, float] = {}
    for d in every:
        per_stage[d["stage"]] = per_stage.get(d["stage"], 0.0) + d["ecs"]
    for stage, value in result["stages"].items():
        assert per_stage.get(stage, 0.0) == pytest.approx(value)
    assert per_stage["complements"] == pytest.approx(sum(result["complements"].values()))


def test_every_line_has_a_name(result):
    known = labels.MATERIALS | labels.BREAKDOWN | labels.COMPLEMENTS
    for d in drivers.top_drivers(result, n=None):
        assert d["item"] in known, d
        assert "-" not in d["label"].replace("T-shirt", ""), d  # no raw ids
    by_key = {(d["stage"], d["item"]): d for d in drivers.top_drivers(result, n=None)}
    assert by_key[("material", "ei-coton")]["label"] == "Materials: Cotton"
    assert by_key[("complements", "microfibers")]["label"] == "Microfibres released"


def test_sentence_for_the_biggest(result):
    top = drivers.top_drivers(result, 1)[0]
    text = drivers.sentence(top)
    assert text.startswith(top["label"])
    assert f"{round(100 * top['share'])} %" in text
    assert drivers.sentence(None) == ""


def test_result_without_detail_uses_stages():
    plain = engine.compute(QUERY)
    every = drivers.top_drivers(plain, n=None)
    assert {d["stage"] for d in every} >= {"material", "use", "complements"}
    assert sum(d["ecs"] for d in every) == pytest.approx(plain["ecsWithoutDurability"])
