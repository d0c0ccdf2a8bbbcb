"""The list of waste as the engine reads it: counts, spellings, errors, the tree, families."""

from __future__ import annotations

import pytest

from filiera.symbiosis.engine import ewc
from filiera.symbiosis.engine.families import family


def test_the_whole_list_is_read():
    nodes = ewc.entries()
    entries = [e for e in nodes.values() if e.is_entry]
    assert len(nodes) == 973
    assert len(entries) == 842
    assert sum(e.hazardous for e in entries) == 408
    assert sum(e.level == 1 for e in nodes.values()) == 20


def test_an_entry_with_its_texts_and_parent():
    cuttings = ewc.entry("04 02 22")
    assert cuttings is not None
    assert (cuttings.code, cuttings.display, cuttings.level, cuttings.parent) == (
        "040222", "04 02 22", 3, "0402",
    )  # fmt: skip
    assert cuttings.text_en == "wastes from processed textile fibres"
    assert cuttings.text_it == "rifiuti da fibre tessili lavorate"
    assert cuttings.text_it_official
    assert cuttings.text("it") == cuttings.text_it
    assert cuttings.text("en") == cuttings.text_en


def test_italian_falls_back_to_the_unofficial_list_then_english():
    sludge = ewc.entry("040220")
    assert sludge is not None and not sludge.text_it_official
    assert sludge.text("it").startswith("fanghi")
    chapter = ewc.entry("04")
    assert chapter is not None and chapter.text_it == ""
    assert chapter.text("it") == chapter.text_en


@pytest.mark.parametrize("spelling", ["04 02 19", "040219", "04 02 19*", "04.02.19", " 04-02-19 "])
def test_spellings_of_a_code(spelling):
    found = ewc.entry(spelling)
    assert found is not None
    assert (found.code, found.display, found.hazardous) == ("040219", "04 02 19*", True)
    assert ewc.normalise(spelling) == "040219"


def test_normalise_refuses_what_is_not_an_entry():
    with pytest.raises(ewc.EwcError) as unknown:
        ewc.normalise("04 02 98")
    assert unknown.value.reason == "unknown"
    assert str(unknown.value) == "EWC 04 02 98 is not in the list."
    for bad in ("0402", "abc", "", "04 02 222"):
        with pytest.raises(ewc.EwcError) as error:
            ewc.normalise(bad)
        assert error.value.reason == "format"


def test_hazard_lookup():
    assert ewc.is_hazardous("04 02 19")
    assert not ewc.is_hazardous("040220")
    assert not ewc.is_hazardous("99 99 99")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("040222", "04 02 22", 1.0),
        ("040222", "040221", 0.6),
        ("040222", "040108", 0.3),
        ("040222", "150101", 0.0),
        ("040222", "", 0.0),
    ],
)
def test_tree_similarity(a, b, expected):
    assert ewc.tree_similarity(a, b) == expected
    assert ewc.tree_similarity(b, a) == expected


def test_tree_walks():
    assert [e.code for e in ewc.lineage("040222")] == ["040222", "0402", "04"]
    assert len(ewc.children("0402")) == 11
    assert ewc.spaced("040222") == "04 02 22"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("040222", "textile"),
        ("200111", "textile"),
        ("191208", "textile"),
        ("040220", "sludge"),
        ("150101", "paper"),
        ("101208", "mineral"),
        ("170103", "mineral"),
        ("130205", "oil"),
        ("160506", "1605"),  # not in the table: its own sub-chapter
        ("", ""),
    ],
)
def test_material_families(code, expected):
    assert family(code) == expected
