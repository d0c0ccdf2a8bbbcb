from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from filiera.registry import access, duplicates, municipalities, services
from filiera.registry.forms import SiteForm
from filiera.registry.identifiers import IdentifierError, normalise_facility_id
from filiera.registry.models import FacilityId, Site
from filiera.registry.views.firms import get_firm_for


def _site_for(
    request: HttpRequest, facility_id: str, check=access.can_view_site
) -> Site | HttpResponse:
    """The site with this facility ID; merged IDs redirect to the surviving site."""
    try:
        code = normalise_facility_id(facility_id)
    except IdentifierError as exc:
        raise Http404("No such site") from exc
    issued = get_object_or_404(FacilityId.objects.select_related("site__firm"), code=code)
    site = issued.site
    if site is None or not access.can_view_site(request.user, site):
        raise Http404("No such site")
    if not check(request.user, site):
        raise PermissionDenied
    if code != facility_id or site.facility_id != code:
        target = site.get_absolute_url()
        if request.resolver_match and request.resolver_match.url_name == "site_edit":
            target += "edit/"
        return redirect(target, permanent=site.facility_id != code)
    return site


@login_required
def detail(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _site_for(request, facility_id)
    if isinstance(site, HttpResponse):
        return site
    return render(
        request,
        "registry/site_detail.html",
        {
            "site": site,
            "firm": site.firm,
            "processes": site.processes.select_related("parent"),
            "other_ids": [
                c for c in site.facility_ids.values_list("code", flat=True) if c != site.facility_id
            ],
            "can_edit": access.can_edit_site(request.user, site),
        },
    )


@login_required
def edit(request: HttpRequest, facility_id: str) -> HttpResponse:
    site = _site_for(request, facility_id, access.can_edit_site)
    if isinstance(site, HttpResponse):
        return site
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        services.update_site(request.user, site, **form.service_kwargs())
        messages.success(request, _("Changes saved."))
        return redirect(site)
    return render(
        request, "registry/site_form.html", {"form": form, "site": site, "firm": site.firm}
    )


@login_required
def create(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.can_edit_firm)
    form = SiteForm(request.POST or None, instance=Site(firm=firm))
    if request.method == "POST" and form.is_valid():
        site = services.create_site(request.user, firm, **form.service_kwargs())
        found = duplicates.check_site(request.user, site)
        messages.success(request, _("Site added."))
        if found:
            messages.warning(
                request,
                _("This site looks like an existing one: a district manager will review it."),
            )
        return redirect(site)
    return render(request, "registry/site_form.html", {"form": form, "firm": firm})


@login_required
def municipality_options(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for the municipality field's datalist (htmx)."""
    found = municipalities.search(request.GET.get("municipality_text") or request.GET.get("q", ""))
    return render(request, "registry/_municipality_options.html", {"found": found})
