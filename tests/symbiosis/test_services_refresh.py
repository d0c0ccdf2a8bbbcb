"""Computing suggestions: one firm after its flows change, everyone, or a district."""

from __future__ import annotations

import random

import pytest

from filiera.symbiosis.engine import matching
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.services.refresh import flow_rows, refresh_all, refresh_firm
from filiera.symbiosis.tasks import refresh_district, refresh_firm_suggestions
from tests.conftest import _firm
from tests.symbiosis.conftest import make_flow, make_match

Status = Match.Status


def _pairs(queryset=None) -> set[tuple[int, int]]:
    return set((queryset or Match.objects.all()).values_list("offer_id", "need_id"))


def test_refresh_firm_suggests_what_fits(flows):
    assert refresh_firm(flows["offer_a"].firm_id) == 2
    assert _pairs() == {
        (flows["offer_a"].pk, flows["carder_need"].pk),
        (flows["offer_b"].pk, flows["need_a"].pk),
    }
    match = Match.objects.get(offer=flows["offer_a"])
    assert match.status == Status.SUGGESTED
    assert set(match.components) == {"code", "material", "text", "quantity", "time", "distance"}
    assert match.components["code"] == 1.0
    assert 0 < match.score <= 1
    assert match.distance_km == pytest.approx(103.8, abs=0.5)


def test_later_steps_and_declined_pairs_are_left_alone(flows):
    agreed = make_match(flows["offer_a"], flows["carder_need"], Status.AGREED, score=0.1)
    declined = make_match(flows["offer_b"], flows["need_a"], Status.DECLINED, score=0.2)
    assert refresh_firm(flows["offer_a"].firm_id) == 0
    assert Match.objects.count() == 2
    agreed.refresh_from_db()
    declined.refresh_from_db()
    assert (agreed.status, agreed.score) == (Status.AGREED, 0.1)
    assert (declined.status, declined.score) == (Status.DECLINED, 0.2)
    refresh_all()
    assert Match.objects.count() == 2


def test_suggestions_are_updated_in_place_and_stale_ones_go(flows):
    kept = make_match(flows["offer_a"], flows["carder_need"], score=0.01)
    stale = make_match(flows["offer_a"], flows["need_b"])  # cuttings cannot heat
    refresh_firm(flows["offer_a"].firm_id)
    kept.refresh_from_db()
    assert kept.score > 0.01  # same id, new score
    assert not Match.objects.filter(pk=stale.pk).exists()


def test_an_archived_flow_loses_its_suggestions(flows):
    refresh_firm(flows["offer_a"].firm_id)
    Flow.objects.filter(pk=flows["need_a"].pk).update(active=False)
    refresh_firm(flows["offer_a"].firm_id)
    assert _pairs() == {(flows["offer_a"].pk, flows["carder_need"].pk)}


def test_a_firm_refresh_keeps_other_firms_suggestions(flows, carder, settings):
    """The carding mill's need has two offers; firm B's refresh with one suggestion per flow
    must not take away the pair the mill's own refresh made."""
    settings.SYMBIOSIS_SUGGESTIONS_PER_FLOW = 1
    near = make_flow(flows["offer_b"].firm, "offer", "waste", "040222", "Ritagli di lana", 100, "t")
    refresh_firm(carder.pk)
    best = Match.objects.get(need=flows["carder_need"])
    refresh_firm(flows["offer_a"].firm_id)
    refresh_firm(near.firm_id)
    assert Match.objects.filter(pk=best.pk).exists()


def _scattered(carpi, n_firms=8, n_flows=90, seed=7):
    """Flows of several firms around Modena, of kinds and codes that often fit."""
    rng = random.Random(seed)
    places = ["036005", "036040", "036015", "035020", "036023", "035033", "036044"]
    firms = [
        _firm(f"Firm {i}", 5200 + i, carpi, municipality=places[i % 7]) for i in range(n_firms)
    ]
    codes = ["040222", "040221", "040209", "150101", "150102"]
    kinds = ["waste", "waste", "by_product", "secondary_material", "energy"]
    for i in range(n_flows):
        kind = rng.choice(kinds)
        direction = rng.choice(["offer", "need"])
        energy = kind == "energy"
        code = "" if energy else rng.choice(codes)
        accepted = rng.sample(codes, 3) if direction == "need" and kind == "waste" else []
        make_flow(
            rng.choice(firms),
            direction,
            kind,
            code,
            rng.choice(["Ritagli di lana", "Cartone", "Calore", "Coni in plastica", "Cotone"]),
            rng.randint(1, 200),
            "MWh" if energy else "t",
            max_distance_km=rng.choice([10, 30, 60, 150]),
            accepted_ewc=accepted,
            attributes={"fibre": rng.choice(["wool", "cotton"])} if i % 3 else {},
            ref=f"F{i}",
        )
    return firms


def test_refresh_firm_finds_what_the_engine_finds(carpi, settings):
    settings.SYMBIOSIS_SUGGESTIONS_PER_FLOW = 3
    firms = _scattered(carpi)
    everyone = flow_rows(Flow.objects.order_by("id"))
    for firm in firms[:3]:
        Match.objects.all().delete()
        refresh_firm(firm.pk)
        stored = _pairs()
        for flow in (f for f in everyone if f.firm_id == firm.pk):
            best = matching.score_many(flow, everyone)[:3]
            expected = {(c.offer_id, c.need_id) for c in best}
            mine = {p for p in stored if flow.id in p}
            assert mine == expected


def test_refresh_all_and_district_scope(flows, carpi, prato):
    stats = refresh_all()
    assert stats["suggestions"] == 2 and stats["created"] == 2
    again = refresh_all()
    assert (again["created"], again["updated"], again["deleted"]) == (0, 0, 0)
    Match.objects.all().delete()
    refresh_all(prato)  # the carding mill's need, with its counterpart in Carpi
    assert _pairs() == {(flows["offer_a"].pk, flows["carder_need"].pk)}
    refresh_all(carpi)
    assert len(_pairs()) == 2


def test_tasks_are_idempotent(flows, carpi):
    assert refresh_firm_suggestions.call(flows["offer_a"].firm_id) == 2
    assert refresh_firm_suggestions.call(flows["offer_a"].firm_id) == 2
    stats = refresh_district.call("carpi")
    assert stats["suggestions"] == 2 and "allocation" in stats
    assert refresh_district.call("nowhere") == {}
    assert Match.objects.count() == 2


def test_a_declined_pair_does_not_take_a_place(offer_a, carder_need, firm_b, settings):
    settings.SYMBIOSIS_SUGGESTIONS_PER_FLOW = 1
    near = make_flow(firm_b, "need", "waste", "040222", "Ritagli di lana", 100, "t",
                     accepted_ewc=["040222"], attributes={"fibre": "wool"})  # fmt: skip
    make_match(offer_a, near, Status.DECLINED)
    refresh_firm(offer_a.firm_id)
    assert Match.objects.get(status=Status.SUGGESTED).need == carder_need
