"""Which firms a brand lets see the value-chain tier of its passports (supplier names, sites,
substance details, batch quantities). Granting and withdrawing are audited on the brand's
history. Who may call these is checked by the views."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from filiera.chains.access import consents_to
from filiera.chains.facts import chain_graph
from filiera.chains.models import SupplyRelation
from filiera.core import audit
from filiera.core.usererror import N_
from filiera.passports.models import PassportViewer
from filiera.passports.services.issue import IssueError
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.models import Firm


def viewers_of(brand: Firm) -> QuerySet[PassportViewer]:
    return (
        PassportViewer.objects.filter(brand=brand)
        .select_related("firm", "granted_by")
        .order_by("firm__legal_name", "id")
    )


def candidates(brand: Firm) -> list[Firm]:
    """Firms the brand may pick by name: suppliers of its chain that share something with it
    (so their name is known to it) and its own clients; not those already allowed."""
    today = timezone.localdate()
    suppliers = {link.supplier for link in chain_graph(brand.pk, today).reachable(brand.pk)}
    named = set(consents_to(brand.pk, suppliers))
    clients = set(
        SupplyRelation.objects.active(today)
        .filter(supplier=brand)
        .values_list("client_id", flat=True)
    )
    allowed = PassportViewer.objects.filter(brand=brand).values("firm_id")
    return list(
        Firm.objects.filter(pk__in=named | clients)
        .exclude(pk=brand.pk)
        .exclude(pk__in=allowed)
        .order_by("legal_name", "id")
    )


def firm_by_vat(raw: str) -> Firm:
    try:
        vat, _country = normalise_vat(raw)
    except IdentifierError as err:
        raise IssueError("vat", N_("VAT number: %(reason)s"), reason=err.translated()) from err
    firm = Firm.objects.filter(vat=vat).first()
    if firm is None:
        raise IssueError("vat", N_("VAT number: no firm on the platform has this VAT number."))
    return firm


@transaction.atomic
def add_viewer(actor, brand: Firm, firm: Firm) -> PassportViewer:
    if firm.pk == brand.pk:
        raise IssueError(
            "firm", N_("Firm: your own people already see the value chain of your passports.")
        )
    viewer, created = PassportViewer.objects.get_or_create(
        brand=brand, firm=firm, defaults={"granted_by": actor}
    )
    if not created:
        raise IssueError(
            "firm", N_("Firm: %(name)s already sees the value chain."), name=firm.legal_name
        )
    audit.record(
        actor,
        "grant_passport_viewer",
        viewer,
        changes=audit.facts(firm=firm.legal_name, vat=firm.vat),
        firm_id=brand.pk,
    )
    return viewer


@transaction.atomic
def remove_viewer(actor, viewer: PassportViewer) -> None:
    audit.record(
        actor,
        "withdraw_passport_viewer",
        viewer,
        changes={"firm": [viewer.firm.legal_name, None]},
        firm_id=viewer.brand_id,
    )
    viewer.delete()
