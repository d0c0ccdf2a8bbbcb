"""Who may see and change supply-chain data.

- A firm's chain (its suppliers, their suppliers, the indicators and alerts) is seen by the
  firm's own people; owners and editors invite suppliers and change relations. District staff
  see aggregated chain statistics of their district only, never one firm's chain.
- A supplier's owners and editors decide what each client sees (``Consent``); its viewers may
  read those settings and the access log.
- A client sees of a supplier exactly what the supplier's consent to that client allows, at the
  moment of the request: revoking takes effect at once. A firm that has no consent towards the
  client (or shares nothing) is not named to it, even when it sits in the client's chain.
"""

from __future__ import annotations

from filiera.chains.models import Consent, Level
from filiera.registry.access import is_editor, is_member, roles
from filiera.registry.models import District, Firm


def can_view_chain(user, firm: Firm) -> bool:
    return is_member(user, firm)


def can_manage_chain(user, firm: Firm) -> bool:
    return is_editor(user, firm)


def can_view_sharing(user, supplier: Firm) -> bool:
    return can_view_chain(user, supplier)


def can_manage_sharing(user, supplier: Firm) -> bool:
    return can_manage_chain(user, supplier)


def can_view_district_chains(user, district: District) -> bool:
    r = roles(user)
    return r.superuser or district.pk in r.staffed_districts


def consent_for(supplier_id: int, client_id: int) -> Consent | None:
    """The live consent of a supplier towards a client (read fresh: never cached)."""
    return Consent.objects.filter(supplier_id=supplier_id, client_id=client_id).first()


def consents_to(client_id: int, supplier_ids=None) -> dict[int, Consent]:
    """Every consent given to ``client_id`` that shares something, by supplier id."""
    queryset = Consent.objects.filter(client_id=client_id)
    if supplier_ids is not None:
        queryset = queryset.filter(supplier_id__in=list(supplier_ids))
    return {c.supplier_id: c for c in queryset if c.shares_anything}


def shared_level(consent: Consent | None) -> int:
    return consent.level if consent is not None else Level.NONE
