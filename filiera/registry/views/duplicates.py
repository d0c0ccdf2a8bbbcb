from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.registry import access
from filiera.registry import duplicates as service
from filiera.registry.models import DuplicateCandidate, Firm, Site
from filiera.registry.views.district import get_district_for

Status = DuplicateCandidate.Status


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """Possible duplicates in a district, to confirm, dismiss or merge."""
    district = get_district_for(request.user, slug, access.can_manage_district)
    candidates = DuplicateCandidate.objects.filter(district=district)
    open_ = list(candidates.filter(status__in=[Status.OPEN, Status.CONFIRMED]))
    firms = Firm.objects.in_bulk(
        [i for c in open_ if c.kind == "firm" for i in (c.left_id, c.right_id)]
    )
    sites = Site.objects.select_related("firm", "municipality").in_bulk(
        [i for c in open_ if c.kind == "site" for i in (c.left_id, c.right_id)]
    )
    rows = []
    for c in open_:
        objects = firms if c.kind == "firm" else sites
        rows.append((c, objects.get(c.left_id), objects.get(c.right_id)))
    decided = candidates.exclude(status__in=[Status.OPEN, Status.CONFIRMED]).select_related(
        "decided_by"
    )[:30]
    return render(
        request,
        "registry/duplicates.html",
        {"district": district, "rows": rows, "decided": decided},
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    district = get_district_for(request.user, slug, access.can_manage_district)
    candidate = get_object_or_404(DuplicateCandidate, pk=pk, district=district)
    action = request.POST.get("action")
    if action in (Status.CONFIRMED, Status.DISMISSED):
        service.decide(request.user, candidate, action)
        messages.success(request, _("Decision saved."))
    elif action == "merge":
        keep = int(request.POST.get("keep", 0))
        if keep not in (candidate.left_id, candidate.right_id):
            messages.error(request, _("Choose which record to keep."))
        else:
            service.merge(request.user, candidate, keep)
            messages.success(request, _("Records merged."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("duplicates", district.slug)
