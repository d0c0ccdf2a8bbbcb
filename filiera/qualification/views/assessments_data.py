"""Read-only page data for the assessment pages: which questions a firm is asked, progress per
area, question rows ready for the templates, and the firm's evidence about to expire.

Everything here reads; writes go through ``filiera.qualification.services``. The rows are plain
dicts so that a page of 120 questions renders without touching pydantic objects in templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from filiera.qualification import scoring
from filiera.qualification.methodology.schema import Area, Methodology, Question
from filiera.qualification.models import Assessment, Evidence, MethodologyVersion
from filiera.qualification.selectors import current_version
from filiera.qualification.services.assessments import required_questions
from filiera.registry.models import Firm

EXPIRY_HORIZON_DAYS = 90
LEVEL_NAMES = {1: _("Basics"), 2: _("Managed"), 3: _("Leading")}


def lang() -> str:
    return get_language() or "it"


# Which questions, and how far along --------------------------------------------------------


def asked(area: Area, ctx: scoring.FirmContext) -> list[Question]:
    """The enabled questions of ``area`` that apply to the firm, in methodology order."""
    return [q for q in area.questions if q.enabled and scoring.applies(q, ctx)]


def counts(question: Question) -> bool:
    """Whether the question must be answered before submitting (data-only ones weigh 0)."""
    return question.weight > 0


@dataclass(frozen=True)
class AreaProgress:
    code: str
    name: str
    answered: int
    applicable: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.applicable


def progress(
    methodology: Methodology, ctx: scoring.FirmContext, answered: set[str]
) -> list[AreaProgress]:
    """Answered / to answer per area, over the questions submitting requires."""
    language = lang()
    result = []
    for area in methodology.areas:
        required = required_questions(area, ctx)
        result.append(
            AreaProgress(
                area.code,
                area.name.get(language),
                sum(1 for code in required if code in answered),
                len(required),
            )
        )
    return result


def totals(items: Iterable[AreaProgress]) -> tuple[int, int]:
    items = list(items)
    return sum(p.answered for p in items), sum(p.applicable for p in items)


# Evidence ----------------------------------------------------------------------------------


def catalogue_version(firm: Firm) -> MethodologyVersion | None:
    """The version whose certificate catalogue names the firm's documents."""
    latest = (
        Assessment.objects.filter(firm=firm)
        .select_related("version")
        .order_by("-created_at", "-id")
        .first()
    )
    return latest.version if latest is not None else current_version(None)


def certificate_names(methodology: Methodology | None) -> dict[str, str]:
    if methodology is None:
        return {}
    language = lang()
    return {c.code: c.name.get(language) for c in methodology.certificates}


def evidence_label(evidence: Evidence, names: Mapping[str, str]) -> str:
    name = names.get(evidence.certificate)
    if name and evidence.title and evidence.title != name:
        return f"{name} · {evidence.title}"
    return name or evidence.title or evidence.file_name or gettext("Document")


def validity(evidence: Evidence, on: date) -> str:
    if evidence.valid_until is None:
        return gettext("no expiry")
    day = date_format(evidence.valid_until, "SHORT_DATE_FORMAT")
    if evidence.valid_until < on:
        return gettext("expired on %(date)s") % {"date": day}
    return gettext("valid until %(date)s") % {"date": day}


def evidence_options(evidence: Iterable[Evidence], names: Mapping[str, str]) -> list[dict]:
    """The firm's documents as choices for the questions' evidence lists."""
    on = timezone.localdate()
    return [
        {
            "id": e.pk,
            "certificate": e.certificate,
            "label": evidence_label(e, names),
            "validity": validity(e, on),
            "expired": e.valid_until is not None and e.valid_until < on,
        }
        for e in evidence
    ]


def expiring_evidence(
    firm: Firm, names: Mapping[str, str], *, days: int = EXPIRY_HORIZON_DAYS
) -> list[dict]:
    """Documents expired or expiring within ``days``, soonest first; a document already
    replaced by one of the same kind valid beyond the horizon is left out."""
    on = timezone.localdate()
    horizon = on + timedelta(days=days)
    items = list(Evidence.objects.filter(firm=firm).order_by("valid_until", "id"))
    lasting = {
        e.certificate
        for e in items
        if e.certificate != "other" and (e.valid_until is None or e.valid_until > horizon)
    }
    result = []
    for e in items:
        if e.valid_until is None or e.valid_until > horizon or e.certificate in lasting:
            continue
        left = (e.valid_until - on).days
        result.append(
            {
                "evidence": e,
                "label": evidence_label(e, names),
                "valid_until": e.valid_until,
                "days_left": left,
                "expired": left < 0,
                "days_ago": -left,
            }
        )
    return result


