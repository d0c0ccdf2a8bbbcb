"""The Sankey of tonnes between sectors: accessible SVG, bands as thick as their tonnes, every
text escaped, long names on two lines."""

from __future__ import annotations

import re

import pytest

from filiera.symbiosis.sankey import Band, sankey

LABELS = {"knit": "14 Maglieria & confezione", "card": "13 Tessili", "cer": "23 Ceramica"}


def _bands(svg: str) -> dict[str, list[float]]:
    """Each band's path numbers by its tooltip."""
    found = {}
    for d, title in re.findall(r'class="band"[^>]* d="([^"]+)"><title>([^<]+)</title>', svg):
        found[title] = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return found


def test_accessible_frame_and_tooltips():
    svg = sankey([Band("knit", "card", 30.0)], LABELS, title="Tonnes", desc="Left to right")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and '<title id="sankey-title">Tonnes</title>' in svg
    assert "14 Maglieria &amp; confezione → 13 Tessili: 30.0" in svg  # escaped


def test_bands_are_as_thick_as_their_tonnes():
    svg = sankey(
        [Band("knit", "card", 30.0), Band("knit", "cer", 10.0)], LABELS, title="t", desc="d"
    )
    bands = _bands(svg)
    big = bands["14 Maglieria &amp; confezione → 13 Tessili: 30.0"]
    small = bands["14 Maglieria &amp; confezione → 23 Ceramica: 10.0"]
    # Path: M x0,top0 C … x1,top1 L x1,bottom1 C … x0,bottom0 Z -> thickness at the source end.
    thick_big = big[-1] - big[1]
    thick_small = small[-1] - small[1]
    assert thick_big == pytest.approx(3 * thick_small, rel=0.02)


def test_empty_bands_are_left_out():
    svg = sankey([Band("knit", "card", 0.0)], LABELS, title="t", desc="d")
    assert 'class="band"' not in svg and "<svg" in svg


def test_long_names_take_two_lines():
    labels = {"a": "38 Attività di raccolta, recupero e smaltimento dei rifiuti", "b": "B"}
    svg = sankey([Band("a", "b", 1.0)], labels, title="t", desc="d")
    spans = re.findall(r"<tspan[^>]*>([^<]+)</tspan>", svg)
    assert spans[:2] == ["38 Attività di", "raccolta, recupero e…"]
