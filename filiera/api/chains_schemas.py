"""Shapes of the supply-chain API: relations, invitations, sharing consents, the shared view of
a supplier and the chain indicators.

A supplier that shares nothing with a client is never named to it: wherever the client reads,
``supplier`` is ``null`` and ``disclosed`` is false. Outputs are plain dicts built by the
``*_out`` helpers from objects whose related rows are already loaded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from filiera.api.firms import MAX_ID
from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.registry.models import Firm

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
TierNumber = Annotated[
    int,
    Field(
        ge=1,
        le=4,
        description="1 assembly and finished goods, 2 materials, 3 raw material processing, "
        "4 raw materials (as seen from the client).",
    ),
]
LevelName = Literal["none", "grade", "areas", "answers", "evidence"]
LEVEL_NAMES: dict[int, LevelName] = {
    Level.NONE: "none",
    Level.GRADE: "grade",
    Level.AREAS: "areas",
    Level.ANSWERS: "answers",
    Level.EVIDENCE: "evidence",
}
LEVELS: dict[str, int] = {name: value for value, name in LEVEL_NAMES.items()}
LEVEL_HELP = (
    "What of the qualification is shared, each level including the ones before: `none`, "
    "`grade`, `areas` (area scores), `answers`, `evidence` (answers and evidence)."
)
InvitationStatus = Literal["pending", "accepted", "refused", "cancelled"]
Processes = Field(description="Codes of the processes of the link, e.g. `MU.KNIT_TO_SHAPE`.")


class FirmRef(Schema):
    id: int
    legal_name: str


def firm_ref(firm: Firm | None) -> dict | None:
    return None if firm is None else {"id": firm.pk, "legal_name": firm.legal_name}


# Relations -----------------------------------------------------------------------------------


class RelationOut(Schema):
    id: int
    client: FirmRef
    supplier: FirmRef | None = Field(
        description="Null when the supplier shares nothing with the client reading it."
    )
    disclosed: bool = Field(description="False: the supplier shares nothing with this client.")
    tier: int
    processes: list[str]
    site: str | None = Field(
        description="Facility ID of the supplier's site doing the work; null when unknown or "
        "when the supplier does not share its sites with the client reading it."
    )
    since: date | None
    until: date | None
    active: bool = Field(description="In force today: started and not ended.")
    created_at: datetime
    updated_at: datetime


class RelationPage(Schema):
    items: list[RelationOut]
    next_cursor: str | None


class RelationPatch(Schema):
    tier: TierNumber | None = None
    processes: list[str] | None = Field(None, description="Process codes; replaces the list.")
    site: str | None = Field(
        None, description="Facility ID of one of the supplier's sites; null: unknown."
    )
    since: date | None = None
    until: date | None = None


class RelationEnd(Schema):
    until: date | None = Field(None, description="Last day of the relation; left out: today.")


def relation_out(relation: SupplyRelation, *, disclosed: bool, sites_shared: bool) -> dict:
    today = timezone.localdate()
    active = (relation.since is None or relation.since <= today) and (
        relation.until is None or relation.until >= today
    )
    site = relation.site.facility_id if relation.site is not None and sites_shared else None
    return {
        "id": relation.pk,
        "client": firm_ref(relation.client),
        "supplier": firm_ref(relation.supplier) if disclosed else None,
        "disclosed": disclosed,
        "tier": relation.tier,
        "processes": sorted(p.pk for p in relation.processes.all()),
        "site": site,
        "since": relation.since,
        "until": relation.until,
        "active": active,
        "created_at": relation.created_at,
        "updated_at": relation.updated_at,
    }


# Invitations ---------------------------------------------------------------------------------


class InvitationIn(Schema):
    vat: str = Field("", max_length=20, description="The supplier's P.IVA (or foreign VAT).")
    email: str = Field("", max_length=254, description="An e-mail address of the supplier.")
    name: str = Field("", max_length=200, description="The supplier's name, for new firms.")
    tier: TierNumber
    processes: list[str] = Field(default_factory=list, description="Process codes of the link.")
    message: str = Field("", max_length=2000, description="A note to the supplier.")
    requested_level: LevelName = Field("grade", description=LEVEL_HELP)
    requested_profile: bool = False
    requested_sites: bool = False


class InvitationOut(Schema):
    id: int
    direction: Literal["sent", "received"] = Field(
        description="`sent`: the firm in the path invites; `received`: it is invited."
    )
    client: FirmRef
    supplier: FirmRef | None = Field(
        description="The invited firm once known and sharing something with the client; "
        "null otherwise."
    )
    vat: str
    email: str
    name: str
    tier: int
    processes: list[str]
    message: str
    requested_level: LevelName
    requested_profile: bool
    requested_sites: bool
    status: InvitationStatus
    refusal_reason: str
    relation: int | None = Field(description="The relation created on acceptance.")
    created_at: datetime
    responded_at: datetime | None


class InvitationPage(Schema):
    items: list[InvitationOut]
    next_cursor: str | None


class InvitationAccept(Schema):
    site: str | None = Field(
        None, description="Facility ID of your site doing the work; left out: unknown."
    )


class InvitationRefuse(Schema):
    reason: str = Field("", max_length=2000, description="Why, for the client (optional).")


def invitation_out(invitation: SupplyInvitation, *, direction: str, disclosed: bool) -> dict:
    supplier = invitation.supplier if (direction == "received" or disclosed) else None
    return {
        "id": invitation.pk,
        "direction": direction,
        "client": firm_ref(invitation.client),
        "supplier": firm_ref(supplier),
        **{name: getattr(invitation, name) for name in INVITATION_PLAIN_FIELDS},
        "processes": sorted(p.pk for p in invitation.processes.all()),
        "requested_level": LEVEL_NAMES[invitation.requested_level],
        "relation": invitation.relation_id,
    }


INVITATION_PLAIN_FIELDS = [
    "vat", "email", "name", "tier", "message", "requested_profile", "requested_sites", "status",
    "refusal_reason", "created_at", "responded_at",
]  # fmt: skip


# Consents ------------------------------------------------------------------------------------


class ConsentRequestOut(Schema):
    level: LevelName | None
    profile: bool
    sites: bool
    message: str
    requested_at: datetime
    declined_at: datetime | None
    open: bool = Field(description="Neither granted nor declined yet.")
    beyond_vsme: bool = Field(
        description="Asks for more than the VSME datapoints (answers or evidence): the "
        "supplier may decline."
    )


class ConsentOut(Schema):
    id: int
    supplier: FirmRef
    client: FirmRef
    level: LevelName = Field(description=LEVEL_HELP)
    profile: bool
    sites: bool
    shares_anything: bool
    request: ConsentRequestOut | None = Field(description="The client's last request for more.")
    revoked_at: datetime | None
    updated_at: datetime


class ConsentPage(Schema):
    items: list[ConsentOut]
    next_cursor: str | None


class ConsentIn(Schema):
    level: LevelName = Field(description=LEVEL_HELP)
    profile: bool = Field(False, description="Share the firm's profile (size, contacts).")
    sites: bool = Field(False, description="Share the sites (places, processes).")


class SharingRequestIn(Schema):
    level: LevelName = Field(description=LEVEL_HELP)
    profile: bool = False
    sites: bool = False
    message: str = Field("", max_length=2000, description="Why you ask (optional).")


def consent_out(consent: Consent) -> dict:
    request = None
    if consent.requested_at is not None:
        request = {
            "level": None
            if consent.requested_level is None
            else LEVEL_NAMES[consent.requested_level],
            "profile": consent.requested_profile,
            "sites": consent.requested_sites,
            "message": consent.request_message,
            "requested_at": consent.requested_at,
            "declined_at": consent.request_declined_at,
            "open": consent.request_open,
            "beyond_vsme": consent.request_beyond_vsme,
        }
    return {
        "id": consent.pk,
        "supplier": firm_ref(consent.supplier),
        "client": firm_ref(consent.client),
        "level": LEVEL_NAMES[consent.level],
        "profile": consent.profile,
        "sites": consent.sites,
        "shares_anything": consent.shares_anything,
        "request": request,
        "revoked_at": consent.revoked_at,
        "updated_at": consent.updated_at,
    }


# What a client sees of a supplier ------------------------------------------------------------


class SharedScopes(Schema):
    level: LevelName = Field(description=LEVEL_HELP)
    profile: bool
    sites: bool


class SharedProfile(Schema):
    vat: str
    role: str
    size_class: str
    employees: int | None
    website: str
    email: str
    districts: list[str]


class SharedArea(Schema):
    score: float | None
    grade: str


class SharedQualification(Schema):
    period: str
    status: str = Field(description="`submitted`, `in_review`, `returned` or `verified`.")
    grade: str = Field(description="A-E.")
    qualification: str = Field(description="`qualified`, `qualified_with_plan` or `not_qualified`.")
    methodology: str
    scored_on: date | None
    overall: float | None = Field(description="0-100; shared from the `areas` level.")
    areas: dict[str, SharedArea] | None = Field(description="From the `areas` level.")


class SharedAnswer(Schema):
    question: str
    value: str
    reviewed: bool


class SharedEvidence(Schema):
    id: int
    certificate: str
    title: str
    issuer: str
    number: str
    valid_from: date | None
    valid_until: date | None
    valid_today: bool


class SharedSite(Schema):
    facility_id: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. `IT`.")
    municipality: str | None = Field(description="ISTAT code; null for sites abroad.")
    municipality_name: str
    province: str
    lat: float
    lon: float
    processes: list[str]


class SharedSupplierOut(Schema):
    supplier: FirmRef
    shared: SharedScopes
    relations: list[RelationOut] = Field(description="The supplier's relations with you.")
    profile: SharedProfile | None = Field(description="Null unless the profile is shared.")
    qualification: SharedQualification | None = Field(
        description="The latest scored assessment; null when not shared or not assessed."
    )
    answers: list[SharedAnswer] | None = Field(description="From the `answers` level.")
    evidence: list[SharedEvidence] | None = Field(description="From the `evidence` level.")
    sites: list[SharedSite] | None = Field(description="Null unless the sites are shared.")


class IndicatorsOut(Schema):
    brand: int
    on: date
    suppliers: int = Field(description="Firms in the chain, disclosed or not.")
    undisclosed: int = Field(description="Firms in the chain that share nothing with you.")
    indicators: dict[str, Any] = Field(
        description="The chain indicators: qualified share by tier and process, score "
        "distribution, weakest link per process, expiring evidence, suppliers not assessed, "
        "traceability coverage, short-supply-chain shares. Suppliers that share nothing with "
        "you are never named: they count as `not shared`."
    )


class SharingRequestOut(Schema):
    supplier: FirmRef | None = Field(description="Null when the supplier shares nothing with you.")
    disclosed: bool
    request: ConsentRequestOut


def request_out(consent: Consent) -> dict:
    disclosed = consent.shares_anything
    return {
        "supplier": firm_ref(consent.supplier) if disclosed else None,
        "disclosed": disclosed,
        "request": consent_out(consent)["request"],
    }
