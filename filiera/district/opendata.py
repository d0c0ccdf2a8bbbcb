"""The public directory as open data: CSV rows and a JSON-LD graph, from plain data.

No Django here: the views turn each ``ShowcaseEntry`` (published data only) into a
:class:`Listing` with its addresses already made, and these functions shape the files.

The JSON-LD carries its own ``@context`` mapping every term to a full IRI (schema.org for the
firms, UNTP 0.6.1 core for the facilities, GeoJSON for points), so it expands without fetching
anything. Firms are schema.org ``Organization`` nodes; each published place of a firm is a UNTP
``Facility`` node operated by it. Node ids are stable addresses: ``<firm page>#organization``
and ``<firm page>#place-<municipality ISTAT code>`` (``#place-<country>`` abroad; a second
place in the same municipality gets ``-<n>`` after it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"

CSV_COLUMNS = (
    "firm_id",
    "name",
    "url",
    "grade",
    "qualification",
    "certificates",
    "processes",
    "municipalities",
    "website",
    "updated",
)

SCHEMA = "https://schema.org/"
UNTP_CORE = "https://test.uncefact.org/vocabulary/untp/core/0/"
GEOJSON = "https://purl.org/geojson/vocab#"
XSD = "http://www.w3.org/2001/XMLSchema#"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Process:
    code: str
    name: str


@dataclass(frozen=True)
class Certificate:
    code: str
    name: str
    valid_until: str = ""  # ISO date, "" when open-ended


@dataclass(frozen=True)
class Place:
    """A published place of a firm: the municipality (or only the country, abroad) and a
    point rounded to about 1 km. Site names and addresses are never public."""

    name: str  # as shown, e.g. "Carpi (MO)"
    locality: str = ""  # the municipality's name
    code: str = ""  # the municipality's ISTAT code
    country: str = ""  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Listing:
    """One firm of the public directory, as published."""

    firm_id: int
    name: str
    page_url: str  # the firm's public page in the file's language
    id_base: str  # the firm's Italian public page: the base of its stable ids
    url_it: str  # the firm's Italian public page (the CSV's url column)
    updated: datetime
    website: str = ""
    grade: str = ""
    qualification: str = ""
    certificates: tuple[Certificate, ...] = ()
    processes: tuple[Process, ...] = ()
    places: tuple[Place, ...] = field(default_factory=tuple)

    @property
    def municipalities(self) -> list[str]:
        seen: dict[str, None] = {}
        for place in self.places:
            if place.locality:
                seen.setdefault(place.locality, None)
        return list(seen)

    def place_keys(self) -> list[str]:
        """A stable key per place: its municipality code (or country), numbered on repeats."""
        keys: list[str] = []
        for number, place in enumerate(self.places, start=1):
            key = place.code or place.country.lower() or str(number)
            while key in keys:
                key = f"{key}-{number}"
            keys.append(key)
        return keys


@dataclass(frozen=True)
class Dataset:
    """What the file is: the district's directory, its address, who publishes it."""

    url: str  # the file's own address
    name: str
    publisher: str
    page_url: str  # the open-data page that describes it
    process_scheme_id: str
    process_scheme_name: str
    modified: datetime | None = None


# CSV -----------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_row(listing: Listing) -> list[str]:
    certificates = "|".join(
        f"{c.code}:{c.valid_until}" if c.valid_until else c.code for c in listing.certificates
    )
    return [
        str(listing.firm_id),
        _cell(listing.name),
        listing.url_it,
        listing.grade,
        listing.qualification,
        certificates,
        "|".join(p.code for p in listing.processes),
        _cell("|".join(listing.municipalities)),
        _cell(listing.website),
        listing.updated.isoformat(timespec="seconds"),
    ]


# JSON-LD -------------------------------------------------------------------------------------


def _iri(
    term: str,
    kind: str | None = None,
    *,
    context: dict[str, Any] | None = None,
    container: str | None = None,
) -> dict[str, Any]:
    """A term definition: its IRI, and the value's type, scoped context and container."""
    found: dict[str, Any] = {"@id": term}
    if kind:
        found["@type"] = kind
    if container:
        found["@container"] = container
    if context:
        found["@context"] = context
    return found


def _text(term: str) -> dict[str, Any]:
    return _iri(term, f"{XSD}string")


_POINT_TERMS: dict[str, Any] = {
    "type": _text(f"{GEOJSON}type"),
    "coordinates": _iri(f"{GEOJSON}coordinates", f"{XSD}double", container="@list"),
}

# Terms inside a UNTP Facility; the IRIs are those of the UNTP 0.6.1 DFR context
# (``operatedByParty`` is ``untp-core:Party`` there, and here too).
_FACILITY_TERMS: dict[str, Any] = {
    "name": f"{SCHEMA}name",
    "registeredId": _text(f"{UNTP_CORE}registeredId"),
    "countryOfOperation": _text(f"{UNTP_CORE}countryOfOperation"),
    "processCategory": _iri(f"{UNTP_CORE}processCategory", "@id"),
    "operatedByParty": _iri(f"{UNTP_CORE}Party", "@id", context={"name": f"{SCHEMA}name"}),
    "locationInformation": _iri(
        f"{UNTP_CORE}locationInformation",
        context={"geoLocation": _iri(f"{GEOJSON}geoLocation", context=_POINT_TERMS)},
    ),
    "address": _iri(
        f"{UNTP_CORE}address",
        context={
            "addressLocality": _text(f"{UNTP_CORE}addressLocality"),
            "addressCountry": _text(f"{UNTP_CORE}addressCountry"),
        },
    ),
}

