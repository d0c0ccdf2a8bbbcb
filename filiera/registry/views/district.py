from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from filiera.core.models import AuditEvent
from filiera.registry import access, services
from filiera.registry.forms import DistrictForm
from filiera.registry.models import District, DuplicateCandidate, Firm, Site
from filiera.registry.models.firm import SizeClass


def get_district_for(user, slug: str, check=access.can_view_district) -> District:
    """The district, or 404 for anyone who is not on its staff."""
    district = get_object_or_404(District, slug=slug)
    if not check(user, district):
        raise Http404("No such district")
    return district


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """District home for its staff: counts and recent activity."""
    district = get_district_for(request.user, slug)
    firms = Firm.objects.filter(districts=district)
    by_role = dict(firms.values_list("role").annotate(n=Count("id")).values_list("role", "n"))
    by_size = dict(
        firms.values_list("size_class").annotate(n=Count("id")).values_list("size_class", "n")
    )
    firm_ids = firms.values("id")
    recent = AuditEvent.objects.filter(
        Q(district_id=district.pk) | Q(firm_id__in=firm_ids)
    ).select_related("actor")[:15]
    context = {
        "district": district,
        "firm_count": firms.count(),
        "site_count": Site.objects.filter(firm__in=firm_ids).count(),
        "member_count": district.memberships.count(),
        "open_duplicates": DuplicateCandidate.objects.filter(
            district=district, status=DuplicateCandidate.Status.OPEN
        ).count(),
        "by_role": [(label, by_role.get(value, 0)) for value, label in Firm.Role.choices],
        "by_size": [(label, by_size.get(value, 0)) for value, label in SizeClass.choices],
        "recent": recent,
        "can_manage": access.can_manage_district(request.user, district),
    }
    return render(request, "registry/district_home.html", context)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """District managers keep their district's details current."""
    district = get_district_for(request.user, slug, access.can_manage_district)
    return _district_form(request, district)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Platform admins open a new district."""
    if not access.roles(request.user).superuser:
        raise Http404("No such page")
    return _district_form(request, District())


def _district_form(request: HttpRequest, district: District) -> HttpResponse:
    form = DistrictForm(request.POST or None, request.FILES or None, instance=district)
    if request.method == "POST" and form.is_valid():
        district = services.save_district(
            request.user,
            form.save(commit=False),
            municipalities=form.cleaned_data["municipalities_text"],
            sectors=form.cleaned_data["sectors_text"],
            languages=form.cleaned_data["languages"],
        )
        messages.success(request, _("Changes saved."))
        return redirect(district)
    return render(request, "registry/district_form.html", {"form": form, "district": district})
