"""The district report as a PDF for the annual presentation: the dashboard's sections with the
page's filters and hidden counts (district staff only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from filiera.district import insight_pdf, insight_sections
from filiera.district.insight_engine import MIN_COHORT, SUPPRESSED
from filiera.registry.views.district import get_district_for


def cover_lines(form, board: insight_sections.Board) -> list[str]:
    lines = [date_format(timezone.localdate(), "DATE_FORMAT")]
    if board.computed_at is not None:
        when = date_format(timezone.localtime(board.computed_at), "DATETIME_FORMAT")
        lines.append(_("Figures computed on %(when)s.") % {"when": when})
    chosen = [
        f"{form.fields[name].label}: {dict(form.fields[name].choices).get(value, value)}"
        for name, value in board.filters.params().items()
    ]
    if chosen:
        lines.append(_("Filters: %(filters)s.") % {"filters": "; ".join(str(c) for c in chosen)})
    if not board.computed:
        lines.append(_("The figures have not been computed yet."))
    elif not board.enough:
        lines.append(_("Fewer than 5 firms match these filters: no figures are shown."))
    lines.append(
        _(
            "To keep every firm's results private, any count from 1 to %(n)s is shown as "
            "“%(marker)s” and shares appear only when at least %(min)s firms are behind them."
        )
        % {"n": MIN_COHORT - 1, "marker": SUPPRESSED, "min": MIN_COHORT}
    )
    return lines


@login_required
def district_insight_report(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug)
    form, board = insight_sections.from_request(district, request.GET, with_charts=False)
    content = insight_pdf.build_report(
        board,
        title=_("District report"),
        cover=cover_lines(form, board),
        footer=f"Filiera · {district.name}",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="filiera-report-{district.slug}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response
