"""Writing networks of firms: the network, its members, shared services, projects and documents.

Every write is atomic and recorded in the audit log (on the district's history, and on the
firm's for its own membership). Bad input raises :class:`NetworkError` naming the form field,
and nothing is saved. Who may call these is checked by the views
(``filiera.district.networks_access``).

Rules kept here: a contract ends after it is signed, a project after it starts; a network with
legal personality (rete-soggetto) has a valid VAT number of its own and the other kinds have
none; members are firms of the network's district, each once; a network always keeps at least
one lead firm (capofila). Documents are in ``networks_documents``.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.district.models import (
    Network,
    NetworkDocument,
    NetworkMember,
    NetworkProject,
    NetworkService,
)
from filiera.district.networks_access import forget_members
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.models import District, Firm

NETWORK_FIELDS = (
    "name",
    "kind",
    "purpose_it",
    "purpose_en",
    "signed_on",
    "expires_on",
    "vat",
    "website",
    "public",
)
SERVICE_FIELDS = ("name_it", "name_en", "description_it", "description_en")
PROJECT_FIELDS = (
    "title_it",
    "title_en",
    "description_it",
    "description_en",
    "status",
    "starts_on",
    "ends_on",
)
Role = NetworkMember.Role


class NetworkError(UserError):
    """Bad input to a network service; ``field`` names the form field it concerns."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def _text(values: dict[str, Any], name: str) -> str:
    return (values.get(name) or "").strip()


# The network --------------------------------------------------------------------------------


def clean_network(values: dict[str, Any]) -> dict[str, Any]:
    """The network's fields checked and normalised (VAT in its canonical form)."""
    data = {name: values.get(name) for name in NETWORK_FIELDS}
    for name in ("name", "purpose_it", "purpose_en", "vat", "website"):
        data[name] = _text(values, name)
    data["public"] = bool(values.get("public"))
    if not data["name"]:
        raise NetworkError("name", N_("Name: give the network a name."))
    if data["kind"] not in Network.Kind.values:
        raise NetworkError("kind", N_("Kind: choose one of the kinds listed."))
    if not data["purpose_it"]:
        raise NetworkError(
            "purpose_it", N_("Shared programme (Italian): say what the firms do together.")
        )
    signed, ends = data["signed_on"], data["expires_on"]
    if signed and ends and ends <= signed:
        raise NetworkError(
            "expires_on", N_("Contract ends on: the contract must end after it is signed.")
        )
    if data["kind"] == Network.Kind.ENTITY:
        if not data["vat"]:
            raise NetworkError(
                "vat",
                N_("VAT number: a network with legal personality (rete-soggetto) has its own."),
            )
        try:
            data["vat"], _country = normalise_vat(data["vat"])
        except IdentifierError as err:
            raise NetworkError(
                "vat", N_("VAT number: %(problem)s."), problem=err.translated()
            ) from err
    elif data["vat"]:
        raise NetworkError(
            "vat",
            N_(
                "VAT number: only a network with legal personality (rete-soggetto) has a VAT "
                "number of its own; leave it empty."
            ),
        )
    return data


def record(actor, action: str, obj, changes: dict, network: Network, firm_id=None) -> None:
    audit.record(
        actor, action, obj, changes=changes, district_id=network.district_id, firm_id=firm_id
    )


