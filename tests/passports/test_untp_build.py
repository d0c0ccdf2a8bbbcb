"""The UNTP builders on plain data: what goes where in a passport, a conformity credential and a
facility record (no database)."""

from __future__ import annotations

import pytest

from filiera.passports.engine import untp
from tests.passports import factories_untp as f


def subject(document: dict) -> dict:
    return document["credentialSubject"]


def claims_by_topic(document: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for claim in subject(document).get("conformityClaim", []):
        found.setdefault(claim["conformityTopic"], []).append(claim)
    return found


def test_dpp_envelope_and_product():
    document = untp.build_dpp(f.dpp_data())
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/",
    ]
    assert document["type"] == ["DigitalProductPassport", "VerifiableCredential"]
    assert not {"id", "issuer", "validFrom", "credentialStatus"} & set(document)
    product = subject(document)["product"]
    assert subject(document)["granularityLevel"] == "model"
    assert product["id"] == f.DL
    assert product["registeredId"] == "09506000134352"
    assert product["idScheme"]["id"] == "https://id.gs1.org/01/"
    assert "batchNumber" not in product and "serialNumber" not in product
    assert product["dimensions"] == {"weight": {"value": 0.35, "unit": "KGM"}}
    assert product["producedByParty"]["registeredId"] == f.BRAND.registered_id
    assert product["producedAtFacility"]["registeredId"] == "IT-000001"
    assert product["countryOfProduction"] == "IT"
    (category,) = product["productCategory"]
    assert category["code"] == "61101100"
    assert category["schemeName"].startswith("Combined Nomenclature")
    assert product["productImage"]["linkURL"].endswith("front.jpg")


def test_dpp_care_durability_end_of_life_are_links_to_the_page():
    document = untp.build_dpp(f.dpp_data())
    further = {link["linkURL"]: link for link in subject(document)["product"]["furtherInformation"]}
    assert further[f"{f.PAGE}#care"]["linkName"] == "Hand wash at 30 °C. Dry flat."
    circularity = subject(document)["circularityScorecard"]
    assert circularity["repairInformation"]["linkURL"] == f"{f.PAGE}#durability"
    assert circularity["recyclingInformation"]["linkName"].startswith("Give it to")
    assert circularity["recycledContent"] == 0.15


def test_dpp_fibres_by_component_and_substances_by_name():
    materials = subject(untp.build_dpp(f.dpp_data()))["materialsProvenance"]
    names = [m["name"] for m in materials]
    assert names == [
        "Body: wool 80 %",
        "Body: polyamide 20 %",
        "Rib: wool 100 %",
        "Dimethylformamide",
    ]
    wool = materials[0]["materialType"]
    assert wool["code"] == "1" and "1007/2011" in wool["schemeName"]
    # Components have no weights: no share of the whole product is made up.
    assert not any("massFraction" in m for m in materials)
    substance = materials[-1]
    assert substance["hazardous"] is True
    assert set(substance) == {"name", "hazardous", "materialSafetyInformation"}


def test_single_component_gives_mass_fractions():
    data = f.dpp_data(components=f.dpp_data().components[:1], substances=())
    materials = subject(untp.build_dpp(data))["materialsProvenance"]
    assert [(m["name"], m["massFraction"]) for m in materials] == [
        ("wool", 0.8),
        ("polyamide", 0.2),
    ]


def test_footprint_is_a_claim_with_its_method_not_a_carbon_footprint():
    document = untp.build_dpp(f.dpp_data())
    assert "emissionsScorecard" not in subject(document)
    (claim,) = [c for c in subject(document)["conformityClaim"] if "environmental-cost" in c["id"]]
    assert claim["conformityTopic"] == "environment.emissions"
    assert claim["declaredValue"] == [
        {
            "metricName": "Environmental cost (µPt per item)",
            "metricValue": {"value": 912.4, "unit": "C62"},
        }
    ]
    standard = claim["referenceStandard"]
    assert standard["name"] == "Ecobalyse textile method v7.0.0"
    assert standard["issuingParty"]["name"] == "Ecobalyse, Ministère / ADEME"
    assert "not a carbon footprint" in claim["description"]
    assert "Licence Ouverte" in claim["description"]


def test_without_footprint_there_is_no_footprint_claim():
    document = untp.build_dpp(f.dpp_data(footprint=None))
    assert not any("environmental-cost" in c["id"] for c in subject(document)["conformityClaim"])


def test_recycled_content_claim():
    (claim,) = claims_by_topic(untp.build_dpp(f.dpp_data()))["circularity.content"]
    assert [(v["metricName"], v["metricValue"]) for v in claim["declaredValue"]] == [
        ("Pre-consumer recycled content", {"value": 10.0, "unit": "P1"}),
        ("Post-consumer recycled content", {"value": 5.0, "unit": "P1"}),
    ]


def test_qualification_claim_links_the_conformity_credential():
    (claim,) = claims_by_topic(untp.build_dpp(f.dpp_data()))["governance.compliance"]
    evidence = claim["conformityEvidence"]
    assert evidence["linkType"] == "https://test.uncefact.org/vocabulary/linkTypes/dcc"
    assert evidence["hashDigest"] == "a" * 64 and evidence["hashMethod"] == "SHA-256"
    assert claim["declaredValue"][0]["score"] == "B"
    assert claim["referenceStandard"]["name"] == "Filiera base v1"
    assert "IT-000001" in claim["description"] and "2026-03-01" in claim["description"]


