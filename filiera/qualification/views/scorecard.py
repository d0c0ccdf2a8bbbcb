"""The scorecard of an assessment: the page (with re-weighting on the fly) and its PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filiera.qualification import access, charts, pdf, selectors
from filiera.qualification.models import Assessment
from filiera.qualification.services import publication as publication_services
from filiera.qualification.views import scorecard_data as data
from filiera.qualification.views.common import get_assessment_for
from filiera.registry import access as registry_access
from filiera.registry.models import Firm


def score_text(value: float | None) -> str:
    return "—" if value is None else number_format(value, 1)


def _url(name: str, *args) -> str | None:
    """A link to another topic's page, or None while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def area_chart(card: data.Card, chart_id: str = "areas") -> str:
    return charts.area_bars(
        [charts.Bar(a.name, a.score, a.grade) for a in card.areas],
        title=_("Score of each area"),
        desc=_("Score from 0 to 100 and grade of each area; the same figures are in the table."),
        chart_id=chart_id,
        fmt=score_text,
        empty=_("not applicable"),
    )


def assurance_chart(card: data.Card) -> str:
    return charts.share_bar(
        [charts.Part(row.key, row.label, row.share) for row in card.assurance],
        title=_("How the answers are backed"),
        desc=_("Share of the answers at each level of assurance; the figures are in the table."),
    )


def history_chart(rows: list[data.HistoryRow]) -> str:
    return charts.history_chart(
        [
            charts.Point(
                date_format(r.score.evaluated_on, "SHORT_DATE_FORMAT"),
                r.score.overall,
                r.score.grade,
            )
            for r in rows
        ],
        title=_("Official scores over time"),
        desc=_("Each official overall score of the firm, oldest first; the table lists them."),
        fmt=score_text,
    )


def _management_links(user, firm: Firm) -> list[tuple[str, str]]:
    """Where this viewer keeps their own weightings (their brands, their districts)."""
    r = registry_access.roles(user)
    links = []
    brands = Firm.objects.filter(pk__in=list(r.firm_roles), role=Firm.Role.BRAND)
    for brand in brands:
        if access.is_firm_editor(user, brand):
            links.append((reverse("weighting_list", args=[brand.pk]), brand.legal_name))
    for district in firm.districts.filter(pk__in=r.managed_districts):
        links.append((reverse("district_weightings", args=[district.slug]), district.name))
    return links


@login_required
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    language = get_language()
    official = data.official_card(assessment, language)
    options = data.weight_options(request.user, assessment)
    wanted = request.GET.get("weights", "")
    chosen = next((o for o in options if o.key == wanted), None)
    rescored = (
        data.rescored_card(assessment, chosen, language, official.evaluated_on)
        if chosen is not None
        else None
    )
    shown = rescored or official
    history = data.history_rows(selectors.official_history(assessment.firm))
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "official": official,
        "card": shown,
        "rescored": rescored,
        "chosen": chosen,
        "options": options,
        "unknown_weights": bool(wanted) and chosen is None,
        "area_chart": area_chart(shown),
        "assurance_chart": assurance_chart(shown),
        "history": history,
        "history_chart": history_chart(history) if history else "",
        "assessment_url": _url("assessment_detail", assessment.pk),
        "can_publish": access.is_firm_editor(request.user, assessment.firm),
        "weighting_links": _management_links(request.user, assessment.firm),
    }
    return render(request, "qualification/scorecard.html", context)


# PDF ---------------------------------------------------------------------------------------


def _area_note(area: data.AreaRow) -> str:
    notes = []
    if area.red_flags:
        notes.append(
            _("Red flag: %(codes)s") % {"codes": ", ".join(code for code, _t in area.red_flags)}
        )
    if area.gated:
        notes.append(_("Levels 2 and 3 wait for the basic critical items."))
    if area.score is None:
        notes.append(_("not applicable"))
    return " ".join(notes)


def validity_note(assessment: Assessment, card: data.Card) -> str:
    """When this scorecard holds, in one or two sentences."""
    on = card.evaluated_on
    parts = [
        _("This scorecard shows the score as evaluated on %(date)s.")
        % {"date": date_format(on) if on else "—"}
    ]
    expiry = data.earliest_expiry(assessment, on)
    if expiry is not None:
        parts.append(
            _("Some evidence behind it runs out on %(date)s; the score may change then.")
            % {"date": date_format(expiry)}
        )
    parts.append(_("The QR code leads to the current status."))
    return " ".join(parts)


def scorecard_doc(assessment: Assessment, card: data.Card, public_url: str) -> pdf.ScorecardDoc:
    firm = assessment.firm
    return pdf.ScorecardDoc(
        firm_name=firm.legal_name,
        vat=firm.vat_display,
        period=assessment.period,
        district=assessment.district.name,
        methodology=_("%(name)s, version %(number)s")
        % {"name": card.methodology_name, "number": card.version.number},
        evaluated_on=date_format(card.evaluated_on) if card.evaluated_on else "—",
        overall=score_text(card.overall),
        grade=card.grade,
        status=card.status_label,
        explanation=card.explanation,
        public_url=public_url,
        provisional=card.provisional,
        areas=[
            pdf.AreaLine(a.name, score_text(a.score), a.grade, _area_note(a)) for a in card.areas
        ],
        assurance=[
            pdf.AssuranceLine(capfirst(row.label), str(row.count), f"{row.percent} %")
            for row in card.assurance
        ],
        validity=validity_note(assessment, card),
    )


def pdf_file_name(assessment: Assessment) -> str:
    stem = "-".join(
        part
        for part in (
            slugify(_("scorecard")),
            slugify(assessment.firm.legal_name)[:60],
            slugify(assessment.period),
        )
        if part
    )
    return f"{stem or 'scorecard'}.pdf"


@login_required
def scorecard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    publication = publication_services.ensure_publication(request.user, assessment.firm)
    public_url = request.build_absolute_uri(reverse("scorecard_public", args=[publication.token]))
    card = data.official_card(assessment, get_language())
    content = pdf.build_pdf(scorecard_doc(assessment, card, public_url))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_file_name(assessment)}"'
    return response
