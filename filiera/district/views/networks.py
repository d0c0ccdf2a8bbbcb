"""Networks of firms (contratto di rete): pages for members and district staff.

The list of the networks a person may see, a network's page, creating one (district managers),
changing its details (managers and the lead firm's owners and editors) and deleting it
(managers). Members, services, projects and documents are in ``networks_items``. Who may do
what is in ``filiera.district.networks_access``: a network stays hidden (404) from anyone who
is neither on its district's staff nor one of a member firm's people.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from filiera.district import networks_access as access
from filiera.district.forms_networks import NetworkCreateForm, NetworkForm, show_error
from filiera.district.models import Network, NetworkMember, ShowcaseEntry
from filiera.district.public import public_url, reader_lang, text
from filiera.district.services import networks as services
from filiera.district.views import networks_items
from filiera.registry.access import can_view_firm, managed_districts, roles
from filiera.registry.models import Firm
from filiera.registry.views.district import get_district_for

PAGE_SIZE = 50
FIRM_OPTIONS = 20


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    """The networks of the reader's firms and districts; ``?district=slug`` and ``?firm=id``
    narrow the list."""
    networks = access.visible_networks(request.user).select_related("district")
    district_slug = request.GET.get("district", "").strip()
    if district_slug:
        networks = networks.filter(district__slug=district_slug)
    firm = None
    firm_id = request.GET.get("firm", "")
    if firm_id.isdigit():
        firm = Firm.objects.filter(pk=int(firm_id)).first()
        if firm is not None and not can_view_firm(request.user, firm):
            firm = None
        in_firm = NetworkMember.objects.filter(firm_id=firm.pk if firm else 0)
        networks = networks.filter(pk__in=in_firm.values("network_id"))
    networks = networks.annotate(member_count=Count("members", distinct=True)).order_by(
        "district__name", "name", "id"
    )
    page = Paginator(networks, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = set(roles(request.user).firm_roles)
    lead_of = set(
        NetworkMember.objects.filter(
            network__in=[n.pk for n in page.object_list],
            firm_id__in=mine,
            role=NetworkMember.Role.LEAD,
        ).values_list("network_id", flat=True)
    )
    return render(
        request,
        "district/network_list.html",
        {
            "page": page,
            "rows": [(n, n.pk in lead_of) for n in page.object_list],
            "district_slug": district_slug,
            "firm": firm,
            "can_create_in": list(managed_districts(request.user).order_by("name")),
        },
    )


@login_required
def network_create(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug)
    if not access.can_create_networks(request.user, district):
        raise PermissionDenied
    form = NetworkCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = services.find_firm(district, data["lead"])
            network = services.create_network(
                request.user, district, data, lead=lead, joined_on=data["lead_joined_on"]
            )
        except services.NetworkError as err:
            if err.field == "firm":
                err.field = "lead"
            show_error(form, err)
        else:
            messages.success(request, _("Network created."))
            return redirect("network_detail", network.pk)
    return render(
        request,
        "district/network_form.html",
        {"form": form, "district": district, "network": None},
    )


def showcase_link(network: Network, lang: str) -> str:
    """The public page of a public network (empty while the page does not exist)."""
    try:
        return public_url("showcase_network", lang, slug=network.district.slug, pk=network.pk)
    except NoReverseMatch:
        return ""


@login_required
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.network_for(request.user, pk)
    lang = reader_lang()
    members = list(network.members.select_related("firm"))
    listed = set(
        ShowcaseEntry.objects.filter(
            district_id=network.district_id, firm_id__in=[m.firm_id for m in members]
        ).values_list("firm_id", flat=True)
    )
    showcase = getattr(network.district, "showcase", None)
    return render(
        request,
        "district/network_detail.html",
        {
            "network": network,
            "district": network.district,
            "purpose": text(network, "purpose", lang),
            "members": [
                (m, can_view_firm(request.user, m.firm), m.firm_id in listed) for m in members
            ],
            "services": [
                (s, text(s, "name", lang), text(s, "description", lang))
                for s in network.services.all()
            ],
            "projects": [
                (p, text(p, "title", lang), text(p, "description", lang))
                for p in network.projects.all()
            ],
            "documents": list(network.documents.select_related("uploaded_by")),
            "can_edit": access.can_edit_network(request.user, network),
            "can_manage": access.can_manage_network(request.user, network),
            "public_link": showcase_link(network, lang) if network.public else "",
            "showcase_published": bool(showcase and showcase.published),
        },
    )


@login_required
def network_edit(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_edit_network)
    form = NetworkForm(request.POST or None, initial=services.audit_values(network))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_network(request.user, network, form.cleaned_data)
        except services.NetworkError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("network_detail", network.pk)
    return render(
        request,
        "district/network_form.html",
        {"form": form, "district": network.district, "network": network},
    )


@login_required
def network_delete(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.network_for(request.user, pk, access.can_manage_network)
    if request.method == "POST":
        district = network.district
        services.delete_network(request.user, network)
        messages.success(request, _("Network deleted."))
        return redirect(reverse("network_list") + f"?district={district.slug}")
    return render(
        request,
        "district/network_confirm_delete.html",
        {
            "network": network,
            "member_count": network.members.count(),
            "document_count": network.documents.count(),
        },
    )


@login_required
@require_GET
def network_firm_options(request: HttpRequest, slug: str) -> HttpResponse:
    """Suggestions for the firm box: the district's firms whose name or VAT number holds what
    was typed (its managers only: they list the district's firms)."""
    district = get_district_for(request.user, slug)
    if not access.can_create_networks(request.user, district):
        raise PermissionDenied
    typed = (request.GET.get("firm") or request.GET.get("lead") or "").strip()
    firms: list[Firm] = []
    if len(typed) >= 2:
        digits = "".join(typed.split()).upper().removeprefix("IT")
        found = Firm.objects.filter(districts=district, legal_name__icontains=typed)
        if digits.isdigit():
            found = found | Firm.objects.filter(districts=district, vat__contains=digits)
        firms = list(found.order_by("legal_name", "id")[:FIRM_OPTIONS])
    return render(request, "district/_network_firm_options.html", {"firms": firms})


urlpatterns: list = [
    path("networks/", network_list, name="network_list"),
    path("d/<slug:slug>/networks/new/", network_create, name="network_create"),
    path("d/<slug:slug>/networks/firms/", network_firm_options, name="network_firm_options"),
    path("networks/<int:pk>/", network_detail, name="network_detail"),
    path("networks/<int:pk>/edit/", network_edit, name="network_edit"),
    path("networks/<int:pk>/delete/", network_delete, name="network_delete"),
    *networks_items.urlpatterns,
]
