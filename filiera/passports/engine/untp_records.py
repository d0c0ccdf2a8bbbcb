"""UNTP 0.6.1 Digital Conformity Credential and Digital Facility Record from plain data (see
``untp.py`` for what the builders return)."""

from __future__ import annotations

from typing import Any

from filiera.passports.engine.untp_common import (
    ASSESSMENT_LEVEL,
    ASSESSOR_LEVEL,
    ATTESTATION_TYPE,
    OVERALL_TOPIC,
    PERCENT,
    day,
    envelope,
    facility_ref,
    metric,
    part_id,
    party,
    qualification_claim,
    standard,
)
from filiera.passports.engine.untp_data import Area, ConformityData, FacilityData

# Digital Conformity Credential -------------------------------------------------------------


def _assessment(
    data: ConformityData,
    suffix: str,
    name: str,
    topic: str,
    conformance: bool,
    declared: list[dict[str, Any]],
    description: str = "",
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": ["ConformityAssessment", "Declaration"],
        "id": part_id(data.attestation_id, suffix),
        "name": name,
    }
    if description:
        result["description"] = description
    result["assessmentDate"] = day(data.assessed_on)
    result["referenceStandard"] = standard(data.scheme)
    if declared:
        result["declaredValue"] = declared
    result["conformance"] = conformance
    result["conformityTopic"] = topic
    result["assessedFacility"] = [{"facility": facility_ref(data.facility)}]
    result["assessedOrganisation"] = party(data.firm, scheme=False)
    return result


def _area_assessment(data: ConformityData, area: Area) -> dict[str, Any]:
    declared = [metric(f"{area.name} score", area.score or 0, PERCENT, area.grade)]
    return _assessment(data, f"area-{area.code}", area.name, area.topic, area.conformance, declared)


def build_dcc(data: ConformityData) -> dict[str, Any]:
    """The conformity credential of a site: its firm's verified qualification."""
    overall = f"overall score {data.overall:g}/100, " if data.overall is not None else ""
    verified = f", verified on {day(data.verified_on)}" if data.verified_on else ""
    summary = (
        f"Grade {data.grade} ({data.status}), {overall}under {data.scheme.name} "
        f"version {data.scheme_version}, assessed on {day(data.assessed_on)}{verified}. "
        f"Valid until {day(data.valid_until)}."
    )
    declared = (
        [metric("Overall score", data.overall, PERCENT, data.grade)]
        if data.overall is not None
        else []
    )
    assessments = [
        _assessment(
            data,
            "overall",
            "Overall qualification",
            OVERALL_TOPIC,
            data.conformance,
            declared,
            summary,
        )
    ]
    assessments.extend(_area_assessment(data, a) for a in data.areas if a.score is not None)
    subject: dict[str, Any] = {
        "type": ["ConformityAttestation", "Attestation"],
        "id": data.attestation_id,
        "name": f"Sustainability qualification of {data.facility.name}: grade {data.grade}",
        "assessorLevel": ASSESSOR_LEVEL,
        "assessmentLevel": ASSESSMENT_LEVEL,
        "attestationType": ATTESTATION_TYPE,
        "description": f"{data.assessor.name} verified the sustainability self-assessment of "
        f"{data.firm.name}. {summary}",
        "issuedToParty": party(data.firm, scheme=False),
        "scope": {
            "type": ["ConformityScheme"],
            "id": data.scheme.id,
            "name": data.scheme.name,
            "description": data.scheme_description or data.scheme.name,
            "version": data.scheme_version,
            "validFrom": day(data.scheme_valid_from),
            "owner": party(data.scheme.issuer, scheme=False),
        },
        "assessment": assessments,
    }
    return envelope("dcc", subject)


# Digital Facility Record -------------------------------------------------------------------


def build_dfr(data: FacilityData) -> dict[str, Any]:
    """The facility record of a site: where it is, who runs it, what it does."""
    facility: dict[str, Any] = {"type": ["Facility"], **facility_ref(data.facility)}
    if data.description:
        facility["description"] = data.description
    if data.facility.country:
        facility["countryOfOperation"] = data.facility.country
    if data.processes:
        facility["processCategory"] = [
            {
                "type": ["Classification"],
                "id": f"{data.process_scheme_id}{process.code}",
                "code": process.code,
                "name": process.name,
                "schemeID": data.process_scheme_id,
                "schemeName": data.process_scheme_name,
            }
            for process in data.processes
        ]
    facility["operatedByParty"] = party(data.operator)
    if data.also_known_as:
        facility["facilityAlsoKnownAs"] = [party(other) for other in data.also_known_as]
    if data.lat is not None and data.lon is not None:
        facility["locationInformation"] = {
            "geoLocation": {"type": "Point", "coordinates": [data.lon, data.lat]}
        }
    address = {
        key: value
        for key, value in (
            ("streetAddress", data.street_address),
            ("postalCode", data.postal_code),
            ("addressLocality", data.locality),
            ("addressRegion", data.region),
            ("addressCountry", data.facility.country),
        )
        if value
    }
    if address:
        facility["address"] = address
    subject: dict[str, Any] = {"type": ["FacilityRecord"], "facility": facility}
    if data.qualification is not None:
        subject["conformityClaim"] = [qualification_claim(data.qualification)]
    return envelope("dfr", subject)
