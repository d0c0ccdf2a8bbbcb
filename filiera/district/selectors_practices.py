"""Who sees and does what in the good-practice library, and the reads its pages share.

Published practices are shared across districts: every signed-in user reads them. A draft is
seen only by the staff (managers and verifiers) of its origin district and by platform admins;
only the managers of the origin district write and publish it. District experts (the managers
and verifiers of any district, and platform admins) evaluate published practices, except the
person who wrote one; only they read the experts' comments. The origin firm is named only when
it agreed to be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.public import reader_lang, text
from filiera.qualification.selectors import current_version
from filiera.registry.access import roles

PUBLISHED = GoodPractice.Status.PUBLISHED
DRAFT = GoodPractice.Status.DRAFT
CRITERIA = ("relevance", "concreteness", "added_value", "transferability")


# Access ---------------------------------------------------------------------------------------


def can_view(user, practice: GoodPractice) -> bool:
    if practice.status == PUBLISHED:
        return bool(getattr(user, "is_authenticated", False))
    r = roles(user)
    return r.superuser or practice.district_id in r.staffed_districts


def can_manage(user, practice: GoodPractice) -> bool:
    """Write, publish and take back to draft: the managers of the origin district."""
    r = roles(user)
    return r.superuser or practice.district_id in r.managed_districts


def can_create(user) -> bool:
    r = roles(user)
    return r.superuser or bool(r.managed_districts)


def is_expert(user) -> bool:
    """A district expert: manager or verifier of any district, or a platform admin."""
    r = roles(user)
    return r.superuser or r.is_district_staff


def can_evaluate(user, practice: GoodPractice) -> bool:
    return (
        practice.status == PUBLISHED
        and is_expert(user)
        and (practice.created_by_id is None or practice.created_by_id != user.pk)
    )


def get_practice_for(user, pk: int, check=None) -> GoodPractice:
    """The practice, 404 when the user may not see it, 403 when ``check`` says no."""
    practice = get_object_or_404(GoodPractice.objects.select_related("district", "firm"), pk=pk)
    if not can_view(user, practice):
        raise Http404("No such practice")
    if check is not None and not check(user, practice):
        raise PermissionDenied
    return practice


# Queries --------------------------------------------------------------------------------------


def _mark_total():
    return F("relevance") + F("concreteness") + F("added_value") + F("transferability")


def with_stats(queryset: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    """Each practice with ``rating`` (mean of the four criteria, 1-5, None when nobody
    evaluated it), ``evaluation_count`` and ``adoption_count`` (subqueries: no join blow-up)."""
    evaluations = (
        PracticeEvaluation.objects.filter(practice=OuterRef("pk")).order_by().values("practice")
    )
    adoptions = (
        PracticeAdoption.objects.filter(practice=OuterRef("pk")).order_by().values("practice")
    )
    return queryset.annotate(
        rating=Subquery(
            evaluations.annotate(v=Avg(_mark_total()) / Value(4.0)).values("v")[:1],
            output_field=FloatField(),
        ),
        evaluation_count=Coalesce(
            Subquery(evaluations.annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
        adoption_count=Coalesce(
            Subquery(adoptions.annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
    )


def published() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(status=PUBLISHED).select_related("district", "firm")


def drafts_for(user) -> QuerySet[GoodPractice]:
    """Drafts the user may see: those of the districts they work for (all, for admins)."""
    r = roles(user)
    queryset = GoodPractice.objects.filter(status=DRAFT).select_related("district", "firm")
    if not r.superuser:
        queryset = queryset.filter(district_id__in=r.staffed_districts)
    return queryset.order_by("-updated_at", "-id")


def search(queryset: QuerySet[GoodPractice], q: str) -> QuerySet[GoodPractice]:
    condition = Q()
    for name in ("title", "summary", "body", "results"):
        for lang in ("it", "en"):
            condition |= Q(**{f"{name}_{lang}__icontains": q})
    return queryset.filter(condition)


def with_code(queryset: QuerySet[GoodPractice], name: str, code: str) -> QuerySet[GoodPractice]:
    """Practices whose JSON list ``name`` (areas or questions) holds ``code`` (a text match on
    the stored list, the same on SQLite and PostgreSQL)."""
    return queryset.filter(**{f"{name}__icontains": f'"{code}"'})


# The methodology's areas and questions ---------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Areas (code → name) and questions (code → text) of the current methodology, in one
    language; ``groups`` lists each area's questions for grouped choices."""

    areas: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    question_area: dict[str, str] = field(default_factory=dict)

    def area_names(self, codes) -> list[str]:
        return [self.areas.get(code, code) for code in codes]


def catalogue(lang: str | None = None) -> Catalogue:
    lang = lang or reader_lang()
    version = current_version(None)
    if version is None:
        return Catalogue()
    methodology = version.parsed()
    areas, questions, groups, question_area = {}, {}, [], {}
    for area in methodology.areas:
        areas[area.code] = area.name.get(lang)
        choices = []
        for q in area.questions:
            if not q.enabled:
                continue
            questions[q.code] = q.text.get(lang)
            question_area[q.code] = area.code
            choices.append((q.code, f"{q.code} · {q.text.get(lang)}"))
        groups.append((area.name.get(lang), choices))
    return Catalogue(areas, questions, groups, question_area)


# What the pages show --------------------------------------------------------------------------


@dataclass
class Card:
    """A practice as a card of a list, in one language."""

    practice: GoodPractice
    title: str
    summary: str
    theme: str
    areas: list[str]
    district: str
    firm: str
    rating: float | None
    evaluations: int
    adoptions: int
    url: str = ""

    @property
    def pk(self) -> int:
        return self.practice.pk


def firm_name(practice: GoodPractice) -> str:
    """The origin firm's name, only when it agreed to be named."""
    if practice.firm is None or not practice.firm_consents:
        return ""
    return practice.firm.legal_name


def card(practice: GoodPractice, lang: str, names: Catalogue, url: str = "") -> Card:
    return Card(
        practice=practice,
        title=text(practice, "title", lang),
        summary=text(practice, "summary", lang),
        theme=practice.get_theme_display(),
        areas=names.area_names(practice.areas),
        district=practice.district.name,
        firm=firm_name(practice),
        rating=getattr(practice, "rating", None),
        evaluations=getattr(practice, "evaluation_count", 0),
        adoptions=getattr(practice, "adoption_count", 0),
        url=url,
    )


@dataclass
class Marks:
    """The experts' marks on a practice: count, mean per criterion and overall (1-5)."""

    count: int
    criteria: list[tuple[str, str, float | None]]
    overall: float | None


def marks(practice: GoodPractice) -> Marks:
    found = PracticeEvaluation.objects.filter(practice=practice).aggregate(
        n=Count("pk"), **{name: Avg(name) for name in CRITERIA}
    )
    labels = {
        name: getattr(PracticeEvaluation._meta.get_field(name), "verbose_name", name)
        for name in CRITERIA
    }
    rows = [(name, str(labels[name]), found[name]) for name in CRITERIA]
    values = [v for _name, _label, v in rows if v is not None]
    overall = sum(values) / len(values) if values else None
    return Marks(found["n"], rows, overall)


@dataclass
class Adoptions:
    firms: int
    districts: int

    @property
    def total(self) -> int:
        return self.firms + self.districts


def adoption_counts(practice: GoodPractice) -> Adoptions:
    found = PracticeAdoption.objects.filter(practice=practice).aggregate(
        firms=Count("pk", filter=Q(firm__isnull=False)),
        districts=Count("pk", filter=Q(district__isnull=False)),
    )
    return Adoptions(found["firms"], found["districts"])