# Question rows -----------------------------------------------------------------------------


def _yesno_options() -> list[tuple[str, str]]:
    return [
        ("yes", gettext("Yes")),
        ("partial", gettext("Partly")),
        ("no", gettext("No")),
        ("na", gettext("Not applicable")),
    ]


INPUT_TYPES = {"number": "text", "date": "date", "text": "text", "file": "text"}


@dataclass
class RowBuilder:
    """Builds question rows for one assessment page; shared lookups are computed once."""

    assessment: Assessment
    methodology: Methodology
    options: list[dict]  # the firm's evidence as ``evidence_options``
    names: Mapping[str, str]  # certificate code → name in the current language

    def __post_init__(self) -> None:
        self.language = lang()
        self.yesno = _yesno_options()
        self.by_id = {o["id"]: o for o in self.options}
        # Question codes are URL-safe (see the schema's CODE): reverse once, fill in each code.
        self.answer_url = reverse("assessment_answer", args=[self.assessment.pk, "CODE"])
        # Each question lists every document of the firm: the markup of a document is built
        # once per page, and each question's list in one call (the page's hot loop).
        for o in self.options:
            o["html"] = format_html(
                '<span>{}</span> <small class="{}">{}</small>',
                o["label"],
                "expired" if o["expired"] else "muted",
                o["validity"],
            )
        self.fits = format_html(' <span class="badge fits">{}</span>', gettext("fits"))
        self.no_documents = format_html(
            '<p class="muted"><small>{}</small></p>', gettext("No documents uploaded yet.")
        )

    def documents(self, code: str, chosen: set[int], wanted: set[str]) -> SafeString:
        """The checkboxes of the firm's documents for one question (ids keep the focus when
        htmx swaps the question's block)."""
        prefix = f"q-{code}"
        if not self.options:
            return self.no_documents
        return format_html_join(
            "",
            '<label><input type="checkbox" id="{}-e{}" name="evidence" value="{}"{}> {}{}</label>',
            (
                (
                    prefix,
                    o["id"],
                    o["id"],
                    " checked" if o["id"] in chosen else "",
                    o["html"],
                    self.fits if o["certificate"] in wanted else "",
                )
                for o in self.options
            ),
        )

    def row(
        self,
        question: Question,
        *,
        value: str = "",
        comment: str = "",
        evidence_ids: Iterable[int] = (),
        error: str = "",
        saved: bool = False,
        open_extras: bool = False,
    ) -> dict:
        q = question
        language = self.language
        chosen = set(evidence_ids)
        wanted = set(q.certificates)
        if q.type == "yesno":
            choices = self.yesno
        elif q.type == "choice":
            choices = [(c.code, c.label.get(language)) for c in q.choices]
        else:
            choices = []
        display = dict(choices).get(value, value) if value != "na" else gettext("Not applicable")
        attached = [self.by_id[i] for i in chosen if i in self.by_id]
        return {
            "code": q.code,
            "level": q.level,
            "text": q.text.get(language),
            "help": q.help.get(language) if q.help else "",
            "type": q.type,
            "input_type": INPUT_TYPES.get(q.type, "text"),
            "unit": q.unit,
            "choices": choices,
            "critical": q.critical,
            "evidence": q.evidence,
            "counts": counts(q),
            "hint": [self.names.get(c, c) for c in q.certificates],
            "value": value,
            "display": display,
            "comment": comment,
            "attached": attached,
            "documents": self.documents(q.code, chosen, wanted),
            "error": error,
            "saved": saved,
            "open_extras": open_extras,
            "url": self.answer_url.replace("/CODE/", f"/{q.code}/"),
        }


def group_by_level(rows: list[dict]) -> list[tuple[int, str, list[dict]]]:
    return [
        (level, str(LEVEL_NAMES[level]), [r for r in rows if r["level"] == level])
        for level in (1, 2, 3)
        if any(r["level"] == level for r in rows)
    ]
