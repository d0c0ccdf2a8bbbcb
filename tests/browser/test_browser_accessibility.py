"""Every kind of public showcase page meets WCAG 2.1 A and AA as axe-core checks it.

axe-core (vendored in ``tests/browser/vendor/axe-core``, test-only) is injected into each page of
a district whose every part holds public data (``factories_public.build_world``): the home, the
firm directory with results and a map, a firm's page with its contact form, the news, the good
practices, the networks and the events (lists and one page each), the open-data page and the
embeddable list. Pages are checked in Italian and in English, and the home and a firm's page
also at a phone's width. Any violation fails with its rule, impact and the elements it found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from filiera.district.public import public_url
from tests.district.factories_public import build_world

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN = "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def violations(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN, RULES)
    assert result["passes"], f"axe checked nothing on {url}"
    found = []
    for v in result["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        found.append(f"{url}: {v['id']} ({v['impact']}): {v['help']} — {targets}")
    return found


def test_public_pages_have_no_accessibility_violations(page, live_server, carpi, make_user):
    world = build_world(carpi, make_user)
    slug = world.district.slug
    ids = world.ids
    pages = [
        ("showcase_home", {}),
        ("showcase_firms", {}),
        ("showcase_firm", {"pk": world.listed.pk}),
        ("showcase_news", {}),
        ("showcase_news_item", {"pk": ids["news"]}),
        ("showcase_practices", {}),
        ("showcase_practice", {"pk": ids["practice"]}),
        ("showcase_networks", {}),
        ("showcase_network", {"pk": ids["network"]}),
        ("showcase_events", {}),
        ("showcase_event", {"pk": ids["event"]}),
        ("showcase_open_data", {}),
        ("showcase_embed", {}),
    ]
    found: list[str] = []
    for lang in ("it", "en"):
        for name, kwargs in pages:
            url = live_server.url + public_url(name, lang, slug=slug, **kwargs)
            found += violations(page, url)
    page.set_viewport_size({"width": 390, "height": 844})
    for name, kwargs in pages[:3]:
        found += violations(page, live_server.url + public_url(name, "it", slug=slug, **kwargs))
    assert found == [], "\n".join(found)
