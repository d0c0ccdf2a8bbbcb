"""Plain builder inputs for the UNTP builder tests: a knitted jumper with two components, three
steps (one at a consenting supplier's site with a conformity credential, one unnamed, one
without a site), a footprint and recycled content; a conformity and a facility record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from filiera.passports.engine import untp
from filiera.passports.engine.untp_data import (
    Area,
    Component,
    ConformityData,
    Event,
    Facility,
    FacilityData,
    Fibre,
    Footprint,
    Link,
    Party,
    Process,
    ProductPassportData,
    Qualification,
    Standard,
    Step,
)

SITE = "http://127.0.0.1:8000"
DL = "http://127.0.0.1:8000/01/09506000134352"
PAGE = DL
VAT_SCHEME = ("https://ec.europa.eu/taxation_customs/vies/", "EU VAT number (VIES)")
FACILITY_SCHEME = (f"{SITE}/sites/", "Filiera facility ID")

BRAND = Party(f"{SITE}/firms/3/", "Lanificio Gamma S.p.A.", "IT00000010030", *VAT_SCHEME)
SUPPLIER = Party(f"{SITE}/firms/1/", "Maglificio Alfa S.r.l.", "IT00000010012", *VAT_SCHEME)
DISTRICT = Party(f"{SITE}/d/carpi/", "Distretto di Carpi")
METHODOLOGY = Standard(f"{SITE}/methodologies/filiera-base/1/", "Filiera base v1", DISTRICT)
DCC_LINK = Link(
    f"{SITE}/credentials/5b0f7a4c-0f4e-4c59-9d64-0d8f7c1e2a33",
    "Conformity credential of facility IT-000001",
    untp.LINK_DCC,
    "a" * 64,
)
DFR_LINK = Link(
    f"{SITE}/credentials/7c2e1d3a-9a8b-4f5e-8c7d-6b5a4e3d2c1b",
    "Facility record IT-000001",
    untp.LINK_DFR,
    "b" * 64,
)
QUALIFICATION = Qualification(
    claim_id=f"{DL}#qualification-IT-000001",
    process="Knitting",
    facility_id="IT-000001",
    methodology=METHODOLOGY,
    grade="B",
    overall=78.5,
    assessed_on=date(2025, 3, 1),
    valid_until=date(2026, 3, 1),
    conformance=True,
    credential=DCC_LINK,
)
KNITTING = Step(
    process="Knitting",
    country="IT",
    facility_id="IT-000001",
    facility_url=f"{SITE}/sites/IT-000001/",
    facility_name="Maglificio Alfa S.r.l. · sede",
    operator="Maglificio Alfa S.r.l.",
    started_on=date(2025, 4, 1),
    finished_on=date(2025, 4, 10),
    facility_record=DFR_LINK,
)
DYEING = Step(process="Dyeing", country="IT", facility_id="IT-000002")
SPINNING = Step(process="Spinning", country="CN")


def dpp_data(**changes) -> ProductPassportData:
    data = ProductPassportData(
        granularity="model",
        product_id=DL,
        name="Wool jumper",
        mass_kg=0.35,
        page_url=PAGE,
        description="A knitted jumper in merino wool.",
        gtin="09506000134352",
        commodity_code="61101100",
        category="Jumper",
        producer=BRAND,
        produced_at=KNITTING,
        country_of_production="IT",
        image=Link(f"{SITE}/media/products/1/front.jpg", "Front view", untp.GS1_PIP),
        further_information=(Link(PAGE, "Passport page", untp.GS1_PIP),),
        components=(
            Component("Body", (Fibre("1", 1, "wool", 80.0), Fibre("37", 37, "polyamide", 20.0))),
            Component("Rib", (Fibre("1", 1, "wool", 100.0),)),
        ),
        recycled_pre_consumer=10.0,
        recycled_post_consumer=5.0,
        substances=("Dimethylformamide",),
        footprint=Footprint(
            score=912.4,
            unit="µPt",
            method=Standard(
                "https://ecobalyse.beta.gouv.fr",
                "Ecobalyse textile method v7.0.0",
                Party("https://ecobalyse.beta.gouv.fr", "Ecobalyse, Ministère / ADEME"),
            ),
            version="7.0.0",
            computed_on=date(2025, 4, 12),
            licence="Licence Ouverte / Etalab 2.0",
        ),
        steps=(SPINNING, KNITTING, DYEING),
        qualifications=(QUALIFICATION,),
        care="Hand wash at 30 °C. Dry flat.",
        durability="Spare buttons included; the brand repairs seams for free.",
        end_of_life="Give it to a textile collection point.",
    )
    return replace(data, **changes)


def batch_data() -> ProductPassportData:
    event = Event(date(2025, 4, 5), f"{DL}/10/LOT1#events", "2025-04-05 · Knitting")
    return dpp_data(
        granularity="batch",
        product_id=f"{DL}/10/LOT1",
        batch_number="LOT1",
        production_date=date(2025, 4, 12),
        steps=(SPINNING, replace(KNITTING, events=(event,)), DYEING),
    )


def item_data() -> ProductPassportData:
    return replace(
        batch_data(), granularity="item", product_id=f"{DL}/10/LOT1/21/0007", serial_number="0007"
    )


def bare_data() -> ProductPassportData:
    """The least a passport can have: a name, a mass, no GTIN."""
    return ProductPassportData(
        granularity="model",
        product_id=f"{SITE}/passports/5b0f7a4c-0f4e-4c59-9d64-0d8f7c1e2a34/",
        name="Plain scarf",
        mass_kg=0.1,
        page_url=f"{SITE}/passports/5b0f7a4c-0f4e-4c59-9d64-0d8f7c1e2a34/",
    )


FACILITY = Facility(
    f"{SITE}/sites/IT-000001/", "IT-000001", "Maglificio Alfa S.r.l. · sede", *FACILITY_SCHEME, "IT"
)


def dcc_data(**changes) -> ConformityData:
    data = ConformityData(
        attestation_id=f"{SITE}/sites/IT-000001/#qualification-7",
        assessor=DISTRICT,
        firm=SUPPLIER,
        facility=FACILITY,
        scheme=METHODOLOGY,
        scheme_version="1",
        scheme_description="Sustainability self-assessment for small textile firms.",
        scheme_valid_from=date(2024, 1, 1),
        assessed_on=date(2025, 3, 1),
        valid_until=date(2026, 3, 1),
        verified_on=date(2025, 3, 10),
        grade="B",
        overall=78.5,
        status="qualified",
        conformance=True,
        areas=(
            Area("environment", "Environment", 81.0, "B", "environment.emissions", True),
            Area("social", "Social and labour", 90.0, "A", "social.labour", True),
            Area("traceability", "Traceability", None, "", "governance.transparency", True),
        ),
    )
    return replace(data, **changes)


def dfr_data(**changes) -> FacilityData:
    data = FacilityData(
        facility=FACILITY,
        operator=SUPPLIER,
        process_scheme_id=f"{SITE}/processes/",
        process_scheme_name="Filiera textile processes",
        lat=44.78,
        lon=10.88,
        street_address="Via Roma 1",
        postal_code="41012",
        locality="Carpi",
        region="MO",
        processes=(Process("MU.KNIT_TO_SHAPE", "Knitting to shape"),),
        also_known_as=(
            Party(
                "https://id.gs1.org/414/9506000134352",
                "Maglificio Alfa",
                "9506000134352",
                "https://id.gs1.org/414/",
                "GS1 Global Location Number (GLN)",
            ),
        ),
        qualification=replace(QUALIFICATION, claim_id=f"{SITE}/sites/IT-000001/#claim"),
    )
    return replace(data, **changes)
