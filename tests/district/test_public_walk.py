"""Walk every public address of a showcase as an anonymous visitor: nothing private shows.

The district holds published and private data in every part (see ``factories_public.
build_world``), each with its own marker string. The walk starts from the sitemap (both
languages) and the open-data files, the embed page and the widget, follows every link that
stays inside the showcase, and checks each answer: 200, no private marker anywhere, no cookie
unless the page has a form to post; in the end every published marker was seen somewhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import resolve

from filiera.district.public import LANGS, public_url
from tests.district.factories_public import build_world

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""")
MAX_PAGES = 600
# Every kind of public page the walk must reach (URL names).
REQUIRED = {
    "showcase_home",
    "showcase_firms",
    "showcase_firm",
    "showcase_news",
    "showcase_news_item",
    "showcase_practices",
    "showcase_practice",
    "showcase_networks",
    "showcase_network",
    "showcase_events",
    "showcase_event",
    "showcase_open_data",
    "showcase_csv",
    "showcase_jsonld",
    "showcase_embed",
    "showcase_widget",
}


@pytest.fixture
def world(carpi, make_user):
    return build_world(carpi, make_user)


def _local(url: str) -> str | None:
    """The path and query of an address of this site inside the walked showcase, or None."""
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme and (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    path = parts.path
    if not (path.startswith("/showcase/carpi/") or path.startswith("/en/showcase/carpi/")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _sitemap(client) -> tuple[list[str], str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    found = []
    for url in root.findall("s:url", NS):
        found.append(url.find("s:loc", NS).text)
        found.extend(link.get("href") for link in url.findall("x:link", NS))
    return found, response.content.decode()


def _start(client, world) -> tuple[list[str], dict[str, str]]:
    locs, sitemap_text = _sitemap(client)
    seen_text = {
        "/sitemap.xml": sitemap_text,
        "/robots.txt": client.get("/robots.txt").content.decode(),
    }
    start = [path for path in (_local(url) for url in locs) if path]
    for lang in LANGS:
        for name in (
            "showcase_open_data",
            "showcase_csv",
            "showcase_jsonld",
            "showcase_embed",
            "showcase_widget",
        ):
            start.append(public_url(name, lang, slug="carpi"))
    return start, seen_text


def _walk(client, start: list[str]) -> dict[str, object]:
    queue, answers = list(dict.fromkeys(start)), {}
    while queue:
        path = queue.pop(0)
        if path in answers:
            continue
        assert len(answers) < MAX_PAGES, "the walk does not end: too many addresses"
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        answers[path] = response
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html"):
            body = response.content.decode()
            for href in LINK.findall(body):
                target = _local(urljoin(f"{settings.SITE_URL}{path}", unescape(href)))
                if target and target not in answers and target not in queue:
                    queue.append(target)
    return answers


def test_walk_every_public_url(client, world):
    start, texts = _start(client, world)
    answers = _walk(client, start)
    texts.update({path: r.content.decode() for path, r in answers.items()})

    # Nothing private anywhere (case-insensitive: search indexes are lower case).
    for path, body in texts.items():
        low = body.lower()
        leaks = [what for what, marker in world.private.items() if marker.lower() in low]
        assert not leaks, f"{path} shows {leaks}"

    # Every published thing shows somewhere.
    everything = "\n".join(texts.values())
    missing = [what for what, marker in world.public.items() if marker not in everything]
    assert not missing, f"published but never shown: {missing}"

    # Public pages set no cookie, except those with a form to post (the contact form).
    for path, response in answers.items():
        if response.cookies:
            assert 'method="post"' in response.content.decode().lower(), f"{path} sets a cookie"

    # Every kind of public page was reached, in both languages.
    kinds = Counter()
    for path in answers:
        match = resolve(urlsplit(path).path)
        kinds[(match.url_name, match.kwargs.get("lang"))] += 1
    reached = {name for name, _lang in kinds}
    assert reached >= REQUIRED, f"not reached: {sorted(REQUIRED - reached)}"
    for name in REQUIRED:
        assert (name, "it") in kinds and (name, "en") in kinds, name
    print("\nPublic walk:", len(answers), "addresses")
    for (name, lang), count in sorted(kinds.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        print(f"  {name} [{lang}]: {count}")


def test_sitemap_names_published_things_only(client, world):
    locs, text = _sitemap(client)
    paths = {urlsplit(url).path for url in locs}
    for lang in ("", "/en"):
        base = f"{lang}/showcase/carpi"
        assert f"{base}/firms/{world.listed.pk}/" in paths
        assert f"{base}/firms/{world.partial.pk}/" in paths
        assert f"{base}/news/{world.ids['news']}/" in paths
        assert f"{base}/practices/{world.ids['practice']}/" in paths
        assert f"{base}/networks/{world.ids['network']}/" in paths
        assert f"{base}/events/{world.ids['event']}/" in paths
    hidden = [
        f"/firms/{world.unlisted.pk}/",
        f"/news/{world.ids['draft_news']}/",
        f"/practices/{world.ids['draft_practice']}/",
        f"/networks/{world.ids['private_network']}/",
        f"/events/{world.ids['hidden_event']}/",
        f"/events/{world.ids['cancelled_event']}/",
        "/showcase/nascosto/",
    ]
    for part in hidden:
        assert part not in text, part


def test_fields_a_firm_hides_stay_out_of_the_files(client, world):
    """The partial firm hides grade (D), certificates, processes, places and website."""
    import csv
    import io
    import json

    rows = {
        int(row["firm_id"]): row
        for row in csv.DictReader(
            io.StringIO(client.get("/showcase/carpi/firms.csv").content.decode())
        )
    }
    assert set(rows) == {world.listed.pk, world.partial.pk}
    partial, listed = rows[world.partial.pk], rows[world.listed.pk]
    assert listed["grade"] == "B" and listed["certificates"].startswith("iso_14001:")
    assert listed["processes"] == "MU.KNIT_TO_SHAPE" and listed["municipalities"] == "Carpi"
    for column in ("grade", "certificates", "processes", "municipalities", "website"):
        assert partial[column] == "", column
    assert partial["qualification"] == "qualified_with_plan"
    graph = json.loads(client.get("/showcase/carpi/firms.jsonld").content)["@graph"]
    mine = [n for n in graph if f"/firms/{world.partial.pk}/#" in n["id"]]
    assert [n["type"] for n in mine] == ["Organization"]  # no places: no facility records
    assert set(mine[0]) == {"id", "type", "name", "url"}
    embed = client.get("/showcase/carpi/embed/").content.decode()
    line = next(x for x in embed.splitlines() if "PUBMARK-PARTIAL" in x)
    assert 'class="grade"' not in line


def test_hidden_things_answer_404(client, world):
    for lang in ("", "/en"):
        base = f"{lang}/showcase/carpi"
        for path in (
            f"{base}/firms/{world.unlisted.pk}/",
            f"{base}/news/{world.ids['draft_news']}/",
            f"{base}/practices/{world.ids['draft_practice']}/",
            f"{base}/networks/{world.ids['private_network']}/",
            f"{base}/events/{world.ids['hidden_event']}/",
            f"{lang}/showcase/nascosto/",
            f"{lang}/showcase/nascosto/firms.csv",
            f"{lang}/showcase/nascosto/embed/",
        ):
            assert client.get(path).status_code == 404, path