_CLASSIFICATION_TERMS: dict[str, Any] = {
    "code": _text(f"{UNTP_CORE}code"),
    "name": f"{SCHEMA}name",
    "schemeID": _text(f"{UNTP_CORE}schemeID"),
    "schemeName": _text(f"{UNTP_CORE}schemeName"),
}

CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "id": "@id",
    "type": "@type",
    "Dataset": f"{SCHEMA}Dataset",
    "Organization": f"{SCHEMA}Organization",
    "PostalAddress": f"{SCHEMA}PostalAddress",
    "EducationalOccupationalCredential": f"{SCHEMA}EducationalOccupationalCredential",
    "DefinedTerm": f"{SCHEMA}DefinedTerm",
    "name": f"{SCHEMA}name",
    "url": _iri(f"{SCHEMA}url", "@id"),
    "sameAs": _iri(f"{SCHEMA}sameAs", "@id"),
    "license": _iri(f"{SCHEMA}license", "@id"),
    "publisher": f"{SCHEMA}publisher",
    "dateModified": _iri(f"{SCHEMA}dateModified", f"{XSD}dateTime"),
    "address": f"{SCHEMA}address",
    "addressLocality": f"{SCHEMA}addressLocality",
    "hasCredential": f"{SCHEMA}hasCredential",
    "credentialCategory": f"{SCHEMA}credentialCategory",
    "identifier": f"{SCHEMA}identifier",
    "expires": _iri(f"{SCHEMA}expires", f"{XSD}date"),
    "knowsAbout": f"{SCHEMA}knowsAbout",
    "termCode": f"{SCHEMA}termCode",
    "inDefinedTermSet": _iri(f"{SCHEMA}inDefinedTermSet", "@id"),
    "Facility": _iri(f"{UNTP_CORE}Facility", context=_FACILITY_TERMS),
    "Classification": _iri(f"{UNTP_CORE}Classification", context=_CLASSIFICATION_TERMS),
}


def organization_id(listing: Listing) -> str:
    return f"{listing.id_base}#organization"


def place_id(listing: Listing, key: str) -> str:
    return f"{listing.id_base}#place-{key}"


def organization(listing: Listing, dataset: Dataset) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": organization_id(listing),
        "type": "Organization",
        "name": listing.name,
        "url": listing.page_url,
    }
    if listing.website:
        node["sameAs"] = listing.website
    if listing.municipalities:
        node["address"] = [
            {"type": "PostalAddress", "addressLocality": name} for name in listing.municipalities
        ]
    if listing.certificates:
        node["hasCredential"] = [_credential(c) for c in listing.certificates]
    if listing.processes:
        node["knowsAbout"] = [
            {
                "type": "DefinedTerm",
                "termCode": p.code,
                "name": p.name,
                "inDefinedTermSet": dataset.process_scheme_id,
            }
            for p in listing.processes
        ]
    return node


def _credential(certificate: Certificate) -> dict[str, Any]:
    node: dict[str, Any] = {
        "type": "EducationalOccupationalCredential",
        "credentialCategory": "certification",
        "identifier": certificate.code,
        "name": certificate.name,
    }
    if certificate.valid_until:
        node["expires"] = certificate.valid_until
    return node


def _classification(process: Process, dataset: Dataset) -> dict[str, Any]:
    return {
        "type": ["Classification"],
        "id": f"{dataset.process_scheme_id}{process.code}",
        "code": process.code,
        "name": process.name,
        "schemeID": dataset.process_scheme_id,
        "schemeName": dataset.process_scheme_name,
    }


def facility(listing: Listing, place: Place, key: str, dataset: Dataset) -> dict[str, Any]:
    """A UNTP Facility (field names of the 0.6.1 FacilityRecord schema) for one place."""
    node: dict[str, Any] = {
        "id": place_id(listing, key),
        "type": ["Facility"],
        "name": f"{listing.name} · {place.name}" if place.name else listing.name,
    }
    if place.country:
        node["countryOfOperation"] = place.country
    if listing.processes:
        node["processCategory"] = [_classification(p, dataset) for p in listing.processes]
    node["operatedByParty"] = {"id": organization_id(listing), "name": listing.name}
    if place.lat is not None and place.lon is not None:
        node["locationInformation"] = {
            "geoLocation": {"type": "Point", "coordinates": [place.lon, place.lat]}
        }
    address = {
        key: value
        for key, value in (("addressLocality", place.locality), ("addressCountry", place.country))
        if value
    }
    if address:
        node["address"] = address
    return node


def dataset_node(dataset: Dataset) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": dataset.url,
        "type": "Dataset",
        "name": dataset.name,
        "url": dataset.page_url,
        "license": LICENCE_URL,
        "publisher": {"type": "Organization", "name": dataset.publisher},
    }
    if dataset.modified is not None:
        node["dateModified"] = dataset.modified.isoformat(timespec="seconds")
    return node


def graph(listings: Iterable[Listing], dataset: Dataset) -> dict[str, Any]:
    """The whole file: the dataset, then each firm followed by its places."""
    nodes: list[dict[str, Any]] = [dataset_node(dataset)]
    for listing in listings:
        nodes.append(organization(listing, dataset))
        nodes.extend(
            facility(listing, place, key, dataset)
            for place, key in zip(listing.places, listing.place_keys(), strict=True)
        )
    return {"@context": CONTEXT, "@graph": nodes}
