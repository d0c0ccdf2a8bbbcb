"""The scorecard's SVG charts: valid XML, accessible, one mark per value, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET

from filiera.qualification import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = SafeET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    labelled = root.get("aria-labelledby", "").split()
    assert labelled == [title.get("id"), desc.get("id")]
    return root


def test_history_chart_has_one_marker_per_scored_point():
    points = [
        charts.Point("01/02/25", 45.0, "D"),
        charts.Point("01/06/25", 62.5, "C"),
        charts.Point("01/01/26", None),
        charts.Point("01/03/26", 88.0, "A"),
    ]
    root = _parse(charts.history_chart(points, title="Storia", desc="Punteggi"))
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 3
    assert [c.find(f"{SVG}title").text for c in circles][1] == "01/06/25: 62.5 (C)"
    # The gap splits the line: one polyline with two points, the lone last point has none.
    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2
    # Higher scores sit higher on the chart.
    ys = [float(c.get("cy")) for c in circles]
    assert ys[2] < ys[1] < ys[0]


def test_history_chart_with_a_single_point_and_no_points():
    root = _parse(charts.history_chart([charts.Point("oggi", 70.0, "C")], title="t", desc="d"))
    assert len(root.findall(f".//{SVG}circle")) == 1
    root = _parse(charts.history_chart([], title="t", desc="d"))
    assert not root.findall(f".//{SVG}circle")


def test_area_bars_draw_one_bar_per_applicable_area_with_width_by_score():
    bars = [
        charts.Bar("Ambiente", 100.0, "A"),
        charts.Bar("Sostanze chimiche", 50.0, "D"),
        charts.Bar("Tracciabilità", None),
    ]
    root = _parse(
        charts.area_bars(bars, title="Aree", desc="Punteggio per area", fmt=lambda v: f"{v:.1f}")
    )
    drawn = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(drawn) == 2
    assert float(drawn[0].get("width")) == 2 * float(drawn[1].get("width"))
    assert drawn[0].get("fill") == charts.GRADE_COLOURS["A"]
    texts = "".join(root.itertext())
    assert "Tracciabilità" in texts and "50.0 D" in texts


def test_share_bar_segments_follow_the_shares_and_skip_empty_ones():
    parts = [
        charts.Part("declared", "dichiarato", 0.5),
        charts.Part("evidenced", "con prove", 0.25),
        charts.Part("reviewed", "rivisto", 0.0),
        charts.Part("verified", "verificato", 0.25),
    ]
    root = _parse(charts.share_bar(parts, title="Garanzia", desc="Quote"))
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "segment"]
    assert len(segments) == 3
    widths = [float(s.get("width")) for s in segments]
    assert widths[0] == 2 * widths[1] and abs(sum(widths) - charts.WIDTH) < 0.5


def test_text_is_escaped():
    svg = charts.area_bars(
        [charts.Bar("<script>&", 10.0, "E")], title="a < b & c", desc='"d"', chart_id="x"
    )
    root = _parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "a < b & c"
