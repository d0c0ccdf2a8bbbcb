"""UNTP 0.6.1 credentials from plain data: Digital Product Passport, Digital Conformity
Credential and Digital Facility Record.

The builders return the unsigned credential without ``id``, ``issuer``, ``validFrom``,
``validUntil`` and ``credentialStatus``: signing fills those. Each result validates against the
UNTP JSON Schema of its kind and, read as JSON-LD with the W3C and UNTP contexts, uses only
defined terms. That decides where textile data go:

- fibres by component: ``materialsProvenance`` (one entry per fibre of a component, its EU
  labelling name as a classification; the mass fraction of the product only when the product has
  a single component, since components have no weights), substances of concern as hazardous
  materials (name only);
- recycled content: ``circularityScorecard.recycledContent`` and a ``circularity.content`` claim;
- care, durability and repair, end of life: links to the passport page whose names carry the
  texts (``furtherInformation``, ``repairInformation``, ``recyclingInformation``);
- the footprint: a claim with its method, version and attribution as the reference standard. The
  footprint method gives a single score in points, not kg CO2e, so there is no
  ``emissionsScorecard``;
- each step: ``traceabilityInformation`` named by its process, with links to the step on the
  passport page, to the site's facility record and to the batch's events;
- each verified supplier qualification: a claim whose evidence is the site's conformity
  credential.
"""

from __future__ import annotations

from typing import Any

from filiera.passports.engine.untp_common import (
    COMMODITY_SCHEMES,
    FIBRE_SCHEME_ID,
    FIBRE_SCHEME_NAME,
    GS1_INSTRUCTIONS,
    GS1_PIP,
    GS1_RECYCLING,
    GS1_SAFETY,
    GS1_SUSTAINABILITY,
    GS1_TRACEABILITY,
    GTIN_SCHEME,
    KILOGRAM,
    LINK_DCC,
    LINK_DFR,
    LINK_DPP,
    ONE,
    OVERALL_TOPIC,
    PERCENT,
    SUBSTANCES_INFO,
    TARIC,
    claim,
    day,
    envelope,
    link,
    measure,
    metric,
    number,
    part_id,
    party,
    qualification_claim,
    secure_link,
    standard,
)
from filiera.passports.engine.untp_data import (
    Footprint,
    Link,
    ProductPassportData,
    Step,
)
from filiera.passports.engine.untp_records import build_dcc, build_dfr

__all__ = [
    "GS1_INSTRUCTIONS",
    "GS1_PIP",
    "GS1_RECYCLING",
    "GS1_SAFETY",
    "GS1_SUSTAINABILITY",
    "GS1_TRACEABILITY",
    "LINK_DCC",
    "LINK_DFR",
    "LINK_DPP",
    "OVERALL_TOPIC",
    "build_dcc",
    "build_dfr",
    "build_dpp",
    "commodity_classification",
    "part_id",
    "party",
    "qualification_claim",
]

# Digital Product Passport ------------------------------------------------------------------


def commodity_classification(code: str) -> dict[str, Any] | None:
    scheme = COMMODITY_SCHEMES.get(len(code))
    if scheme is None or not code.isdigit():
        return None
    scheme_id, scheme_name, short = scheme
    spaced = " ".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])
    return {
        "type": ["Classification"],
        "id": TARIC + code,
        "code": code,
        "name": f"{short} {spaced}",
        "schemeID": scheme_id,
        "schemeName": scheme_name,
    }


def _product(data: ProductPassportData) -> dict[str, Any]:
    product: dict[str, Any] = {"type": ["Product"], "id": data.product_id, "name": data.name}
    if data.gtin:
        product["registeredId"] = data.gtin
        product["idScheme"] = dict(GTIN_SCHEME)
    if data.batch_number:
        product["batchNumber"] = data.batch_number
    if data.serial_number:
        product["serialNumber"] = data.serial_number
    if data.image:
        product["productImage"] = link(data.image)
    description = data.description or (f"{data.category}." if data.category else "")
    if description:
        product["description"] = description
    category = commodity_classification(data.commodity_code) if data.commodity_code else None
    if category:
        product["productCategory"] = [category]
    further = [link(item) for item in data.further_information]
    if data.care:
        further.append(link(Link(f"{data.page_url}#care", data.care, GS1_INSTRUCTIONS)))
    if further:
        product["furtherInformation"] = further
    if data.producer:
        product["producedByParty"] = party(data.producer)
    made = data.produced_at
    if made is not None and made.facility_id and made.facility_url:
        product["producedAtFacility"] = {
            "id": made.facility_url,
            "name": made.facility_name or f"Facility {made.facility_id}",
            "registeredId": made.facility_id,
        }
    if data.production_date:
        product["productionDate"] = day(data.production_date)
    if data.country_of_production:
        product["countryOfProduction"] = data.country_of_production
    product["dimensions"] = {"weight": measure(data.mass_kg, KILOGRAM)}
    return product


