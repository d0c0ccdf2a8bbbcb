"""``filiera match``: refresh and print suggestions (text, or JSON as in "Exchange formats")."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from filiera.symbiosis.models import Match
from tests.symbiosis.conftest import make_match

COMPONENTS = {"code", "material", "text", "quantity", "time", "distance"}


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("match", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output(flows):
    flows["need_a"].ref = ""
    flows["need_a"].save()
    out, err = _run("--json")
    items = json.loads(out)
    assert {(i["offer"], i["need"]) for i in items} == {
        ("A-CUT", "CARD-IN"),
        ("B-CONES", f"flow-{flows['need_a'].pk}"),
    }
    for item in items:
        assert set(item) == {
            "offer",
            "need",
            "score",
            "distance_km",
            "components",
            "status",
            "allocated_t",
        }
        assert 0 <= item["score"] <= 1
        assert set(item["components"]) == COMPONENTS
        assert item["status"] == "suggested" and item["allocated_t"] is None
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert "2 suggestions" in err


def test_declined_pairs_are_not_printed_and_later_steps_are(flows):
    make_match(flows["offer_a"], flows["carder_need"], Match.Status.DECLINED)
    make_match(flows["offer_b"], flows["need_a"], Match.Status.ACTIVE, score=0.5)
    items = json.loads(_run("--json")[0])
    assert [(i["offer"], i["status"], i["score"]) for i in items] == [("B-CONES", "active", 0.5)]


def test_district_and_allocation(flows):
    out, err = _run("--district", "prato", "--json", "--allocate")
    items = json.loads(out)
    assert [(i["offer"], i["need"]) for i in items] == [("A-CUT", "CARD-IN")]
    assert items[0]["allocated_t"] == pytest.approx(120.0)
    assert "Allocation: 1 of 1 pairs" in err


def test_text_table(flows):
    out, _err = _run()
    lines = out.strip().splitlines()
    assert lines[0].split()[:3] == ["offer", "need", "score"]
    assert any(line.startswith("A-CUT") and "CARD-IN" in line for line in lines)
    assert "Maglificio" not in out and "Cardatura" not in out  # refs, never names
    assert lines[-1].startswith("2 suggestions")


def test_unknown_district(db):
    with pytest.raises(CommandError):
        _run("--district", "atlantis")
