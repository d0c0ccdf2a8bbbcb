"""Public pages of the networks that chose to be public, in the district's showcase.

Only a public network of a district whose showcase is published has a page. It shows the
network's name, kind, shared programme, services, projects and website; of its members, only
the firms listed in the showcase are named (with a link to their showcase page), the others are
counted. Documents, VAT numbers and anything else a firm did not publish never appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch

from filiera.district.context import public_context
from filiera.district.models import Network, NetworkMember, ShowcaseEntry
from filiera.district.public import both, public_page, public_url, showcase_district, text

ROLE_ORDER: dict[str, int] = {
    NetworkMember.Role.LEAD.value: 0,
    NetworkMember.Role.MEMBER.value: 1,
    NetworkMember.Role.PARTNER.value: 2,
}


def _url(name: str, lang: str, **kwargs) -> str:
    """A public page's address, or "" while that page does not exist yet."""
    try:
        return public_url(name, lang, **kwargs)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class PublicMember:
    name: str
    role: str
    url: str


@public_page
def networks(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    rows = (
        Network.objects.filter(district=district, public=True)
        .annotate(member_count=Count("members"))
        .order_by("name", "id")
    )
    items = [
        (
            network,
            text(network, "purpose", lang),
            public_url("showcase_network", lang, slug=slug, pk=network.pk),
        )
        for network in rows
    ]
    context = public_context(district, lang, "showcase_networks", slug=slug)
    context["items"] = items
    return render(request, "district/public/network_list.html", context)


def public_members(network: Network, lang: str) -> tuple[list[PublicMember], int]:
    """The members listed in the district's showcase (by their published name), and how many
    other members there are."""
    members = list(network.members.values_list("firm_id", "role"))
    entries = {
        entry.firm_id: entry.name
        for entry in ShowcaseEntry.objects.filter(
            district_id=network.district_id, firm_id__in=[firm_id for firm_id, _ in members]
        ).only("firm_id", "name")
    }
    labels = dict(NetworkMember.Role.choices)
    shown = [
        PublicMember(
            entries[firm_id],
            str(labels.get(role, "")),
            _url("showcase_firm", lang, slug=network.district.slug, pk=firm_id),
        )
        for firm_id, role in sorted(
            members, key=lambda m: (ROLE_ORDER.get(m[1], 9), entries.get(m[0], "").lower())
        )
        if firm_id in entries
    ]
    return shown, len(members) - len(shown)


@public_page
def network(request: HttpRequest, slug: str, pk: int, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    found = get_object_or_404(
        Network.objects.select_related("district"), pk=pk, district=district, public=True
    )
    purpose = text(found, "purpose", lang)
    members, others = public_members(found, lang)
    context = public_context(district, lang, "showcase_network", purpose, slug=slug, pk=pk)
    context.update(
        {
            "network": found,
            "purpose": purpose,
            "members": members,
            "others": others,
            "services": [
                (text(s, "name", lang), text(s, "description", lang)) for s in found.services.all()
            ],
            "projects": [
                (p, text(p, "title", lang), text(p, "description", lang))
                for p in found.projects.all()
            ],
        }
    )
    return render(request, "district/public/network_detail.html", context)


urlpatterns: list = [
    *both("showcase/<slug:slug>/networks/", networks, "showcase_networks"),
    *both("showcase/<slug:slug>/networks/<int:pk>/", network, "showcase_network"),
]
