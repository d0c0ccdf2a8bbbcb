"""Who may see and change a firm's flows, suggestions and exchanges.

- A firm's flows, suggestions and exchanges are seen by the firm's own people (any role) and by
  the staff (managers, verifiers) of the districts the firm belongs to, who facilitate
  exchanges and see names; owners and editors change the flows and act on suggestions; viewers
  only read. District managers import flows for their district's firms.
- A suggestion is seen by each of its two firms from its own side. Until both have accepted
  (contacts shared) neither side is shown the other's identity: the selectors describe the
  counterpart only by kind, code, description, quantity, province and distance.
"""

from __future__ import annotations

from filiera.registry.access import _firm_district_ids, is_editor, is_member, roles
from filiera.registry.models import District, Firm
from filiera.symbiosis.models import Match

SIDES = ("offer", "need")


def _is_district_staff_of(user, firm: Firm) -> bool:
    return bool(roles(user).staffed_districts & _firm_district_ids(firm))


def can_view_symbiosis(user, firm: Firm) -> bool:
    """The firm's people, the platform admin and the staff of the firm's districts."""
    return is_member(user, firm) or _is_district_staff_of(user, firm)


def can_edit_flows(user, firm: Firm) -> bool:
    """Owners and editors of the firm (and the platform admin); not its viewers."""
    return is_editor(user, firm)


def can_view_district_symbiosis(user, district: District) -> bool:
    r = roles(user)
    return r.superuser or district.pk in r.staffed_districts


def can_manage_district_symbiosis(user, district: District) -> bool:
    """District managers: the eco-district rules, the allocation run, importing flows for
    the district's firms."""
    r = roles(user)
    return r.superuser or district.pk in r.managed_districts


def sees_names(user, firm: Firm) -> bool:
    """Whether ``user`` sees counterparts' names in ``firm``'s matches regardless of status:
    the district staff who facilitate and the platform admin, not the firm's own people."""
    return roles(user).superuser or _is_district_staff_of(user, firm)


def _side_firm(match: Match, side: str) -> Firm:
    flow = match.offer if side == "offer" else match.need
    return flow.firm


def match_side(user, match: Match, firm: Firm | None = None) -> str | None:
    """The side (``"offer"`` or ``"need"``) ``user`` belongs to as one of that firm's people;
    with ``firm``, only that firm's side is considered. None when neither."""
    r = roles(user)
    for side in SIDES:
        flow = match.offer if side == "offer" else match.need
        if firm is not None and flow.firm_id != firm.pk:
            continue
        if flow.firm_id in r.firm_roles or (r.superuser and firm is not None):
            return side
    return None


def acting_side(user, match: Match, firm: Firm | None = None) -> str | None:
    """The side ``user`` may act for (owner or editor of its firm); None when neither."""
    for side in SIDES:
        side_firm = _side_firm(match, side)
        if firm is not None and side_firm.pk != firm.pk:
            continue
        if is_editor(user, side_firm):
            return side
    return None


def can_view_match(user, match: Match) -> bool:
    """One of the two firms' people, or staff of a district either firm belongs to."""
    if match_side(user, match) is not None or roles(user).superuser:
        return True
    return any(_is_district_staff_of(user, _side_firm(match, side)) for side in SIDES)
