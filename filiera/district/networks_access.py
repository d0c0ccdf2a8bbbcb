"""Who may see and change a network of firms.

- District managers of the network's district (and the platform admin) create networks and
  manage everything, the members included.
- Owners and editors of a lead firm of the network (``NetworkMember.Role.LEAD``) change the
  network's details, services, projects, documents and whether its page is public; not its
  members (adding a member means picking among the district's firms, which only the district's
  staff may list).
- The people of a member firm (any role) and the district's staff (managers, verifiers) see the
  network's page and its documents.
- Everyone else is told the network does not exist (404); anonymous visitors are sent to log in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.district.models import Network, NetworkMember
from filiera.registry.access import EDITING_ROLES, roles
from filiera.registry.models import District


def visible_networks(user) -> QuerySet[Network]:
    """The networks of the user's firms and of the districts the user works for."""
    r = roles(user)
    if r.superuser:
        return Network.objects.all()
    if not r.firm_roles and not r.staffed_districts:
        return Network.objects.none()
    through_firms = NetworkMember.objects.filter(firm_id__in=list(r.firm_roles)).values(
        "network_id"
    )
    return Network.objects.filter(Q(district_id__in=r.staffed_districts) | Q(id__in=through_firms))


def _member_firm_ids(network: Network) -> dict[int, str]:
    """Firm id → role in the network, read once per network object."""
    cached = getattr(network, "_member_roles", None)
    if cached is None:
        cached = dict(network.members.values_list("firm_id", "role"))
        network._member_roles = cached  # type: ignore[attr-defined]
    return cached


def forget_members(network: Network) -> None:
    """Drop the cached member roles after the members change within the same request."""
    if hasattr(network, "_member_roles"):
        del network._member_roles


def can_view_network(user, network: Network) -> bool:
    r = roles(user)
    if r.superuser or network.district_id in r.staffed_districts:
        return True
    return any(firm_id in r.firm_roles for firm_id in _member_firm_ids(network))


def can_manage_network(user, network: Network) -> bool:
    """District managers of the network's district: members, deleting the network."""
    r = roles(user)
    return r.superuser or network.district_id in r.managed_districts


def can_edit_network(user, network: Network) -> bool:
    """Details, services, projects, documents and the public flag: the district's managers and
    the owners and editors of a lead firm."""
    if can_manage_network(user, network):
        return True
    r = roles(user)
    return any(
        role == NetworkMember.Role.LEAD and r.firm_roles.get(firm_id) in EDITING_ROLES
        for firm_id, role in _member_firm_ids(network).items()
    )


def can_create_networks(user, district: District) -> bool:
    r = roles(user)
    return r.superuser or district.pk in r.managed_districts


def network_for(user, pk: int, check=can_view_network) -> Network:
    """The network, 404 when the user may not see it, 403 when seen but ``check`` fails."""
    network = get_object_or_404(Network.objects.select_related("district"), pk=pk)
    if not can_view_network(user, network):
        raise Http404("No such network")
    if check is not can_view_network and not check(user, network):
        raise PermissionDenied
    return network
