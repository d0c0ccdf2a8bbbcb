"""The improvement ranking engine with hand-computed priorities."""

from __future__ import annotations

import pytest

from filiera.qualification import improvement
from filiera.qualification.methodology.loader import load_definition
from filiera.qualification.scoring import Gain


def _methodology():
    def q(code, effort):
        return {"code": code, "level": 1, "text": {"it": code, "en": code}, "effort": effort}

    return load_definition(
        {
            "slug": "test",
            "version": 1,
            "name": {"it": "Prova", "en": "Test"},
            "areas": [
                {
                    "code": "env",
                    "name": {"it": "Ambiente", "en": "Environment"},
                    "questions": [q("LOW", "low"), q("MED", "medium"), q("HIGH", "high")],
                }
            ],
        }
    )


def test_priority_is_points_times_ease_times_peer_factor():
    assert improvement.peer_factor(0) == pytest.approx(0.1)
    assert improvement.peer_factor(1) == pytest.approx(1.0)
    assert improvement.peer_factor(0.75) == pytest.approx(0.775)
    assert improvement.priority(2.0, "low", 0.75) == 1.55
    assert improvement.priority(4.0, "high", 0.0) == 0.12
    assert improvement.priority(3.0, "medium", 0.5) == pytest.approx(3.0 * 0.6 * 0.55)


def test_ease_outranks_points_when_no_peer_data():
    gains = [
        Gain("HIGH", "env", 3.0, 0.0),
        Gain("MED", "env", 2.0, 0.0),
        Gain("LOW", "env", 1.5, 0.0),
    ]
    ranked = improvement.rank(gains, _methodology())
    # priorities: HIGH 3*0.3*0.1=0.09, MED 2*0.6*0.1=0.12, LOW 1.5*1*0.1=0.15
    assert [a.code for a in ranked] == ["LOW", "MED", "HIGH"]
    assert [a.priority for a in ranked] == [0.15, 0.12, 0.09]
    assert ranked[0].ease == 1.0 and ranked[2].effort == "high"


def test_peer_share_reorders_the_plan():
    gains = [Gain("LOW", "env", 2.0, 0.0), Gain("MED", "env", 2.0, 0.0)]
    # LOW: 2*1.0*(0.1+0.9*0)=0.2 ; MED: 2*0.6*(0.1+0.9*1)=1.2
    ranked = improvement.rank(gains, _methodology(), {"MED": 1.0, "LOW": 0.0})
    assert [a.code for a in ranked] == ["MED", "LOW"]
    assert ranked[0].priority == 1.2 and ranked[0].peer_share == 1.0


def test_ties_keep_the_engine_order_and_shares_are_clamped():
    gains = [Gain("MED", "env", 1.0, 0.0), Gain("LOW", "env", 0.6, 0.0)]
    ranked = improvement.rank(gains, _methodology(), {"MED": 7.0})
    assert ranked[0].peer_share == 1.0
    same = improvement.rank(
        [Gain("LOW", "env", 1.0, 0), Gain("HIGH", "env", 1.0, 0)],
        _methodology(),
        {"HIGH": 1.0, "LOW": 0.0},
    )
    # LOW 1*1*0.1 = 0.1 ; HIGH 1*0.3*1.0 = 0.3
    assert [a.code for a in same] == ["HIGH", "LOW"]
    # MED 5*0.6*0.1 = 0.3 and LOW 3*1.0*0.1 = 0.3: a tie keeps the engine's order
    tie = improvement.rank([Gain("MED", "env", 5.0, 0), Gain("LOW", "env", 3.0, 0)], _methodology())
    assert [(a.code, a.priority) for a in tie] == [("MED", 0.3), ("LOW", 0.3)]
    unknown = improvement.rank([Gain("GONE", "env", 1.0, 0)], _methodology())
    assert unknown[0].effort == "medium" and unknown[0].priority == 0.06
