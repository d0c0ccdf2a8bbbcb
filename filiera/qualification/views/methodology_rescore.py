"""Re-score a district's handed-in assessments under a version, optionally with a weighting,
and compare with the official grades. Re-scored snapshots never replace the official score."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from filiera.core.usererror import UserError
from filiera.qualification.forms_methodology import RescoreForm
from filiera.qualification.models import MethodologyVersion, Score, Weighting
from filiera.qualification.services import rescoring
from filiera.qualification.tasks_rescore import rescore_district
from filiera.qualification.views.methodology_common import (
    get_version_for,
    managed_districts_for,
)

PAGE_SIZE = 100


def _weightings(version: MethodologyVersion, districts):
    return Weighting.objects.filter(methodology=version.methodology).filter(
        Q(district__in=districts) | Q(district__isnull=True, firm__isnull=True)
    )


def _results(version: MethodologyVersion, district, weighting):
    """The district's handed-in assessments with their latest re-score under these settings."""
    latest = Score.objects.filter(
        assessment=OuterRef("pk"), kind=Score.Kind.RESCORE, version=version, weighting=weighting
    ).order_by("-created_at", "-id")
    return (
        rescoring.assessments_to_rescore(district)
        .select_related("firm")
        .annotate(
            rescore_overall=Subquery(latest.values("overall")[:1]),
            rescore_grade=Subquery(latest.values("grade")[:1]),
            rescore_on=Subquery(latest.values("evaluated_on")[:1]),
        )
        .order_by("firm__legal_name", "-period", "id")
    )


def _row(assessment) -> dict:
    official, again = assessment.overall, assessment.rescore_overall
    change = None
    if official is not None and again is not None:
        change = round(again - official, 1)
    return {
        "assessment": assessment,
        "official": official,
        "rescored": again,
        "change": change,
    }


@login_required
def rescore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version_for(request.user, slug, number)
    districts = managed_districts_for(request.user, version)
    if not districts.exists():
        raise PermissionDenied
    if not version.is_published:
        messages.error(request, _("Publish the version first: only a published version re-scores."))
        return redirect("methodology_version", slug, number)
    weightings = _weightings(version, districts)
    url = reverse("methodology_rescore", args=[slug, number])
    if request.method == "POST":
        form = RescoreForm(request.POST, districts=districts, weightings=weightings)
        if form.is_valid():
            district = form.cleaned_data["district"]
            weighting = form.cleaned_data["weighting"]
            query = {"district": district.slug}
            if weighting is not None:
                query["weighting"] = weighting.pk
            count = rescoring.assessments_to_rescore(district).count()
            try:
                rescoring.check(version, weighting)
                if count > rescoring.INLINE_LIMIT:
                    rescore_district.enqueue(
                        version.pk,
                        district.pk,
                        weighting.pk if weighting else None,
                        timezone.localdate().isoformat(),
                    )
                    messages.success(
                        request,
                        _(
                            "Re-scoring of %(count)s assessments has started: "
                            "reload this page in a few minutes to see the results."
                        )
                        % {"count": count},
                    )
                else:
                    run = rescoring.rescore(version, district=district, weighting=weighting)
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s assessment re-scored.",
                            "%(count)s assessments re-scored.",
                            run.count,
                        )
                        % {"count": run.count},
                    )
            except UserError as err:
                messages.error(request, err.translated())
            return redirect(f"{url}?{urlencode(query)}")
    else:
        form = RescoreForm(request.GET or None, districts=districts, weightings=weightings)
    context = {"version": version, "methodology": version.methodology, "form": form}
    if form.is_bound and form.is_valid():
        district = form.cleaned_data["district"]
        weighting = form.cleaned_data["weighting"]
        page = Paginator(_results(version, district, weighting), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [_row(a) for a in page]
        query = {"district": district.slug}
        if weighting is not None:
            query["weighting"] = weighting.pk
        context.update(
            district=district,
            weighting=weighting,
            page=page,
            rows=rows,
            query=urlencode(query),
            rescored=any(row["rescored"] is not None for row in rows),
        )
    return render(request, "qualification/methodology_rescore.html", context)
