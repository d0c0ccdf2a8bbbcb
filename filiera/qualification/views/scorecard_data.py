"""What the scorecard shows, read once and shared by the page, the PDF and the public page.

A *card* is one score made readable: area names and red-flag questions in the reader's
language, the status with a one-line reason, the assurance mix. It is built from a stored
score snapshot (official), or from a score computed on the fly (provisional or re-scored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.qualification.methodology.schema import Methodology as Definition
from filiera.qualification.models import (
    Answer,
    Assessment,
    Evidence,
    MethodologyVersion,
    Score,
    Weighting,
)
from filiera.qualification.scoring import ASSURANCE_LEVELS, assurance_shares
from filiera.qualification.services.scores import evaluate
from filiera.registry import access as registry_access

ASSURANCE_LABELS = {
    "declared": gettext_lazy("declared by the firm"),
    "evidenced": gettext_lazy("backed by evidence"),
    "reviewed": gettext_lazy("reviewed by a verifier"),
    "verified": gettext_lazy("verified with evidence"),
}
REASON_LABELS = {
    "submitted": gettext_lazy("submitted"),
    "verified": gettext_lazy("verified"),
    "corrected": gettext_lazy("corrected by the verifier"),
    "dispute": gettext_lazy("after a dispute"),
    "evidence_changed": gettext_lazy("evidence changed"),
    "evidence_removed": gettext_lazy("evidence removed"),
    "evidence_expired": gettext_lazy("evidence expired"),
}
STATUS_LABELS = dict(Score.Status.choices)


@dataclass
class AreaRow:
    code: str
    name: str
    score: float | None
    grade: str
    gated: bool
    red_flags: list[tuple[str, str]]
    levels: dict[int, float | None]
    weight: float
    answered: int
    applicable: int

    @property
    def level_values(self) -> list[float | None]:
        """Levels 1, 2 and 3 in order; None where the area has no question of that level."""
        return [self.levels.get(level) for level in (1, 2, 3)]


@dataclass
class AssuranceRow:
    key: str
    label: str
    count: int
    share: float

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Card:
    version: MethodologyVersion
    overall: float | None
    grade: str
    status: str
    explanation: str
    evaluated_on: date | None
    areas: list[AreaRow]
    assurance: list[AssuranceRow]
    answered: int
    applicable: int
    red_flags: list[tuple[str, str]] = field(default_factory=list)
    provisional: bool = False

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def methodology_name(self) -> str:
        return self.version.methodology.name

    @property
    def definition(self) -> Definition:
        return self.version.parsed()

    @property
    def level_weights(self) -> list[tuple[int, int]]:
        """(level, share in %) of the three levels, as the methodology weighs them."""
        weights = {level: float(self.definition.level_weights.get(level, 0)) for level in (1, 2, 3)}
        total = sum(weights.values()) or 1.0
        return [(level, round(100 * weight / total)) for level, weight in weights.items()]


def explanation(status: str, red_flags: list[tuple[str, str]], definition: Definition) -> str:
    """One plain sentence saying why the status is what it is."""
    rules = definition.qualification
    figures = {
        "overall": f"{rules.qualified_min_overall:g}",
        "area": f"{rules.qualified_min_area:g}",
        "plan": f"{rules.improvement_plan_min_overall:g}",
    }
    if status == Score.Status.QUALIFIED:
        return (
            _(
                "The overall score is at least %(overall)s, every area at least %(area)s, "
                "and no red flag was found."
            )
            % figures
        )
    if status == Score.Status.WITH_PLAN:
        return (
            _(
                "The overall score is at least %(plan)s but below %(overall)s, or an area is below "
                "%(area)s: an improvement plan keeps the firm qualified."
            )
            % figures
        )
    if red_flags:
        return _("A red flag was found (%(codes)s): it must be resolved first.") % {
            "codes": ", ".join(code for code, _text in red_flags)
        }
    return _("The overall score is below %(plan)s.") % figures


def card_from(
    result: dict,
    version: MethodologyVersion,
    language: str,
    *,
    evaluated_on: date | None = None,
    provisional: bool = False,
) -> Card:
    """A readable card from a score snapshot (``ScoreResult.as_dict()``)."""
    definition = version.parsed()
    stored = result.get("areas", {})
    areas: list[AreaRow] = []
    all_flags: list[tuple[str, str]] = []
    for area in definition.areas:
        data = stored.get(area.code)
        if data is None:
            continue
        flags = []
        for code in data.get("red_flags", []):
            question = definition.question(code)
            flags.append((code, question.text.get(language) if question else code))
        all_flags.extend(flags)
        areas.append(
            AreaRow(
                code=area.code,
                name=area.name.get(language),
                score=data.get("score"),
                grade=data.get("grade", ""),
                gated=bool(data.get("gated")),
                red_flags=flags,
                levels={int(k): v for k, v in data.get("levels", {}).items()},
                weight=float(data.get("weight", area.weight)),
                answered=data.get("answered", 0),
                applicable=data.get("applicable", 0),
            )
        )
    counts = result.get("assurance", {})
    shares = assurance_shares(counts)
    assurance = [
        AssuranceRow(level, str(ASSURANCE_LABELS[level]), counts.get(level, 0), shares[level])
        for level in ASSURANCE_LEVELS
    ]
    on = evaluated_on or (date.fromisoformat(result["on"]) if result.get("on") else None)
    status = result.get("status", Score.Status.NOT_QUALIFIED)
    return Card(
        version=version,
        overall=result.get("overall"),
        grade=result.get("grade", ""),
        status=status,
        explanation=explanation(status, all_flags, definition),
        evaluated_on=on,
        areas=areas,
        assurance=assurance,
        answered=result.get("answered", 0),
        applicable=result.get("applicable", 0),
        red_flags=all_flags,
        provisional=provisional,
    )


def official_card(assessment: Assessment, language: str) -> Card:
    """The latest official score, or a provisional one when nothing was submitted yet."""
    score = assessment.score
    if score is not None:
        return card_from(score.result, score.version, language, evaluated_on=score.evaluated_on)
    result = evaluate(assessment)
    return card_from(result.as_dict(), assessment.version, language, provisional=True)


# Re-weighting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightOption:
    key: str  # the GET value: ``w<id>`` for a weighting, ``v<id>`` for a methodology version
    label: str
    weighting: Weighting | None = None
    version: MethodologyVersion | None = None


def family(version: MethodologyVersion) -> list[MethodologyVersion]:
    """The version and the versions it derives from, nearest first (at most a few steps)."""
    chain, seen = [version], {version.pk}
    current = version
    while current.based_on_id and current.based_on_id not in seen:
        current = MethodologyVersion.objects.select_related("methodology").get(
            pk=current.based_on_id
        )
        chain.append(current)
        seen.add(current.pk)
    return chain


def weight_options(user, assessment: Assessment) -> list[WeightOption]:
    """What the viewer may re-score this assessment under: the weightings of the viewer's own
    brands, of the assessed firm and of its districts, then the other published versions of
    the methodology family: its own methodology, the shipped base it derives from, and the
    versions the firm's districts derived from them."""
    chain = family(assessment.version)
    methodology_ids = {v.methodology_id for v in chain}
    own_firms = set(registry_access.roles(user).firm_roles) | {assessment.firm_id}
    district_ids = list(assessment.firm.districts.values_list("id", flat=True))
    # The firm's districts' own methodologies derived from this family belong to it too.
    methodology_ids |= set(
        MethodologyVersion.objects.filter(
            methodology__district_id__in=district_ids, based_on__methodology_id__in=methodology_ids
        ).values_list("methodology_id", flat=True)
    )
    weightings = (
        Weighting.objects.filter(methodology_id__in=methodology_ids)
        .filter(Q(firm_id__in=own_firms) | Q(district_id__in=district_ids))
        .select_related("firm", "district")
        .order_by("district_id", "firm_id", "name", "id")
    )
    options = [
        WeightOption(f"w{w.pk}", f"{w.name} · {w.firm or w.district}", weighting=w)
        for w in weightings
    ]
    versions = (
        MethodologyVersion.objects.filter(
            methodology_id__in=methodology_ids, status=MethodologyVersion.Status.PUBLISHED
        )
        .exclude(pk=assessment.version_id)
        .select_related("methodology")
        .order_by("methodology__slug", "-number")
    )
    options += [
        WeightOption(
            f"v{v.pk}",
            _("%(name)s, version %(number)s") % {"name": v.methodology.name, "number": v.number},
            version=v,
        )
        for v in versions
    ]
    return options