def test_traceability_per_step():
    steps = subject(untp.build_dpp(f.dpp_data()))["traceabilityInformation"]
    assert [s["valueChainProcess"] for s in steps] == ["Spinning", "Knitting", "Dyeing"]
    spinning, knitting, dyeing = (s["traceabilityEvent"] for s in steps)
    assert spinning == [
        {
            "linkURL": f"{f.PAGE}#step-1",
            "linkName": "Spinning; CN",
            "linkType": untp.GS1_TRACEABILITY,
        }
    ]
    assert "Maglificio Alfa" in knitting[0]["linkName"]
    assert "2025-04-01 to 2025-04-10" in knitting[0]["linkName"]
    assert knitting[1]["linkType"] == untp.LINK_DFR and knitting[1]["hashDigest"] == "b" * 64
    # An unnamed supplier: facility id and country only.
    assert dyeing[0]["linkName"] == "Dyeing; facility IT-000002; IT"


def test_batch_and_item_passports():
    batch = subject(untp.build_dpp(f.batch_data()))
    assert batch["granularityLevel"] == "batch"
    assert batch["product"]["batchNumber"] == "LOT1"
    assert batch["product"]["productionDate"] == "2025-04-12"
    events = batch["traceabilityInformation"][1]["traceabilityEvent"]
    assert events[-1]["linkName"] == "2025-04-05 · Knitting"
    item = subject(untp.build_dpp(f.item_data()))
    assert item["granularityLevel"] == "item"
    assert item["product"]["serialNumber"] == "0007"
    assert item["product"]["id"].endswith("/10/LOT1/21/0007")
    assert all(c["id"].startswith(item["product"]["id"] + "#") for c in item["conformityClaim"][:2])


def test_bare_passport_has_only_what_is_known():
    document = untp.build_dpp(f.bare_data())
    product = subject(document)["product"]
    assert set(subject(document)) == {"type", "product", "granularityLevel"}
    assert set(product) == {"type", "id", "name", "dimensions"}


def test_party_without_register_has_no_scheme():
    assert untp.party(f.DISTRICT) == {"id": f.DISTRICT.id, "name": "Distretto di Carpi"}


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("611011", "HS 6110 11"),
        ("61101100", "CN 6110 11 00"),
        ("6110110010", "TARIC 6110 11 00 10"),
    ],
)
def test_commodity_code_schemes(code, short):
    found = untp.commodity_classification(code)
    assert found is not None and found["name"] == short and found["id"].endswith(code)


def test_odd_commodity_code_is_left_out():
    assert untp.commodity_classification("6110") is None
    document = untp.build_dpp(f.dpp_data(commodity_code="6110"))
    assert "productCategory" not in subject(document)["product"]


def test_dcc():
    document = untp.build_dcc(f.dcc_data())
    assert document["type"] == ["DigitalConformityCredential", "VerifiableCredential"]
    attestation = subject(document)
    assert attestation["assessorLevel"] == "Membership"
    assert attestation["assessmentLevel"] == "Verified"
    assert attestation["issuedToParty"]["name"] == "Maglificio Alfa S.r.l."
    assert attestation["scope"]["version"] == "1"
    overall, *areas = attestation["assessment"]
    assert overall["declaredValue"][0]["score"] == "B"
    assert "Valid until 2026-03-01" in overall["description"]
    assert overall["assessedFacility"][0]["facility"]["registeredId"] == "IT-000001"
    # The area where nothing applied is left out.
    assert [(a["name"], a["conformityTopic"]) for a in areas] == [
        ("Environment", "environment.emissions"),
        ("Social and labour", "social.labour"),
    ]
    ids = [a["id"] for a in attestation["assessment"]]
    assert len(set(ids)) == len(ids) and all(i.count("#") == 1 for i in ids)


def test_dcc_not_conforming():
    document = untp.build_dcc(f.dcc_data(conformance=False, grade="E", status="not qualified"))
    assert subject(document)["assessment"][0]["conformance"] is False


def test_dfr():
    document = untp.build_dfr(f.dfr_data())
    assert document["type"] == ["DigitalFacilityRecord", "VerifiableCredential"]
    facility = subject(document)["facility"]
    assert facility["registeredId"] == "IT-000001"
    assert facility["idScheme"]["name"] == "Filiera facility ID"
    assert facility["countryOfOperation"] == "IT"
    assert facility["locationInformation"]["geoLocation"] == {
        "type": "Point",
        "coordinates": [10.88, 44.78],
    }
    assert facility["address"]["addressLocality"] == "Carpi"
    assert facility["operatedByParty"]["registeredId"] == f.SUPPLIER.registered_id
    assert facility["processCategory"][0]["code"] == "MU.KNIT_TO_SHAPE"
    assert facility["facilityAlsoKnownAs"][0]["registeredId"] == "9506000134352"
    (claim,) = subject(document)["conformityClaim"]
    assert claim["conformityEvidence"]["linkType"] == untp.LINK_DCC


def test_dfr_without_qualification():
    document = untp.build_dfr(f.dfr_data(qualification=None, lat=None, lon=None))
    assert "conformityClaim" not in subject(document)
    assert "locationInformation" not in subject(document)["facility"]
