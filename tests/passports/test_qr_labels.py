"""QR codes (SVG, PNG) of passports, their Digital Link URIs, and the label sheets: the images
hold exactly the modules of the passport's URI, the public images are cached as immutable, the
label sheet has a page per 24 labels and only the brand's people may print it."""

# ruff: noqa: F811 (fixtures imported from tests.passports.factories_codes)

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import reverse
from PIL import Image

from filiera.passports import labels_pdf, qr
from filiera.passports.engine.digital_link import Link, parse_path
from filiera.passports.labels_pdf import Label, LabelError, label_sheet, labels_for
from tests.conftest import PERSONAS
from tests.passports.factories_codes import (  # noqa: F401 (fixtures)
    GTIN,
    batch_pp,
    coded_batch,
    coded_product,
    item_pp,
    make_batch,
    make_passport,
    make_product,
    model_pp,
    no_gtin_pp,
)

URI = "https://resolver.example/01/09506000134352/10/LOT%2F26%2BA/21/0007"
RESOLVER = "https://resolver.example"


@pytest.fixture(autouse=True)
def resolver_url(settings):
    settings.RESOLVER_URL = RESOLVER


def dark_modules(matrix) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark}


def svg_modules(svg: str, border: int = qr.QUIET_ZONE) -> set[tuple[int, int]]:
    """The dark modules an SVG of scale 1 draws: segno writes one path of horizontal strokes
    ("M x y h n m dx dy h n …", each stroke through the middle of a row of modules)."""
    root = ET.fromstring(svg)  # noqa: S314 (our own SVG)
    paths = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke")]
    assert len(paths) == 1
    found = set()
    x = y = 0.0
    for op, a, b in re.findall(r"([MmHhVv])(-?[\d.]+)(?:\s(-?[\d.]+))?", paths[0].get("d", "")):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b or 0)
        elif op == "h":
            for col in range(int(x), int(x + float(a))):
                found.add((math.floor(y) - border, col - border))
            x += float(a)
        else:
            pytest.fail(f"unexpected path command {op}")
    return found


def test_svg_holds_the_modules_of_the_uri():
    svg = qr.qr_svg(URI, scale=1)
    code = segno.make(URI, error="m")
    assert svg_modules(svg) == dark_modules(code.matrix)
    size = code.symbol_size(border=qr.QUIET_ZONE)[0]
    root = ET.fromstring(svg)  # noqa: S314 (our own SVG)
    assert (root.get("width"), root.get("height")) == (str(size), str(size))


def test_qr_codes_use_error_correction_m_and_never_micro_qr():
    code = qr.make("https://r.example/01/09506000134352")
    assert code.error == "M"
    assert not code.is_micro


@pytest.mark.parametrize("scale", [1, 3, 8])
def test_png_opens_and_holds_the_modules_of_the_uri(scale):
    image = Image.open(io.BytesIO(qr.qr_png(URI, scale))).convert("L")
    matrix = segno.make(URI, error="m").matrix
    border = qr.QUIET_ZONE
    assert image.size == ((len(matrix) + 2 * border) * scale,) * 2
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            pixel = image.getpixel(
                ((c + border) * scale + scale // 2, (r + border) * scale + scale // 2)
            )
            assert (pixel < 128) == bool(dark), (r, c)
    assert image.getpixel((0, 0)) > 128  # the quiet zone is white


# The URI a passport's QR code carries --------------------------------------------------------


def test_passport_uris(model_pp, batch_pp, item_pp):
    assert qr.passport_uri(model_pp) == f"{RESOLVER}/01/{GTIN}"
    assert qr.passport_uri(batch_pp) == f"{RESOLVER}/01/{GTIN}/10/LOT%2F26%2BA"
    assert qr.passport_uri(item_pp) == URI
    assert parse_path(urlsplit(qr.passport_uri(item_pp)).path) == Link(GTIN, "LOT/26+A", "0007")


def test_a_product_without_gtin_links_to_the_version_page(no_gtin_pp):
    assert qr.passport_uri(no_gtin_pp) == f"{RESOLVER}/passports/{no_gtin_pp.credential.uid}/"


# The public images -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media"), [("passport_qr_svg", "image/svg+xml"), ("passport_qr_png", "image/png")]
)
def test_anyone_gets_the_images_cached_as_immutable(client, item_pp, name, media):
    url = reverse(name, args=[item_pp.credential.uid])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == media
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_svg_view_encodes_the_passport_uri(client, item_pp):
    response = client.get(reverse("passport_qr_svg", args=[item_pp.credential.uid]))
    svg = response.content.decode()
    assert svg_modules(svg) == dark_modules(segno.make(URI, error="m").matrix)
    assert URI in svg  # the description names the link


def test_png_scale(client, model_pp):
    url = reverse("passport_qr_png", args=[model_pp.credential.uid])
    size = segno.make(qr.passport_uri(model_pp), error="m").symbol_size(border=qr.QUIET_ZONE)[0]
    assert Image.open(io.BytesIO(client.get(url + "?scale=2").content)).size == (size * 2,) * 2
    assert Image.open(io.BytesIO(client.get(url + "?scale=x").content)).size == (size * 8,) * 2
    assert Image.open(io.BytesIO(client.get(url + "?scale=999").content)).size == (size * 40,) * 2
    assert client.get(url + "?scale=2")["ETag"] != client.get(url + "?scale=3")["ETag"]


