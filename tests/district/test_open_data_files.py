"""The directory as CSV and JSON-LD: they parse, hold published data only, expand offline."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from filiera.district import opendata
from filiera.district.services.showcase import refresh_district
from tests.district.conftest import certificate, list_firm, publish, scored
from tests.district.factories_public import entry, showcase

SITE = "http://127.0.0.1:8000"
DFR = Path(__file__).parents[1] / "fixtures/untp-0.6.1/data-models/untp-dfr/artefacts"
UNDEFINED = "urn:undefined:"


def _no_remote(url, options=None):
    raise AssertionError(f"the JSON-LD must not load {url}")


def _csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def published(carpi, firm_a, firm_b):
    """firm_a publishes everything; firm_b hides grade, certificates and website."""
    showcase(carpi)
    entry(carpi, firm_a)
    entry(
        carpi,
        firm_b,
        grade="",
        certificates=[],
        website="",
        qualification="qualified_with_plan",
        processes=[{"code": "MU.EMBROIDERY", "name_it": "Ricamo", "name_en": "Embroidery"}],
        places=[
            {
                "name": "Sassuolo (MO)",
                "locality": "Sassuolo",
                "municipality": "036040",
                "country": "IT",
                "lat": 44.54,
                "lon": 10.78,
            },
            {
                "name": "Carpi (MO)",
                "locality": "Carpi",
                "municipality": "036005",
                "country": "IT",
                "lat": 44.78,
                "lon": 10.88,
            },
        ],
    )
    return carpi


def test_csv_rows(client, published, firm_a, firm_b):
    response = client.get("/showcase/carpi/firms.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="filiera-carpi-firms.csv"'
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert not response.cookies
    rows = _csv(response)
    assert list(rows[0]) == list(opendata.CSV_COLUMNS)
    by_id = {int(row["firm_id"]): row for row in rows}
    assert set(by_id) == {firm_a.pk, firm_b.pk}
    a, b = by_id[firm_a.pk], by_id[firm_b.pk]
    assert a["name"] == "Maglificio Alfa S.r.l."
    assert a["url"].startswith(f"{SITE}/showcase/carpi/firms")
    assert a["grade"] == "B" and a["qualification"] == "qualified"
    assert a["certificates"] == "iso_14001:2027-06-30"
    assert a["processes"] == "MU.KNIT_TO_SHAPE"
    assert a["municipalities"] == "Carpi"
    assert a["website"] == "https://alfa.example.test/"
    assert a["updated"][:4].isdigit() and "T" in a["updated"]
    assert b["grade"] == "" and b["certificates"] == "" and b["website"] == ""
    assert b["municipalities"] == "Sassuolo|Carpi"
    assert b["qualification"] == "qualified_with_plan"
    # The English address gives the same file.
    assert _csv(client.get("/en/showcase/carpi/firms.csv")) == rows


def test_csv_from_published_data_only(client, carpi, firm_a, firm_b, brand_c):
    """Built by the showcase service: the unlisted firm and hidden fields stay out."""
    from filiera.registry.models import Firm

    showcase(carpi)
    unlisted = brand_c
    unlisted.districts.add(carpi)
    for firm in (firm_a, firm_b, unlisted):
        scored(firm, grade="B")
        certificate(firm, "iso_14001", days=300)
    publish(firm_a)
    publish(firm_b, grade=False, certificates=False)
    publish(unlisted)
    Firm.objects.filter(pk=firm_a.pk).update(website="https://alfa.example.test/")
    Firm.objects.filter(pk=firm_b.pk).update(website="https://beta-hidden.example.test/")
    list_firm(firm_a)
    list_firm(firm_b, show_website=False)
    list_firm(unlisted, listed=False)
    refresh_district(carpi.pk)
    text = client.get("/showcase/carpi/firms.csv").content.decode()
    rows = {int(r["firm_id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {firm_a.pk, firm_b.pk}
    assert rows[firm_a.pk]["grade"] == "B" and rows[firm_a.pk]["certificates"].startswith(
        "iso_14001:"
    )
    assert rows[firm_b.pk]["grade"] == "" and rows[firm_b.pk]["certificates"] == ""
    assert "beta-hidden" not in text and brand_c.legal_name not in text
    assert firm_a.vat not in text and firm_b.vat not in text


def test_csv_neutralises_formulas():
    row = opendata.csv_row(
        opendata.Listing(
            firm_id=1,
            name="=HYPERLINK(1)",
            page_url="u",
            id_base="u",
            url_it="u",
            updated=__import__("datetime").datetime(2026, 1, 1),
        )
    )
    assert row[1] == "'=HYPERLINK(1)"


def test_jsonld_expands_offline_with_expected_values(client, published, firm_a, firm_b):
    from pyld import jsonld

    response = client.get("/showcase/carpi/firms.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert "max-age=300" in response["Cache-Control"]
    document = json.loads(response.content)
    assert isinstance(document["@context"], dict)  # inline: nothing to fetch
    expanded = jsonld.expand(document, {"documentLoader": _no_remote})
    nodes = {node["@id"]: node for node in expanded}
    base = f"{SITE}/showcase/carpi/firms"
    org = next(n for i, n in nodes.items() if i.endswith(f"/{firm_a.pk}/#organization"))
    assert org["@id"].startswith(base)
    assert org["@type"] == ["https://schema.org/Organization"]
    assert org["https://schema.org/name"] == [{"@value": "Maglificio Alfa S.r.l."}]
    assert org["https://schema.org/sameAs"] == [{"@id": "https://alfa.example.test/"}]
    locality = org["https://schema.org/address"][0]["https://schema.org/addressLocality"]
    assert locality == [{"@value": "Carpi"}]
    credential = org["https://schema.org/hasCredential"][0]
    assert credential["https://schema.org/identifier"] == [{"@value": "iso_14001"}]
    assert credential["https://schema.org/expires"][0]["@value"] == "2027-06-30"
    knows = org["https://schema.org/knowsAbout"][0]
    assert knows["https://schema.org/termCode"] == [{"@value": "MU.KNIT_TO_SHAPE"}]
    assert knows["https://schema.org/name"] == [{"@value": "Maglieria"}]

    untp = "https://test.uncefact.org/vocabulary/untp/core/0/"
    facilities = [n for n in expanded if n.get("@type") == [f"{untp}Facility"]]
    assert len(facilities) == 3  # one place of firm_a, two of firm_b
    place = nodes[f"{org['@id'].split('#')[0]}#place-036005"]
    assert place[f"{untp}Party"][0]["@id"] == org["@id"]
    category = place[f"{untp}processCategory"][0]
    assert category[f"{untp}code"][0]["@value"] == "MU.KNIT_TO_SHAPE"
    assert category["@id"] == f"{SITE}/processes/MU.KNIT_TO_SHAPE"
    address = place[f"{untp}address"][0]
    assert address[f"{untp}addressLocality"][0]["@value"] == "Carpi"
    point = place[f"{untp}locationInformation"][0]["https://purl.org/geojson/vocab#geoLocation"][0]
    coordinates = point["https://purl.org/geojson/vocab#coordinates"][0]["@list"]
    assert [c["@value"] for c in coordinates] == [10.88, 44.78]
    # firm_b hides its website and certificates: none in its node.
    org_b = next(n for i, n in nodes.items() if i.endswith(f"/{firm_b.pk}/#organization"))
    assert "https://schema.org/sameAs" not in org_b
    assert "https://schema.org/hasCredential" not in org_b
    dataset = nodes[f"{SITE}/showcase/carpi/firms.jsonld"]
    assert dataset["https://schema.org/license"] == [
        {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    ]


def test_jsonld_has_no_undefined_terms(client, published):
    from pyld import jsonld

    document = json.loads(client.get("/showcase/carpi/firms.jsonld").content)
    probe = copy.deepcopy(document)
    probe["@context"]["@vocab"] = UNDEFINED
    found = json.dumps(jsonld.expand(probe, {"documentLoader": _no_remote}))
    assert UNDEFINED not in found


def test_jsonld_facilities_follow_the_untp_schema(client, published):
    schema = json.loads((DFR / "FacilityRecord-schema.json").read_text())
    document = json.loads(client.get("/showcase/carpi/firms.jsonld").content)
    facilities = [n for n in document["@graph"] if n.get("type") == ["Facility"]]
    assert facilities
    validator = Draft202012Validator(schema)
    for node in facilities:
        record = {"type": ["FacilityRecord"], "facility": node}
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], errors


def test_jsonld_in_english_keeps_ids(client, published, firm_a):
    italian = json.loads(client.get("/showcase/carpi/firms.jsonld").content)
    english = json.loads(client.get("/en/showcase/carpi/firms.jsonld").content)
    assert [n["id"] for n in italian["@graph"]] == [n["id"] for n in english["@graph"]]
    org = next(n for n in english["@graph"] if n["id"].endswith(f"/{firm_a.pk}/#organization"))
    assert org["knowsAbout"][0]["name"] == "Knitting"
    assert "/en/showcase/carpi/" in org["url"]


@pytest.mark.parametrize("path", ["firms.csv", "firms.jsonld"])
def test_files_404_when_showcase_unpublished(client, carpi, firm_a, path):
    showcase(carpi, published=False)
    entry(carpi, firm_a)
    assert client.get(f"/showcase/carpi/{path}").status_code == 404
    assert client.get(f"/showcase/nowhere/{path}").status_code == 404


def test_empty_directory_files(client, carpi):
    showcase(carpi)
    assert _csv(client.get("/showcase/carpi/firms.csv")) == []
    document = json.loads(client.get("/showcase/carpi/firms.jsonld").content)
    assert [n["type"] for n in document["@graph"]] == ["Dataset"]
