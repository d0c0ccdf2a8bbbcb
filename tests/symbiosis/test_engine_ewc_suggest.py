"""EWC codes suggested from what firms write, in Italian or English."""

from __future__ import annotations

import statistics
import time

import pytest

from filiera.symbiosis.engine.ewc_suggest import suggest


def codes(text: str) -> list[str]:
    return [s.code for s in suggest(text)]


@pytest.mark.parametrize("text", ["ritagli di maglieria in cotone", "knitting cuttings cotton"])
def test_knitting_cuttings(text):
    assert "040222" in codes(text)


@pytest.mark.parametrize("text", ["fanghi di tintoria", "dyehouse sludge"])
def test_dyehouse_sludge_gets_a_textile_sludge_code(text):
    assert codes(text)[0] in {"040219", "040220"}


def test_cardboard_packaging():
    assert codes("imballaggi in cartone")[0] == "150101"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("scarti cotti di piastrelle", "101208"),
        ("pallet in legno rotti", "150103"),
        ("abiti usati", "200110"),
        ("rasatura di cuoio conciato al cromo", "040108"),
        ("trucioli di acciaio", "120101"),
    ],
)
def test_other_district_wastes(text, code):
    assert code in codes(text)


def test_suggestions_carry_their_texts_and_scores():
    found = suggest("ritagli di maglieria in cotone")
    assert len(found) == 3
    first = next(s for s in found if s.code == "040222")
    assert first.display == "04 02 22"
    assert first.text_en == "wastes from processed textile fibres"
    assert first.text_it == "rifiuti da fibre tessili lavorate"
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(0 < s.score <= 1 for s in found)


def test_a_code_written_in_the_text_comes_first():
    found = suggest("sfridi vari, codice 04 02 09")
    assert found[0].code == "040209"
    assert found[0].score == 1.0
    assert suggest("040219 fanghi")[0].display == "04 02 19*"


def test_nothing_to_suggest():
    assert suggest("") == []
    assert suggest("   ") == []
    assert suggest("zzzz qqqq") == []
    assert len(suggest("imballaggi", k=5)) == 5


def test_a_call_takes_under_20_ms():
    suggest("warm up")
    times = []
    for text in ["ritagli di maglieria in cotone bianco e nero", "dyehouse sludge"] * 10:
        started = time.perf_counter()
        suggest(text)
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.020
