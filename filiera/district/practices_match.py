"""Which good practices help which improvement actions.

An action closes the gap of one methodology question in one area. The practices that help it
are the published ones that name its question first, then those that serve its area; the best
evaluated come first within each group, then the newest, at most three per action. One query
reads the candidates for the whole plan; a second one (``for_plan``) reads which of them the
firm has already adopted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.urls import reverse

from filiera.district.models import GoodPractice, PracticeAdoption
from filiera.district.public import reader_lang, text
from filiera.district.selectors_practices import PUBLISHED, with_stats

MAX_PER_ACTION = 3


def _candidates(questions: set[str], areas: set[str]) -> list[GoodPractice]:
    condition = Q()
    for code in sorted(questions):
        condition |= Q(questions__icontains=f'"{code}"')
    for code in sorted(areas):
        condition |= Q(areas__icontains=f'"{code}"')
    if not condition:
        return []
    queryset = with_stats(GoodPractice.objects.filter(condition, status=PUBLISHED))
    return list(
        queryset.order_by(F("rating").desc(nulls_last=True), "-published_at", "-id").only(
            "pk",
            "title_it",
            "title_en",
            "areas",
            "questions",
            "published_at",
            "district_id",
            "firm_id",
            "status",
        )
    )


def for_actions(actions: Iterable) -> dict[int, list[GoodPractice]]:
    """Action id → up to three published practices: those naming the action's question, then
    those serving its area. Actions with none are left out."""
    actions = list(actions)
    if not actions:
        return {}
    found = _candidates({a.question for a in actions}, {a.area for a in actions})
    by_question: dict[str, list[GoodPractice]] = defaultdict(list)
    by_area: dict[str, list[GoodPractice]] = defaultdict(list)
    for practice in found:
        for code in practice.questions or []:
            by_question[code].append(practice)
        for code in practice.areas or []:
            by_area[code].append(practice)
    result: dict[int, list[GoodPractice]] = {}
    for action in actions:
        picked: list[GoodPractice] = []
        seen: set[int] = set()
        for practice in [*by_question.get(action.question, []), *by_area.get(action.area, [])]:
            if practice.pk in seen:
                continue
            seen.add(practice.pk)
            picked.append(practice)
            if len(picked) == MAX_PER_ACTION:
                break
        if picked:
            result[action.pk] = picked
    return result


@dataclass(frozen=True)
class LinkedPractice:
    """A practice as an improvement plan shows it: its title in the reader's language, its
    page, whether it names the action's question, whether the firm adopted it, and whether it
    comes from the firm itself."""

    pk: int
    title: str
    url: str
    by_question: bool
    adopted: bool
    own: bool = False  # it comes from the action's own firm: nothing to adopt

    def get_absolute_url(self) -> str:
        return self.url

    def __str__(self) -> str:
        return self.title


def for_plan(actions: Iterable) -> dict[int, list[LinkedPractice]]:
    """``for_actions`` for the plan page, with each firm's adoptions marked."""
    actions = list(actions)
    matches = for_actions(actions)
    if not matches:
        return {}
    practice_ids = {p.pk for found in matches.values() for p in found}
    adopted = set(
        PracticeAdoption.objects.filter(
            firm_id__in={a.firm_id for a in actions}, practice_id__in=practice_ids
        ).values_list("firm_id", "practice_id")
    )
    lang = reader_lang()
    result: dict[int, list[LinkedPractice]] = {}
    for action in actions:
        result[action.pk] = [
            LinkedPractice(
                pk=p.pk,
                title=text(p, "title", lang),
                url=reverse("practice_detail", args=[p.pk]),
                by_question=action.question in (p.questions or []),
                adopted=(action.firm_id, p.pk) in adopted,
                own=p.firm_id is not None and p.firm_id == action.firm_id,
            )
            for p in matches.get(action.pk, [])
        ]
    return result