def rescored_card(
    assessment: Assessment, option: WeightOption, language: str, on: date | None
) -> Card:
    """The same frozen answers scored under another version or another set of area weights."""
    if option.version is not None:
        result = evaluate(assessment, version=option.version, on=on)
        return card_from(result.as_dict(), option.version, language, evaluated_on=on)
    assert option.weighting is not None
    result = evaluate(assessment, area_weights=option.weighting.area_weights, on=on)
    return card_from(result.as_dict(), assessment.version, language, evaluated_on=on)


# History -----------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    score: Score
    period: str
    reason: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.score.status, self.score.status))


def history_rows(scores) -> list[HistoryRow]:
    return [
        HistoryRow(s, s.assessment.period, str(REASON_LABELS.get(s.reason, s.reason)))
        for s in scores
    ]


# Public page -------------------------------------------------------------------------------


def public_basis(firm) -> tuple[Assessment | None, bool]:
    """The assessment behind the public page: the latest verified one, else the latest one with
    an official score; and whether it is verified."""
    scored = Assessment.objects.filter(firm=firm, score__isnull=False).select_related(
        "score__version__methodology", "district"
    )
    verified = (
        scored.filter(status=Assessment.Status.VERIFIED).order_by("-verified_at", "-id").first()
    )
    if verified is not None:
        return verified, True
    return scored.order_by("-submitted_at", "-id").first(), False


