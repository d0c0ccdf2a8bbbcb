"""The plain data the UNTP builders (``untp.py``) take: no Django, no models.

``filiera.passports.gather`` fills these from the database and decides what a public credential
may say; the builders only shape them into UNTP 0.6.1 credentials. Every identifier called ``id``
or ``url`` is an absolute URI. Dates are ``datetime.date``; shares are percentages (0 to 100).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Party:
    """A firm, a district or another organisation, identified by a URI."""

    id: str
    name: str
    registered_id: str = ""  # e.g. the VAT number
    scheme_id: str = ""  # the register the id belongs to (a URI)
    scheme_name: str = ""


@dataclass(frozen=True)
class Link:
    """A link to another resource; ``digest`` (SHA-256, hex) makes it a secure link to a signed
    credential: the hash of the credential's compact JWT."""

    url: str
    name: str
    type: str
    digest: str = ""


@dataclass(frozen=True)
class Standard:
    """A method, a methodology or a regulation that a claim refers to."""

    id: str
    name: str
    issuer: Party
    issued_on: date | None = None


@dataclass(frozen=True)
class Fibre:
    """One fibre of a component: ``key`` and ``number`` of the EU textile labelling list
    (Regulation (EU) No 1007/2011, Annex I), its English name and its share of the component."""

    key: str
    number: int
    name: str
    percent: float


@dataclass(frozen=True)
class Component:
    name: str
    fibres: tuple[Fibre, ...]


@dataclass(frozen=True)
class Footprint:
    """The product's environmental cost by the footprint method: a single score (points), not a
    carbon footprint."""

    score: float
    unit: str
    method: Standard
    version: str
    computed_on: date
    licence: str = ""


@dataclass(frozen=True)
class Event:
    """A batch passing through a step: public passports show the date and the step only."""

    occurred_on: date
    url: str  # where a person reads about it (the passport page)
    label: str


@dataclass(frozen=True)
class Step:
    """One step of the value chain. ``facility_name`` and ``operator`` are empty unless the
    supplier consented to be named in passports."""

    process: str
    country: str = ""
    facility_id: str = ""  # the Filiera facility id of the site
    facility_url: str = ""  # the site's URI on the platform
    facility_name: str = ""
    operator: str = ""
    started_on: date | None = None
    finished_on: date | None = None
    facility_record: Link | None = None  # the site's Digital Facility Record
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Qualification:
    """A supplier site's verified qualification, as a claim of the passport backed by the site's
    Digital Conformity Credential (``credential``)."""

    claim_id: str
    process: str
    facility_id: str
    methodology: Standard
    grade: str
    overall: float | None
    assessed_on: date
    valid_until: date
    conformance: bool
    credential: Link


@dataclass(frozen=True)
class ProductPassportData:
    granularity: str  # "model", "batch" or "item"
    product_id: str  # the Digital Link URI, or the passport page when there is no GTIN
    name: str
    mass_kg: float
    page_url: str  # the human-readable passport page
    description: str = ""
    gtin: str = ""  # 14 digits
    batch_number: str = ""
    serial_number: str = ""
    commodity_code: str = ""
    category: str = ""  # the product category in words (e.g. "T-shirt / polo")
    producer: Party | None = None
    produced_at: Step | None = None  # the making step, when done at a known site
    production_date: date | None = None
    country_of_production: str = ""
    image: Link | None = None
    further_information: tuple[Link, ...] = ()
    components: tuple[Component, ...] = ()
    recycled_pre_consumer: float | None = None
    recycled_post_consumer: float | None = None
    substances: tuple[str, ...] = ()
    footprint: Footprint | None = None
    steps: tuple[Step, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    care: str = ""
    durability: str = ""
    end_of_life: str = ""
    due_diligence: Link | None = None


@dataclass(frozen=True)
class Area:
    """One area of a qualification: its score (0 to 100, None when nothing applied), grade, and the
    UN/CEFACT sustainability topic it belongs to."""

    code: str
    name: str
    score: float | None
    grade: str
    topic: str
    conformance: bool


@dataclass(frozen=True)
class Facility:
    id: str  # the facility's URI on the platform
    facility_id: str  # the Filiera facility id
    name: str
    scheme_id: str
    scheme_name: str
    country: str = ""


@dataclass(frozen=True)
class ConformityData:
    """A verified qualification of a supplier's site, for a Digital Conformity Credential."""

    attestation_id: str
    assessor: Party  # the district that verified it
    firm: Party  # the supplier
    facility: Facility
    scheme: Standard  # the methodology (name, owner)
    scheme_version: str
    scheme_description: str
    scheme_valid_from: date
    assessed_on: date
    valid_until: date
    grade: str
    overall: float | None
    status: str  # in words: "qualified", "qualified with improvement plan", "not qualified"
    conformance: bool
    areas: tuple[Area, ...] = ()
    verified_on: date | None = None


@dataclass(frozen=True)
class Process:
    code: str
    name: str


@dataclass(frozen=True)
class FacilityData:
    """A site, for a Digital Facility Record."""

    facility: Facility
    operator: Party
    process_scheme_id: str
    process_scheme_name: str
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    street_address: str = ""
    postal_code: str = ""
    locality: str = ""
    region: str = ""
    processes: tuple[Process, ...] = field(default_factory=tuple)
    # The same site in other registers (GLN, Open Supply Hub), as id, name and registered id.
    also_known_as: tuple[Party, ...] = ()
    qualification: Qualification | None = None
