"""Reads about a firm's peers, feeding the plain engines ``improvement`` and ``benchmarks``.

Every firm is represented by its **latest scored assessment**: the most recent one holding an
official score (``Assessment.score``, set on submission and after verification or corrections).
Pages built on these reads never show another firm's name or individual figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from filiera.qualification.benchmarks import MIN_COHORT
from filiera.qualification.methodology.schema import Methodology
from filiera.qualification.models import Assessment
from filiera.registry.models import District, Firm


def _latest_scored_id() -> Subquery:
    return Subquery(
        Assessment.objects.filter(firm=OuterRef("pk"), score__isnull=False)
        .order_by("-created_at", "-id")
        .values("id")[:1]
    )


def latest_scored_ids(firms: QuerySet[Firm]) -> QuerySet:
    """Ids of each firm's latest scored assessment (firms without one are left out)."""
    return (
        firms.annotate(latest_scored=_latest_scored_id())
        .filter(latest_scored__isnull=False)
        .values("latest_scored")
    )


def latest_scored(firm: Firm) -> Assessment | None:
    return (
        Assessment.objects.filter(firm=firm, score__isnull=False)
        .select_related("score", "district", "version__methodology")
        .order_by("-created_at", "-id")
        .first()
    )


def division_of(firm: Firm) -> str:
    """ATECO division (first two digits) of the firm's main activity; ``""`` when unknown."""
    codes = list(firm.activities.order_by("-is_primary", "code").values_list("code", flat=True))
    return codes[0][:2] if codes else ""


def _in_division(division: str) -> Q:
    return Q(
        activities__is_primary=True,
        activities__code__startswith=f"{division}.",
    ) | Q(activities__is_primary=True, activities__code=division)


# Peer shares for improvement plans ---------------------------------------------------------


@dataclass(frozen=True)
class PeerShares:
    """How many peers were compared and, per question code, the share earning full credit."""

    peers: int
    shares: dict[str, float] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """With the firm itself, at least MIN_COHORT firms: otherwise a share could give away
        what one identifiable neighbour answered."""
        return self.peers + 1 >= MIN_COHORT


def full_credit_rule(methodology: Methodology, codes: list[str]) -> Q:
    """A filter on ``Answer`` rows earning full credit on ``codes`` (a simple proxy that leaves
    evidence aside): ``yes`` for yes/no questions, a best-credit choice for choice questions,
    any answer for number, date, text and file questions."""
    yesno: list[str] = []
    rule = Q(pk__in=[])
    open_ended: list[str] = []
    for code in codes:
        question = methodology.question(code)
        if question is None:
            continue
        if question.type == "yesno":
            yesno.append(code)
        elif question.type == "choice":
            credits = [c.credit for c in question.choices if c.credit is not None]
            top = max(credits, default=0)
            best = [c.code for c in question.choices if c.credit is not None and c.credit == top]
            if top > 0:
                rule |= Q(question=code, value__in=best)
        else:
            open_ended.append(code)
    if yesno:
        rule |= Q(question__in=yesno, value="yes")
    if open_ended:
        rule |= Q(question__in=open_ended) & ~Q(value__in=["", "na"])
    return rule


def peer_shares(
    firm: Firm, district: District, methodology: Methodology, codes: list[str]
) -> PeerShares:
    """Share of the district's other scored firms whose latest scored assessment earns full
    credit on each question: one count and one aggregate query, whatever the number of codes."""
    from filiera.qualification.models import Answer

    peers = Firm.objects.filter(districts=district).exclude(pk=firm.pk)
    ids = latest_scored_ids(peers)
    total = ids.count()
    if not total or not codes:
        return PeerShares(total)
    rows = (
        Answer.objects.filter(assessment_id__in=ids)
        .filter(full_credit_rule(methodology, codes))
        .values("question")
        .annotate(n=Count("assessment_id", distinct=True))
        .values_list("question", "n")
    )
    return PeerShares(total, {code: n / total for code, n in rows})


# Benchmark cohorts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """One firm's latest official score, as the cohort engines read it (no name attached)."""

    overall: float | None
    grade: str
    areas: dict[str, dict]


def _rows(firms: QuerySet[Firm]) -> list[ScoreRow]:
    ids = latest_scored_ids(firms)
    data = Assessment.objects.filter(id__in=ids).values_list(
        "score__overall", "score__grade", "score__result"
    )
    return [
        ScoreRow(overall, grade or "", (result or {}).get("areas", {}))
        for overall, grade, result in data
    ]


@dataclass(frozen=True)
class Cohort:
    district: District | None
    division: str
    size_class: str
    rows: list[ScoreRow]


def firm_cohort(firm: Firm, district: District | None) -> Cohort:
    """Firms of ``district`` with the firm's ATECO division and size class (the firm included),
    each with its latest official score. Empty when the division or size class is unknown."""
    division = division_of(firm)
    if district is None or not division or not firm.size_class:
        return Cohort(district, division, firm.size_class, [])
    firms = Firm.objects.filter(
        _in_division(division), districts=district, size_class=firm.size_class
    ).distinct()
    return Cohort(district, division, firm.size_class, _rows(firms))


def district_rows(district: District, division: str = "", size_class: str = "") -> list[ScoreRow]:
    """Latest official scores of the district's firms, optionally of one division and size."""
    firms = Firm.objects.filter(districts=district)
    if division:
        firms = firms.filter(_in_division(division))
    if size_class:
        firms = firms.filter(size_class=size_class)
    return _rows(firms.distinct())


def district_divisions(district: District) -> list[str]:
    """ATECO divisions of the main activities of the district's firms, for the filter."""
    codes = (
        Firm.objects.filter(districts=district, activities__is_primary=True)
        .values_list("activities__code", flat=True)
        .distinct()
    )
    return sorted({code[:2] for code in codes if code})
