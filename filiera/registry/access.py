"""Who may see and change what. Every view and API endpoint asks these helpers.

Roles: platform admin (``is_superuser``); district manager and verifier (per district); firm
owner, editor and viewer (per firm). Private firm data is visible to the firm's members and to
the staff of the districts the firm belongs to; nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from filiera.registry.models import District, DistrictMembership, Firm, FirmMembership, Site

# Firm roles that may change the firm's data.
EDITING_ROLES = (FirmMembership.Role.OWNER, FirmMembership.Role.EDITOR)


@dataclass(frozen=True)
class Roles:
    superuser: bool = False
    managed_districts: frozenset[int] = field(default_factory=frozenset)
    verified_districts: frozenset[int] = field(default_factory=frozenset)
    firm_roles: dict[int, str] = field(default_factory=dict)

    @property
    def staffed_districts(self) -> frozenset[int]:
        return self.managed_districts | self.verified_districts

    @property
    def is_district_staff(self) -> bool:
        return bool(self.staffed_districts)


def roles(user) -> Roles:
    """The user's roles, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Roles()
    cached = getattr(user, "_filiera_roles", None)
    if cached is not None:
        return cached
    managed: set[int] = set()
    verified: set[int] = set()
    for district_id, role in DistrictMembership.objects.filter(user=user).values_list(
        "district_id", "role"
    ):
        (managed if role == DistrictMembership.Role.MANAGER else verified).add(district_id)
    firm_roles = dict(FirmMembership.objects.filter(user=user).values_list("firm_id", "role"))
    result = Roles(user.is_superuser, frozenset(managed), frozenset(verified), firm_roles)
    user._filiera_roles = result
    return result


def forget_roles(user) -> None:
    """Drop the cached roles after memberships change within the same request."""
    if hasattr(user, "_filiera_roles"):
        del user._filiera_roles


def _firm_district_ids(firm: Firm) -> set[int]:
    cached = getattr(firm, "_district_ids", None)
    if cached is None:
        cached = set(firm.districts.values_list("id", flat=True))
        setattr(firm, "_district_ids", cached)  # noqa: B010 (cache on the instance)
    return cached


# Firms ---------------------------------------------------------------------------------------


def visible_firms(user) -> QuerySet[Firm]:
    r = roles(user)
    if r.superuser:
        return Firm.objects.all()
    if not r.staffed_districts:
        return Firm.objects.filter(id__in=list(r.firm_roles))
    in_districts = Firm.objects.filter(districts__in=r.staffed_districts).values("id")
    return Firm.objects.filter(id__in=in_districts) | Firm.objects.filter(id__in=list(r.firm_roles))


def can_view_firm(user, firm: Firm) -> bool:
    r = roles(user)
    return (
        r.superuser
        or firm.pk in r.firm_roles
        or bool(r.staffed_districts & _firm_district_ids(firm))
    )


def can_edit_firm(user, firm: Firm) -> bool:
    r = roles(user)
    return (
        r.superuser
        or r.firm_roles.get(firm.pk) in (FirmMembership.Role.OWNER, FirmMembership.Role.EDITOR)
        or bool(r.managed_districts & _firm_district_ids(firm))
    )


def is_member(user, firm: Firm) -> bool:
    """One of the firm's own people (any role), or the platform admin."""
    r = roles(user)
    return r.superuser or firm.pk in r.firm_roles


def is_editor(user, firm: Firm) -> bool:
    """An owner or editor of the firm, or the platform admin (district managers are not)."""
    r = roles(user)
    return r.superuser or r.firm_roles.get(firm.pk) in EDITING_ROLES


def can_manage_firm_members(user, firm: Firm) -> bool:
    r = roles(user)
    return (
        r.superuser
        or r.firm_roles.get(firm.pk) == FirmMembership.Role.OWNER
        or bool(r.managed_districts & _firm_district_ids(firm))
    )


def can_view_audit(user, firm: Firm) -> bool:
    r = roles(user)
    return r.superuser or bool(r.managed_districts & _firm_district_ids(firm))


# Sites ---------------------------------------------------------------------------------------


def visible_sites(user) -> QuerySet[Site]:
    return Site.objects.filter(firm__in=visible_firms(user).values("id"))


def can_view_site(user, site: Site) -> bool:
    return can_view_firm(user, site.firm)


def can_edit_site(user, site: Site) -> bool:
    return can_edit_firm(user, site.firm)


# Districts -----------------------------------------------------------------------------------


def visible_districts(user) -> QuerySet[District]:
    """Districts a user works in: as staff, or through a member firm."""
    r = roles(user)
    if r.superuser:
        return District.objects.all()
    through_firms = Firm.districts.through.objects.filter(firm_id__in=list(r.firm_roles))
    return District.objects.filter(
        Q(id__in=r.staffed_districts) | Q(id__in=through_firms.values("district_id"))
    )


def staffed_districts(user) -> QuerySet[District]:
    r = roles(user)
    if r.superuser:
        return District.objects.all()
    return District.objects.filter(id__in=r.staffed_districts)


def managed_districts(user) -> QuerySet[District]:
    r = roles(user)
    if r.superuser:
        return District.objects.all()
    return District.objects.filter(id__in=r.managed_districts)


def can_view_district(user, district: District) -> bool:
    r = roles(user)
    return r.superuser or district.pk in r.staffed_districts


def can_manage_district(user, district: District) -> bool:
    r = roles(user)
    return r.superuser or district.pk in r.managed_districts


def can_create_firms(user) -> bool:
    r = roles(user)
    return r.superuser or bool(r.managed_districts)
