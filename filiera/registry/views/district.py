from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from filiera.core.models import AuditEvent
from filiera.registry import access
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
