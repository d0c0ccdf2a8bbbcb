"""Computing and storing scores. Scores are immutable snapshots: every change adds one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from filiera.qualification import scoring
from filiera.qualification.methodology.cache import compiled
from filiera.qualification.models import Assessment, MethodologyVersion, Score, Weighting
from filiera.registry.models import Firm, Process, Site


def firm_contexts(firm_ids: list[int]) -> dict[int, dict]:
    """Each firm as the applicability rules see it (size class, role, the processes of its
    sites and whether one is wet), as JSON-friendly data; three queries for any number."""
    wet = set(Process.objects.filter(wet=True).values_list("code", flat=True))
    processes: dict[int, set[str]] = {pk: set() for pk in firm_ids}
    links = Site.processes.through.objects.filter(site__firm_id__in=firm_ids).values_list(
        "site__firm_id", "process_id"
    )
    for firm_id, code in links:
        processes[firm_id].add(code)
    contexts = {}
    for pk, size, role in Firm.objects.filter(pk__in=firm_ids).values_list(
        "pk", "size_class", "role"
    ):
        codes = sorted(processes[pk])
        contexts[pk] = {
            "size_class": size,
            "role": role,
            "processes": codes,
            "wet": any(c in wet for c in codes),
        }
    return contexts


def firm_context(firm: Firm) -> dict:
    return firm_contexts([firm.pk])[firm.pk]


def context_of(data: Mapping) -> scoring.FirmContext:
    return scoring.FirmContext(
        size_class=data.get("size_class", ""),
        role=data.get("role", ""),
        processes=frozenset(data.get("processes", ())),
        wet=bool(data.get("wet", False)),
    )


def answer_inputs(assessment_id: int) -> dict[str, scoring.AnswerInput]:
    from filiera.qualification.models import Answer

    rows = Answer.objects.filter(assessment_id=assessment_id).values_list(
        "question", "value", "evidence_until", "reviewed"
    )
    return {q: scoring.AnswerInput(v, until, reviewed) for q, v, until, reviewed in rows}


def evaluate(
    assessment: Assessment,
    *,
    version: MethodologyVersion | None = None,
    area_weights: Mapping[str, float] | None = None,
    on: date | None = None,
    answers: Mapping[str, scoring.AnswerInput] | None = None,
) -> scoring.ScoreResult:
    """Score an assessment's answers without storing anything (pages, what-ifs)."""
    return scoring.score(
        compiled(version or assessment.version),
        answers if answers is not None else answer_inputs(assessment.pk),
        context_of(assessment.context),
        on or timezone.localdate(),
        area_weights,
    )


def snapshot(
    assessment: Assessment | int,
    result: scoring.ScoreResult,
    *,
    version: MethodologyVersion,
    kind: str,
    reason: str,
    on: date,
    weighting: Weighting | None = None,
) -> Score:
    """An unsaved score snapshot of ``result`` (callers save one or insert many in bulk)."""
    target = (
        {"assessment_id": assessment} if isinstance(assessment, int) else {"assessment": assessment}
    )
    return Score(
        **target,
        version=version,
        weighting=weighting,
        kind=kind,
        reason=reason,
        evaluated_on=on,
        overall=result.overall,
        grade=result.grade,
        status=result.status,
        result=result.as_dict(),
    )


@transaction.atomic
def record_official(assessment: Assessment, reason: str, on: date | None = None) -> Score:
    """Score under the assessment's own version and weights and make it the current score."""
    on = on or timezone.localdate()
    result = evaluate(assessment, on=on)
    score = snapshot(
        assessment,
        result,
        version=assessment.version,
        kind=Score.Kind.OFFICIAL,
        reason=reason,
        on=on,
    )
    score.save()
    Assessment.objects.filter(pk=assessment.pk).update(
        score=score, overall=result.overall, grade=result.grade, qualification=result.status
    )
    assessment.score, assessment.overall = score, result.overall
    assessment.grade, assessment.qualification = result.grade, result.status
    return score


def rescore_many(
    assessments: QuerySet[Assessment],
    version: MethodologyVersion,
    *,
    weighting: Weighting | None = None,
    on: date | None = None,
    batch: int = 2000,
) -> int:
    """Re-score frozen answers under another version's weights (or a weighting); one snapshot
    each, kind ``rescore``. The hot path of a district-wide re-weighting: answers are read in
    batches with plain SQL (no model rows), scored by the engine and written in bulk."""
    on = on or timezone.localdate()
    plan = compiled(version)
    weights = weighting.area_weights if weighting else None
    items = list(assessments.values_list("id", "context"))
    written = 0
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        answers = _answers_of([pk for pk, _context in chunk])
        snapshots = []
        for pk, context in chunk:
            result = scoring.score(plan, answers.get(pk, {}), context_of(context), on, weights)
            snapshots.append(
                snapshot(
                    pk,
                    result,
                    version=version,
                    weighting=weighting,
                    kind=Score.Kind.RESCORE,
                    reason="reweighted",
                    on=on,
                )
            )
        Score.objects.bulk_create(snapshots, batch_size=1000)
        written += len(snapshots)
    return written


def _answers_of(ids: list[int]) -> dict[int, dict[str, scoring.AnswerInput]]:
    """The scoring inputs of many assessments, read with one plain query."""
    from filiera.qualification.models import Answer

    table = connection.ops.quote_name(Answer._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT assessment_id, question, value, evidence_until, reviewed FROM {table} "  # noqa: S608 - only placeholders are interpolated
        f"WHERE assessment_id IN ({marks})"
    )
    by_id: dict[int, dict[str, scoring.AnswerInput]] = {pk: {} for pk in ids}
    make = scoring.AnswerInput
    parse = date.fromisoformat
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        while rows := cursor.fetchmany(20000):
            for assessment_id, question, value, until, reviewed in rows:
                if until is not None and until.__class__ is str:  # SQLite returns text
                    until = parse(until)
                by_id[assessment_id][question] = make(value, until, bool(reviewed))
    return by_id