def _materials(data: ProductPassportData) -> list[dict[str, Any]]:
    materials: list[dict[str, Any]] = []
    single = len(data.components) == 1
    for component in data.components:
        for fibre in component.fibres:
            name = fibre.name if single else f"{component.name}: {fibre.name}"
            entry: dict[str, Any] = {
                "name": f"{name} {fibre.percent:g} %" if not single else name,
                "materialType": {
                    "type": ["Classification"],
                    "id": f"{FIBRE_SCHEME_ID}#fibre-{fibre.key}",
                    "code": str(fibre.number),
                    "name": fibre.name,
                    "schemeID": FIBRE_SCHEME_ID,
                    "schemeName": FIBRE_SCHEME_NAME,
                },
            }
            if single:
                entry["massFraction"] = number(fibre.percent / 100)
            materials.append(entry)
    for substance in data.substances:
        materials.append(
            {
                "name": substance,
                "hazardous": True,
                "materialSafetyInformation": {
                    "linkURL": SUBSTANCES_INFO,
                    "linkName": "Substance of concern: candidate list of the EU REACH regulation",
                    "linkType": GS1_SAFETY,
                },
            }
        )
    return materials


def _footprintclaim(data: ProductPassportData, footprint: Footprint) -> dict[str, Any]:
    licence = f" Data licence: {footprint.licence}." if footprint.licence else ""
    description = (
        f"Environmental cost of one item computed with {footprint.method.name}: a single score "
        f"in {footprint.unit} that weights many environmental indicators (climate, water, "
        f"resources, toxicity…) over the whole life cycle. It is not a carbon footprint "
        f"(kg CO2e). Method and data by {footprint.method.issuer.name}.{licence}"
    )
    return claim(
        part_id(data.product_id, "environmental-cost"),
        "environment.emissions",
        True,
        description=description,
        referenceStandard=standard(footprint.method),
        assessmentDate=day(footprint.computed_on),
        declaredValue=[
            metric(f"Environmental cost ({footprint.unit} per item)", footprint.score, ONE)
        ],
    )


def _recycledclaim(data: ProductPassportData) -> dict[str, Any] | None:
    values = []
    parts = []
    for label, share in (
        ("Pre-consumer recycled content", data.recycled_pre_consumer),
        ("Post-consumer recycled content", data.recycled_post_consumer),
    ):
        if share is not None:
            values.append(metric(label, share, PERCENT))
            parts.append(f"{share:g} % {label.split(' ', 1)[0].lower()}")
    if not values:
        return None
    return claim(
        part_id(data.product_id, "recycled-content"),
        "circularity.content",
        True,
        description="Recycled content of the whole product by weight, declared by the brand: "
        + ", ".join(parts)
        + ".",
        declaredValue=values,
    )


def _step_text(step: Step) -> str:
    parts = [step.process]
    if step.facility_name:
        parts.append(
            f"{step.facility_name} ({step.operator})" if step.operator else step.facility_name
        )
    if step.facility_id:
        parts.append(f"facility {step.facility_id}")
    if step.country:
        parts.append(step.country)
    if step.started_on or step.finished_on:
        start = day(step.started_on) if step.started_on else "…"
        end = day(step.finished_on) if step.finished_on else "…"
        parts.append(f"{start} to {end}")
    return "; ".join(parts)


def _traceability(data: ProductPassportData) -> list[dict[str, Any]]:
    result = []
    for position, step in enumerate(data.steps, start=1):
        events = [
            secure_link(
                Link(f"{data.page_url}#step-{position}", _step_text(step), GS1_TRACEABILITY)
            )
        ]
        if step.facility_record is not None:
            events.append(secure_link(step.facility_record))
        events.extend(
            secure_link(Link(event.url, event.label, GS1_TRACEABILITY)) for event in step.events
        )
        result.append({"valueChainProcess": step.process, "traceabilityEvent": events})
    return result


def _circularity(data: ProductPassportData) -> dict[str, Any]:
    result: dict[str, Any] = {}
    shares = [s for s in (data.recycled_pre_consumer, data.recycled_post_consumer) if s is not None]
    if shares:
        result["recycledContent"] = number(min(sum(shares), 100) / 100)
    if data.end_of_life:
        result["recyclingInformation"] = link(
            Link(f"{data.page_url}#end-of-life", data.end_of_life, GS1_RECYCLING)
        )
    if data.durability:
        result["repairInformation"] = link(
            Link(f"{data.page_url}#durability", data.durability, GS1_INSTRUCTIONS)
        )
    return result


def build_dpp(data: ProductPassportData) -> dict[str, Any]:
    """The Digital Product Passport of a product model, a batch or an item."""
    subject: dict[str, Any] = {
        "type": ["ProductPassport"],
        "product": _product(data),
        "granularityLevel": data.granularity,
    }
    claims = []
    if data.footprint is not None:
        claims.append(_footprintclaim(data, data.footprint))
    recycled = _recycledclaim(data)
    if recycled:
        claims.append(recycled)
    for qualification in data.qualifications:
        where = f" ({qualification.process})" if qualification.process else ""
        claims.append(qualification_claim(qualification, where))
    if claims:
        subject["conformityClaim"] = claims
    if data.steps:
        subject["traceabilityInformation"] = _traceability(data)
    circularity = _circularity(data)
    if circularity:
        subject["circularityScorecard"] = circularity
    if data.due_diligence is not None:
        subject["dueDiligenceDeclaration"] = link(data.due_diligence)
    materials = _materials(data)
    if materials:
        subject["materialsProvenance"] = materials
    return envelope("dpp", subject)
