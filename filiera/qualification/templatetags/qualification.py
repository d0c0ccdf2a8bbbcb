"""Template tags other qualification pages reuse.

- ``{% grade_badge grade %}``: the A-E badge; ``provisional=True`` or ``status=assessment.status``
  (provisional unless verified) marks a grade that may still change.
- ``{% progress answered applicable %}``: a progress bar with "12 of 20 answered".
- ``{{ text|t }}`` (also ``question_text``): a methodology ``Text`` in the current language.
- ``{% firm_qualification_panel firm %}``: the qualification box of a firm's home page.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from filiera.qualification.models import Assessment
from filiera.qualification.views import assessments_data as data

register = template.Library()

PANEL_REMINDERS = 5


@register.filter(name="t")
def t(text) -> str:
    """A two-language text (a methodology ``Text`` or a ``{"it": …, "en": …}`` mapping)."""
    if text is None or text == "":
        return ""
    language = get_language() or "it"
    if isinstance(text, Mapping):
        return text.get("en" if language.startswith("en") else "it") or text.get("it", "")
    getter = getattr(text, "get", None)
    return getter(language) if callable(getter) else str(text)


register.filter("question_text", t)


@register.inclusion_tag("qualification/_grade.html")
def grade_badge(grade: str | None, provisional: bool = False, status: str | None = None) -> dict:
    """``status`` (an assessment's) marks the grade provisional unless it is verified."""
    if status is not None:
        provisional = status != Assessment.Status.VERIFIED
    return {"grade": grade or "", "provisional": provisional}


@register.simple_tag
def progress(answered: int, applicable: int) -> str:
    answered, applicable = int(answered or 0), int(applicable or 0)
    label = gettext("%(answered)s of %(applicable)s answered") % {
        "answered": answered,
        "applicable": applicable,
    }
    return format_html(
        '<div class="progress"><progress value="{}" max="{}" aria-label="{}"></progress>'
        "<small>{}</small></div>",
        answered,
        max(applicable, 1),
        label,
        label,
    )


@register.inclusion_tag("qualification/_firm_panel.html", takes_context=True)
def firm_qualification_panel(context, firm) -> dict:
    """Latest assessment, current grade, and documents expired or expiring within 90 days."""
    assessments = list(
        Assessment.objects.filter(firm=firm)
        .select_related("version")
        .order_by("-created_at", "-id")
    )
    latest = assessments[0] if assessments else None
    scored = next((a for a in assessments if a.score_id), None)
    version = latest.version if latest else data.catalogue_version(firm)
    names = data.certificate_names(version.parsed() if version else None)
    expiring = data.expiring_evidence(firm, names)
    return {
        "firm": firm,
        "latest": latest,
        "scored": scored,
        "expiring": expiring[:PANEL_REMINDERS],
        "more_expiring": max(len(expiring) - PANEL_REMINDERS, 0),
        "request": context.get("request"),
    }
