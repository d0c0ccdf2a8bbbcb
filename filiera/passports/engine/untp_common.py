"""Shared pieces of the UNTP 0.6.1 builders (``untp.py``, ``untp_records.py``): contexts,
vocabularies and the small objects every credential uses (parties, links, standards, claims)."""

from __future__ import annotations

from datetime import date
from typing import Any

from filiera.passports.engine.untp_data import Facility, Link, Party, Qualification, Standard

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
UNTP_VERSION = "0.6.1"
CONTEXTS = {
    kind: f"https://test.uncefact.org/vocabulary/untp/{kind}/{UNTP_VERSION}/"
    for kind in ("dpp", "dcc", "dfr")
}
TYPES = {
    "dpp": "DigitalProductPassport",
    "dcc": "DigitalConformityCredential",
    "dfr": "DigitalFacilityRecord",
}

# Link types: UNTP's for credentials, GS1's web vocabulary for pages a person reads.
LINK_DCC = "https://test.uncefact.org/vocabulary/linkTypes/dcc"
LINK_DFR = "https://test.uncefact.org/vocabulary/linkTypes/dfr"
LINK_DPP = "https://test.uncefact.org/vocabulary/linkTypes/dpp"
GS1_PIP = "https://gs1.org/voc/pip"
GS1_INSTRUCTIONS = "https://gs1.org/voc/instructions"
GS1_RECYCLING = "https://gs1.org/voc/recyclingInfo"
GS1_SUSTAINABILITY = "https://gs1.org/voc/sustainabilityInfo"
GS1_TRACEABILITY = "https://gs1.org/voc/traceability"
GS1_SAFETY = "https://gs1.org/voc/safetyInfo"

GTIN_SCHEME = {
    "type": ["IdentifierScheme"],
    "id": "https://id.gs1.org/01/",
    "name": "Global Trade Item Number (GTIN)",
}
# UNECE Recommendation 20 unit codes.
KILOGRAM = "KGM"
PERCENT = "P1"
ONE = "C62"  # a plain number: the footprint's single score has no physical unit

FIBRE_SCHEME_ID = "https://eur-lex.europa.eu/eli/reg/2011/1007/oj"
FIBRE_SCHEME_NAME = "Textile fibre names, Regulation (EU) No 1007/2011, Annex I"
SUBSTANCES_INFO = "https://echa.europa.eu/candidate-list-table"
TARIC = "https://ec.europa.eu/taxation_customs/dds2/taric/measures.jsp?Lang=en&Taric="
COMMODITY_SCHEMES = {
    6: ("https://www.wcoomd.org/en/topics/nomenclature.aspx", "Harmonized System (HS)", "HS"),
    8: (
        "https://taxation-customs.ec.europa.eu/customs-4/calculation-customs-duties/"
        "customs-tariff/combined-nomenclature_en",
        "Combined Nomenclature (CN) of the European Union",
        "CN",
    ),
    10: ("https://ec.europa.eu/taxation_customs/dds2/taric/", "TARIC", "TARIC"),
}

# Who assesses a district's qualification: the district, an association its firms belong to,
# verifies the firm's own assessment.
ASSESSOR_LEVEL = "Membership"
ASSESSMENT_LEVEL = "Verified"
ATTESTATION_TYPE = "verification"
OVERALL_TOPIC = "governance.compliance"


# Small pieces --------------------------------------------------------------------------------


def day(value: date) -> str:
    return value.isoformat()


def number(value: float) -> float:
    """Rounded for the credential: shares and scores to 2 decimals, no float noise."""
    return round(float(value), 4)


def measure(value: float, unit: str) -> dict[str, Any]:
    return {"value": number(value), "unit": unit}


def metric(name: str, value: float, unit: str, score: str = "") -> dict[str, Any]:
    metric: dict[str, Any] = {"metricName": name, "metricValue": measure(value, unit)}
    if score:
        metric["score"] = score
    return metric


def party(value: Party, *, scheme: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {"id": value.id, "name": value.name}
    if value.registered_id:
        result["registeredId"] = value.registered_id
        if scheme and value.scheme_id:
            result["idScheme"] = {
                "type": ["IdentifierScheme"],
                "id": value.scheme_id,
                "name": value.scheme_name,
            }
    return result


def link(value: Link) -> dict[str, Any]:
    return {"linkURL": value.url, "linkName": value.name, "linkType": value.type}


def secure_link(value: Link) -> dict[str, Any]:
    result = link(value)
    if value.digest:
        result["hashDigest"] = value.digest
        result["hashMethod"] = "SHA-256"
    return result


def standard(value: Standard) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": ["Standard"],
        "id": value.id,
        "name": value.name,
        "issuingParty": party(value.issuer, scheme=False),
    }
    if value.issued_on:
        result["issueDate"] = day(value.issued_on)
    return result


def claim(claim_id: str, topic: str, conformance: bool, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"type": ["Claim", "Declaration"], "id": claim_id}
    result.update({key: value for key, value in fields.items() if value})
    result["conformance"] = conformance
    result["conformityTopic"] = topic
    return result


def part_id(base: str, suffix: str) -> str:
    """An id for a part of what ``base`` identifies: a fragment, or a longer one."""
    return f"{base}{'-' if '#' in base else '#'}{suffix}"


def envelope(kind: str, subject: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": [VC_CONTEXT, CONTEXTS[kind]],
        "type": [TYPES[kind], "VerifiableCredential"],
        "credentialSubject": subject,
    }


def facility_ref(value: Facility) -> dict[str, Any]:
    return {
        "id": value.id,
        "name": value.name,
        "registeredId": value.facility_id,
        "idScheme": {
            "type": ["IdentifierScheme"],
            "id": value.scheme_id,
            "name": value.scheme_name,
        },
    }


def qualification_claim(value: Qualification, where: str = "") -> dict[str, Any]:
    overall = f", overall score {value.overall:g}/100" if value.overall is not None else ""
    description = (
        f"Verified sustainability qualification of facility {value.facility_id}{where}: grade "
        f"{value.grade}{overall} under {value.methodology.name}, assessed on "
        f"{day(value.assessed_on)}, valid until {day(value.valid_until)}."
    )
    declared = (
        [metric("Overall score", value.overall, PERCENT, value.grade)]
        if value.overall is not None
        else []
    )
    return claim(
        value.claim_id,
        OVERALL_TOPIC,
        value.conformance,
        description=description,
        referenceStandard=standard(value.methodology),
        assessmentDate=day(value.assessed_on),
        declaredValue=declared,
        conformityEvidence=secure_link(value.credential),
    )