def valid_certificates(firm, definition: Definition | None, language: str, on: date) -> list:
    """Kinds of evidence valid today, one line per kind with the longest validity (no files)."""
    rows = Evidence.objects.filter(firm=firm).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
    )
    best: dict[str, Evidence] = {}
    for evidence in rows:
        kept = best.get(evidence.certificate)
        if kept is None or evidence.until_for_scoring > kept.until_for_scoring:
            best[evidence.certificate] = evidence
    found = []
    for code, evidence in best.items():
        kind = definition.certificate(code) if definition else None
        name = kind.name.get(language) if kind else (evidence.title or code)
        found.append({"name": name, "valid_until": evidence.valid_until})
    return sorted(found, key=lambda row: (row["valid_until"] or date.max, row["name"]))


def earliest_expiry(assessment: Assessment, on: date | None = None) -> date | None:
    """The first day on which evidence behind this assessment runs out (after ``on``)."""
    on = on or timezone.localdate()
    return (
        Answer.objects.filter(assessment=assessment, evidence_until__gte=on)
        .exclude(evidence_until=date.max)
        .order_by("evidence_until")
        .values_list("evidence_until", flat=True)
        .first()
    )


def public_context(firm, publication, language: str, *, flags: dict | None = None) -> dict:
    """Everything the public page shows, and only what the firm chose to publish."""
    flags = flags or {
        "show_grade": bool(publication and publication.show_grade),
        "show_areas": bool(publication and publication.show_areas),
        "show_certificates": bool(publication and publication.show_certificates),
    }
    assessment, verified = public_basis(firm)
    card = official_card(assessment, language) if assessment is not None else None
    today = timezone.localdate()
    definition = card.version.parsed() if card else None
    return {
        "firm": firm,
        "districts": list(firm.districts.all()),
        "assessment": assessment,
        "verified": verified,
        "card": card,
        "verified_on": assessment.verified_at if assessment and verified else None,
        "show_grade": flags["show_grade"],
        "show_areas": flags["show_areas"],
        "show_certificates": flags["show_certificates"],
        "certificates": valid_certificates(firm, definition, language, today)
        if flags["show_certificates"]
        else [],
        "today": today,
    }
