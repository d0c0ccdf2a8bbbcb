from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from filiera.core.models import AuditEvent
from filiera.registry import access, duplicates, services
from filiera.registry.forms import FirmForm
from filiera.registry.models import Firm
from filiera.registry.reference import ateco_title


def get_firm_for(user, pk: int, check=access.can_view_firm) -> Firm:
    """The firm, or 404 when the user may not see it (its existence stays private)."""
    firm = get_object_or_404(Firm, pk=pk)
    if not access.can_view_firm(user, firm):
        raise _not_found()
    if not check(user, firm):
        raise PermissionDenied
    return firm


def _not_found():
    from django.http import Http404

    return Http404("No such firm")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    sites = firm.sites.select_related("municipality").prefetch_related("processes")
    return render(
        request,
        "registry/firm_detail.html",
        {
            "firm": firm,
            "sites": sites,
            "activities": [(a.code, ateco_title(a.code)) for a in firm.activities.all()],
            "districts": firm.districts.all(),
            "can_edit": access.can_edit_firm(request.user, firm),
            "can_manage_members": access.can_manage_firm_members(request.user, firm),
            "can_view_audit": access.can_view_audit(request.user, firm),
            "open_duplicates": duplicates.open_for_firm(firm)
            if access.can_view_audit(request.user, firm)
            else [],
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """District managers add a firm to one of their districts."""
    districts = access.managed_districts(request.user)
    if not districts.exists():
        raise PermissionDenied
    form = FirmForm(request.POST or None, request.FILES or None)
    chosen = request.POST.get("district") or request.GET.get("district")
    district = districts.filter(slug=chosen).first() or districts.first()
    assert district is not None
    if request.method == "POST" and form.is_valid():
        data = _firm_data(form)
        ateco = data.pop("ateco")
        firm = services.create_firm(
            request.user, districts=[district], ateco=ateco, country=form.instance.country, **data
        )
        found = duplicates.check_firm(request.user, firm)
        messages.success(request, _("Firm created."))
        if found:
            messages.warning(
                request,
                _(
                    "This firm looks like %(count)s existing one(s): review it on the duplicates page."
                )
                % {"count": len(found)},
            )
        return redirect(firm)
    return render(
        request,
        "registry/firm_form.html",
        {"form": form, "districts": districts, "district": district},
    )


def _firm_data(form: FirmForm) -> dict:
    """The form's values for the services; a cleared logo becomes empty, an untouched one stays."""
    data = dict(form.cleaned_data)
    logo = data.pop("logo", None)
    if logo is not None:
        data["logo"] = logo or ""
    return data


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.can_edit_firm)
    form = FirmForm(request.POST or None, request.FILES or None, instance=firm)
    if request.method == "POST" and form.is_valid():
        data = _firm_data(form)
        ateco = data.pop("ateco")
        services.update_firm(request.user, firm, ateco=ateco, **data)
        messages.success(request, _("Changes saved."))
        return redirect(firm)
    return render(request, "registry/firm_form.html", {"form": form, "firm": firm})


@login_required
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of a firm, its sites and people (district managers)."""
    firm = get_firm_for(request.user, pk, access.can_view_audit)
    events = AuditEvent.objects.filter(firm_id=firm.pk).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "registry/firm_audit.html", {"firm": firm, "page": page})
