"""Reading material attributes in Italian or English (the ``material`` component's input)."""

from __future__ import annotations

import pytest

from filiera.symbiosis.engine.attributes import composition, signature


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("cotton", (("cotton", 1.0),)),
        ("100% cotone", (("cotton", 1.0),)),
        ("cotone 95% elastan 5%", (("cotton", 0.95), ("elastane", 0.05))),
        ("95% cotton, 5% lycra", (("cotton", 0.95), ("elastane", 0.05))),
        ("lana/cashmere 70/30", (("cashmere", 0.3), ("wool", 0.7))),
        ("lana e poliammide", (("polyamide", 0.5), ("wool", 0.5))),
        ("alpaca", (("alpaca", 1.0),)),
        ("", ()),
    ],
)
def test_fibre_composition(written, expected):
    got = composition(written)
    assert [name for name, _ in got] == [name for name, _ in expected]
    assert [share for _, share in got] == pytest.approx([share for _, share in expected])


def test_signature_reads_keys_and_values_in_both_languages():
    italian = signature({"Fibra": "cotone 92 elastan 8", "colore": "Blu", "lavorazione": "maglia",
                         "spalmato": "sì", "finissaggio": "Antimacchia"})  # fmt: skip
    assert dict(italian) == {
        "fibre": (("cotton", 0.92), ("elastane", 0.08)),
        "colour": "blue",
        "construction": "knitted",
        "coated": True,
        "elastane_pct": 8.0,
        "finissaggio": "antimacchia",
    }
    english = signature({"fibre": "92% cotton 8% elastane", "colour": "navy",
                         "construction": "knit", "coated": True, "finissaggio": "antimacchia"})  # fmt: skip
    assert english == italian


def test_empty_values_are_ignored():
    assert signature({"colour": "", "fibre": None}) == ()
    assert signature(None) == ()