def test_unknown_passports_have_no_images(client, db):
    uid = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("passport_qr_svg", args=[uid])).status_code == 404
    assert client.get(reverse("passport_qr_png", args=[uid])).status_code == 404


# Label sheets ------------------------------------------------------------------------------


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


@pytest.mark.parametrize("count", [0, 1, 24, 25, 48, 49, 100])
def test_a_sheet_has_a_page_per_24_labels(count):
    labels = [
        Label(uri=f"{URI}{n}", name="Maglia", gtin=GTIN, lot="L1", serial=str(n))
        for n in range(count)
    ]
    pdf = label_sheet(labels)
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == max(1, math.ceil(count / 24))


def test_names_outside_latin1_and_long_names_still_print():
    label = Label(uri=URI, name="Felpa “Łódź” — " + "molto lunga " * 20, gtin=GTIN)
    assert pages(label_sheet([label])) == 1


def test_more_than_2000_labels_are_refused():
    with pytest.raises(LabelError):
        label_sheet([Label(uri=URI, name="x")] * (labels_pdf.MAX_LABELS + 1))


def test_labels_per_serial_carry_the_item_links(batch_pp):
    labels = labels_for(batch_pp, per="serial")
    assert [label.serial for label in labels[:3]] == ["0001", "0002", "0003"]
    assert len(labels) == 50
    assert parse_path(urlsplit(labels[6].uri).path) == Link(GTIN, "LOT/26+A", "0007")


def test_copies_of_a_passport_label(model_pp, no_gtin_pp):
    labels = labels_for(model_pp, count=3)
    assert labels == [labels[0]] * 3
    assert labels[0].uri == f"{RESOLVER}/01/{GTIN}" and labels[0].lot == ""
    assert labels_for(no_gtin_pp, count=1)[0].uri.endswith(
        f"/passports/{no_gtin_pp.credential.uid}/"
    )


@pytest.mark.parametrize(("per", "count"), [("one", 0), ("one", 2001), ("each", 1)])
def test_impossible_label_requests(model_pp, per, count):
    with pytest.raises(LabelError):
        labels_for(model_pp, per=per, count=count)


def test_labels_per_serial_need_a_batch_with_a_numeric_range(model_pp, item_pp, coded_product):
    for passport in (model_pp, item_pp):
        with pytest.raises(LabelError):
            labels_for(passport, per="serial")
    letters = make_batch(coded_product, lot="L2", first="A1", last="A9")
    passport = make_passport(coded_product, granularity="batch", batch=letters)
    with pytest.raises(LabelError):
        labels_for(passport, per="serial")


# The label sheet page ----------------------------------------------------------------------

ALLOWED = {"admin", "owner_a", "editor_a", "viewer_a"}


def labels_url(passport, query: str = "") -> str:
    product = passport.product
    return reverse("passport_labels", args=[product.brand_id, product.pk, passport.pk]) + query


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_brands_people_print_labels(request, client_for, batch_pp, persona):
    response = client_for(request.getfixturevalue(persona)).get(labels_url(batch_pp, "?count=30"))
    if persona in ALLOWED:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert pages(response.content) == 2
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, batch_pp):
    response = client.get(labels_url(batch_pp))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_passport_of_another_product_is_not_found(client_for, owner_a, model_pp, firm_a):
    other = make_product(firm_a, gtin="", name="Altro")
    url = reverse("passport_labels", args=[firm_a.pk, other.pk, model_pp.pk])
    assert client_for(owner_a).get(url).status_code == 404


def test_labels_per_serial_number_page(client_for, owner_a, batch_pp):
    response = client_for(owner_a).get(labels_url(batch_pp, "?per=serial"))
    assert response.status_code == 200
    assert pages(response.content) == math.ceil(50 / 24)


def test_a_long_serial_range_is_offered_in_parts(client_for, owner_a, coded_product):
    batch = make_batch(coded_product, lot="BIG", first="1", last="4500")
    passport = make_passport(coded_product, granularity="batch", batch=batch)
    client = client_for(owner_a)
    page = client.get(labels_url(passport, "?per=serial"))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    links = re.findall(r'href="([^"]*part=(\d))"', page.content.decode())
    assert [number for _, number in links] == ["1", "2", "3"]
    last = client.get(labels_url(passport, "?per=serial&part=3"))
    assert last["Content-Type"] == "application/pdf"
    assert pages(last.content) == math.ceil(500 / 24)
    assert client.get(labels_url(passport, "?per=serial&part=4")).status_code == 400


@pytest.mark.parametrize(
    "query", ["?count=0", "?count=abc", "?count=2001", "?per=serial", "?per=x"]
)
def test_bad_label_requests_say_why(client_for, owner_a, model_pp, query):
    response = client_for(owner_a).get(labels_url(model_pp, query))
    assert response.status_code == 400
    assert b'id="labels-problem"' in response.content
    assert b'id="labels-form"' in response.content


def test_the_choices_page(client_for, viewer_a, batch_pp):
    response = client_for(viewer_a).get(labels_url(batch_pp, "?choose=1"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="labels-form"' in content
    assert 'value="serial"' in content  # the batch has a numeric range of serial numbers