@transaction.atomic
def create_network(
    actor, district: District, values: dict[str, Any], *, lead: Firm, joined_on=None
) -> Network:
    """A new network of ``district`` with ``lead`` as its lead firm."""
    data = clean_network(values)
    _check_firm(district, lead)
    network = Network(
        district=district,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    network.save()
    record(actor, "create_network", network, audit.facts(**data), network)
    _add(actor, network, lead, Role.LEAD, joined_on)
    return network


@transaction.atomic
def update_network(actor, network: Network, values: dict[str, Any]) -> Network:
    before = audit.snapshot(network, NETWORK_FIELDS)
    data = clean_network({**audit_values(network), **values})
    for name, value in data.items():
        setattr(network, name, value)
    changes = audit.diff(before, audit.snapshot(network, NETWORK_FIELDS))
    if changes:
        network.save()
        record(actor, "update_network", network, changes, network)
    return network


def audit_values(network: Network) -> dict[str, Any]:
    """The network's own field values, as the forms and :func:`clean_network` take them."""
    return {name: getattr(network, name) for name in NETWORK_FIELDS}


@transaction.atomic
def delete_network(actor, network: Network) -> None:
    """The network, its members, services, projects and documents (their files too)."""
    stored = [doc.file.name for doc in network.documents.all() if doc.file.name]
    storage = NetworkDocument._meta.get_field("file").storage  # type: ignore[attr-defined]
    record(
        actor,
        "delete_network",
        network,
        audit.facts(name=network.name, members=network.members.count()),
        network,
    )
    network.delete()
    transaction.on_commit(lambda: _delete_files(storage, stored))


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


# Members ------------------------------------------------------------------------------------

VAT_IN_BRACKETS = re.compile(r"\(([A-Za-z0-9 .\-]{5,24})\)\s*$")


def find_firm(district: District, typed: str) -> Firm:
    """The district's firm a person typed: a VAT number, a name, or "Name (VAT)" as the
    suggestions offer it."""
    typed = (typed or "").strip()
    if not typed:
        raise NetworkError("firm", N_("Firm: type the firm's VAT number or name."))
    firms = Firm.objects.filter(districts=district)
    candidates = [typed]
    bracket = VAT_IN_BRACKETS.search(typed)
    if bracket:
        candidates.insert(0, bracket.group(1))
    for candidate in candidates:
        try:
            vat, _country = normalise_vat(candidate)
        except IdentifierError:
            continue
        found = firms.filter(vat=vat).first()
        if found is not None:
            return found
    exact = list(firms.filter(legal_name__iexact=typed)[:2])
    if len(exact) == 1:
        return exact[0]
    near = exact or list(firms.filter(legal_name__icontains=typed)[:2])
    if len(near) > 1:
        raise NetworkError(
            "firm",
            N_("Firm: several firms of the district match “%(typed)s”; type the VAT number."),
            typed=typed,
        )
    if near:
        return near[0]
    raise NetworkError(
        "firm", N_("Firm: no firm of the district matches “%(typed)s”."), typed=typed
    )


def _check_firm(district: District, firm: Firm) -> None:
    if not firm.districts.filter(pk=district.pk).exists():
        raise NetworkError("firm", N_("Firm: “%(firm)s” is not a firm of the district."), firm=firm)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise NetworkError("role", N_("Role: choose one of the roles listed."))


def _add(actor, network: Network, firm: Firm, role: str, joined_on) -> NetworkMember:
    _check_role(role)
    if network.members.filter(firm=firm).exists():
        raise NetworkError(
            "firm", N_("Firm: “%(firm)s” is already a member of the network."), firm=firm
        )
    try:
        with transaction.atomic():
            member = NetworkMember.objects.create(
                network=network, firm=firm, role=role, joined_on=joined_on
            )
    except IntegrityError as err:  # added at the same moment by someone else
        raise NetworkError(
            "firm", N_("Firm: “%(firm)s” is already a member of the network."), firm=firm
        ) from err
    forget_members(network)
    record(
        actor,
        "add_network_member",
        member,
        audit.facts(network=network.name, firm=firm.legal_name, role=role, joined_on=joined_on),
        network,
        firm_id=firm.pk,
    )
    return member


@transaction.atomic
def add_member(actor, network: Network, firm: Firm, role: str, joined_on=None) -> NetworkMember:
    _check_firm(network.district, firm)
    return _add(actor, network, firm, role, joined_on)


def _other_leads(member: NetworkMember) -> bool:
    return (
        NetworkMember.objects.filter(network_id=member.network_id, role=Role.LEAD)
        .exclude(pk=member.pk)
        .exists()
    )


@transaction.atomic
def change_member(actor, member: NetworkMember, role: str, joined_on=None) -> NetworkMember:
    _check_role(role)
    if member.role == Role.LEAD and role != Role.LEAD and not _other_leads(member):
        raise NetworkError(
            "role",
            N_("Role: “%(firm)s” is the network's only lead firm; make another member lead first."),
            firm=member.firm,
        )
    before = audit.snapshot(member, ("role", "joined_on"))
    member.role, member.joined_on = role, joined_on
    changes = audit.diff(before, audit.snapshot(member, ("role", "joined_on")))
    if changes:
        member.save(update_fields=["role", "joined_on"])
        forget_members(member.network)
        record(actor, "change_network_member", member, changes, member.network, member.firm_id)
    return member


@transaction.atomic
def remove_member(actor, member: NetworkMember) -> None:
    if member.role == Role.LEAD and not _other_leads(member):
        raise NetworkError(
            None,
            N_(
                "“%(firm)s” is the network's only lead firm and cannot leave; make another "
                "member lead first."
            ),
            firm=member.firm,
        )
    network = member.network
    record(
        actor,
        "remove_network_member",
        member,
        audit.facts(network=network.name, firm=member.firm.legal_name, role=member.role),
        network,
        member.firm_id,
    )
    member.delete()
    forget_members(network)


# Services and projects ----------------------------------------------------------------------


def _save_item(actor, network: Network, item, fields: tuple[str, ...], data: dict, kind: str):
    before = audit.snapshot(item, fields) if item.pk else {}
    for name, value in data.items():
        setattr(item, name, value)
    changes = audit.diff(before, audit.snapshot(item, fields))
    if changes or not item.pk:
        action = f"update_network_{kind}" if item.pk else f"add_network_{kind}"
        item.save()
        record(actor, action, item, changes, network)
    return item


@transaction.atomic
def save_service(
    actor, network: Network, values: dict[str, Any], service: NetworkService | None = None
) -> NetworkService:
    data = {name: _text(values, name) for name in SERVICE_FIELDS}
    if not data["name_it"]:
        raise NetworkError("name_it", N_("Service (Italian): name the service."))
    service = service or NetworkService(network=network)
    return _save_item(actor, network, service, SERVICE_FIELDS, data, "service")


@transaction.atomic
def save_project(
    actor, network: Network, values: dict[str, Any], project: NetworkProject | None = None
) -> NetworkProject:
    data: dict[str, Any] = {name: values.get(name) for name in PROJECT_FIELDS}
    for name in ("title_it", "title_en", "description_it", "description_en"):
        data[name] = _text(values, name)
    if not data["title_it"]:
        raise NetworkError("title_it", N_("Title (Italian): give the project a title."))
    if data["status"] not in NetworkProject.Status.values:
        raise NetworkError("status", N_("Status: choose one of the states listed."))
    if data["starts_on"] and data["ends_on"] and data["ends_on"] < data["starts_on"]:
        raise NetworkError("ends_on", N_("Ends on: the project cannot end before it starts."))
    project = project or NetworkProject(network=network)
    return _save_item(actor, network, project, PROJECT_FIELDS, data, "project")


@transaction.atomic
def delete_item(actor, item: NetworkService | NetworkProject) -> None:
    kind = "service" if isinstance(item, NetworkService) else "project"
    record(actor, f"delete_network_{kind}", item, audit.facts(name=str(item)), item.network)
    item.delete()
