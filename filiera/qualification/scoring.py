"""Scoring engine: answers of one assessment → area scores, grades, status (plain Python).

The method follows DESIGN.md, "Scoring" (Higg FEM levels, EcoVadis evidence rule, amfori BSCI
grades). Every rule below is exact, because a stored score must be reproducible from the frozen
answers and the methodology version alone.

1. **Counted questions.** A question is counted when it is enabled, its weight is above 0 (weight 0
   marks data-only questions, never in a numerator or denominator) and it ``applies()`` to the
   firm: every non-empty list of ``applies_if`` must match, lists combine with AND.
   ``size_classes`` matches when it holds the firm's size class or the size is unknown (``""``);
   ``roles`` likewise with the firm's role; ``processes_any`` matches when the firm performs one
   of the listed processes, or the list holds ``wet`` and the firm performs a wet process.
2. **Credit of an answer** (0..1). yes/no: ``yes`` 1, ``partial`` 0.5, ``no`` 0, ``na`` not
   applicable. Choice: the chosen choice's ``credit``; a ``None`` credit means not applicable.
   Number, text, file: 1 when answered (number: a finite decimal, ``,`` accepted as the decimal
   mark; text/file: not only blanks). Date: an ISO date; 1 when the question has no
   ``max_age_days`` or ``(on - date).days <= max_age_days``, else 0. An empty or invalid value
   (unknown code, unparsable number or date) is *unanswered*: credit 0, it stays in the
   denominator. A not applicable answer leaves numerator and denominator (and the counts).
3. **Evidence rule.** For ``evidence: required`` the credit is kept only when evidence is attached
   and ``on <= evidence_until + evidence_grace_days``; otherwise the credit is 0 and the answer
   stays in the denominator. ``evidence_until`` is ``date.max`` for evidence without expiry.
4. **Assurance** of each answered question (valid value, not ``na``), whatever its credit: with
   valid evidence (``on <= evidence_until``) it is ``verified`` when reviewed, else ``evidenced``;
   without it (none attached, or expired even if still in the grace period) it is ``reviewed``
   when reviewed, else ``declared``. So in the grace period the credit is kept while the assurance
   falls back to declared. The four counts add up to ``answered``.
5. **Level score** = 100 * Σ(weight * credit) / Σ(weight) over the counted, applicable questions
   of that level. A level whose total weight is 0 (no such question) is absent; the level weights
   (``methodology.level_weights``, a missing level weighs 0) of the present levels are
   renormalised. Should the present levels all weigh 0, they count equally.
6. **Gating.** When a counted critical L1 question (not ``na``) has a credit below 1 (after the
   evidence rule; unanswered included), the present L2 and L3 levels score 0 and stay in the
   denominator. ``gated`` is reported when this happens and an L2 or L3 level is present.
7. **Area score** = Σ level_weight * level_score / Σ level_weight over the present levels, rounded
   to one decimal (half up). **Red flag**: a red-flag question answered (not empty, not ``na``)
   whose answer itself earns 0 (``no``, or a choice with credit 0) caps the area score at
   ``red_flag_cap``. So does a yes whose attached required evidence lapsed past the grace
   period (an expired DURC is an invalid DURC). A yes with no evidence attached yet loses its
   credit by rule 3 but is not a red flag: a missing upload is not a declared breach. An area with no applicable question
   has score ``None`` and ``applicable == 0``.
8. **Grade** from the rounded score: ``>= A`` → A, ``>= B`` → B, ``>= C`` → C, ``>= D`` → D, else E.
9. **Overall** = Σ area_weight * area_score / Σ area_weight over applicable areas with a weight
   above 0, using the rounded (and capped) area scores, rounded to one decimal (half up).
   Area weights default to each area's ``weight``; an override mapping replaces them (a missing
   area keeps its default, weight 0 removes the area from the overall and from the area minimum
   of rule 10). ``None`` when no area takes part; its grade is then ``""``.
10. **Status.** Any red flag, in any area (reweighting cannot hide a breach) → ``not_qualified``;
    else overall ``>= qualified_min_overall`` and every area taking part ``>= qualified_min_area``
    → ``qualified``; else overall ``>= improvement_plan_min_overall`` → ``qualified_with_plan``;
    else (or overall ``None``) ``not_qualified``.
11. **Gains** (improvement plans): for every counted question that is not ``na`` and whose credit is
    below the best it could earn (1, or the best choice's credit), the increase of the rounded
    overall if it earned that best credit with evidence valid on ``on`` (a fixed red flag no longer
    caps its area). Zero gains are left out; the rest are sorted by points, largest first, ties
    in methodology order.

Counts (``answered``, ``applicable``, assurance) cover every area, also those weighted 0.

Speed: :func:`compile_methodology` turns the pydantic methodology into plain tuples once (cached
by identity), so :func:`score` touches no pydantic object in its loop.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal, NamedTuple

from filiera.qualification.methodology.schema import WET, Grades, Methodology, Question

ASSURANCE_LEVELS = ("declared", "evidenced", "reviewed", "verified")
QUALIFIED: Final = "qualified"
QUALIFIED_WITH_PLAN: Final = "qualified_with_plan"
NOT_QUALIFIED: Final = "not_qualified"
Status = Literal["qualified", "qualified_with_plan", "not_qualified"]

# Indexes of the assurance counters (same order as ASSURANCE_LEVELS).
_DECLARED, _EVIDENCED, _REVIEWED, _VERIFIED = range(4)
# How a question's value is read.
_TABLE, _NUMBER, _DATE, _TEXT = range(4)
_YESNO_CREDITS: dict[str, float | None] = {"yes": 1.0, "partial": 0.5, "no": 0.0, "na": None}
_LEVELS = (1, 2, 3)


# Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FirmContext:
    """What decides which questions a firm is asked."""

    size_class: str = ""  # micro/small/medium/large or "" unknown
    role: str = ""  # firm role code
    processes: frozenset[str] = frozenset()  # process codes performed at the firm's sites
    wet: bool = False  # performs at least one wet process


class AnswerInput(NamedTuple):
    """One answer as the engine needs it; the caller resolves evidence and review beforehand.
    A named tuple: re-scoring a district builds a million of them."""

    value: str = ""  # "" = unanswered
    evidence_until: date | None = None  # latest validity end of the attached evidence
    reviewed: bool = False  # a verifier reviewed it


# Results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AreaResult:
    """One area's outcome. ``applicable`` counts applicable questions: 0 means the area is out."""

    code: str
    score: float | None
    grade: str
    gated: bool
    red_flags: tuple[str, ...]
    levels: dict[int, float | None]
    answered: int
    applicable: int
    weight: float = 0.0  # the area weight used for the overall (after any override)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "score": self.score,
            "grade": self.grade,
            "gated": self.gated,
            "red_flags": list(self.red_flags),
            "levels": {str(level): value for level, value in self.levels.items()},
            "answered": self.answered,
            "applicable": self.applicable,
            "weight": self.weight,
        }


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The outcome of one assessment; ``as_dict()`` is the stored, immutable snapshot."""

    overall: float | None
    grade: str
    status: Status
    areas: dict[str, AreaResult]
    red_flags: tuple[str, ...]
    assurance: dict[str, int]
    answered: int
    applicable: int
    methodology: str = ""  # ``slug@version``
    on: date | None = None  # the day the score holds for (evidence validity)

    @property
    def assurance_shares(self) -> dict[str, float]:
        """Share (0..1) of the answered questions at each assurance level."""
        return assurance_shares(self.assurance)

    def as_dict(self) -> dict[str, Any]:
        return {
            "methodology": self.methodology,
            "on": self.on.isoformat() if self.on else None,
            "overall": self.overall,
            "grade": self.grade,
            "status": self.status,
            "areas": {code: area.as_dict() for code, area in self.areas.items()},
            "red_flags": list(self.red_flags),
            "assurance": dict(self.assurance),
            "assurance_shares": self.assurance_shares,
            "answered": self.answered,
            "applicable": self.applicable,
        }


@dataclass(frozen=True, slots=True)
class Gain:
    """How much the overall score would rise if one question earned its best credit."""

    code: str
    area: str
    points: float
    current_credit: float


def assurance_shares(counts: Mapping[str, int]) -> dict[str, float]:
    """Counts per assurance level → shares of their total (all 0 when nothing is answered)."""
    total = sum(counts.get(level, 0) for level in ASSURANCE_LEVELS)
    if not total:
        return dict.fromkeys(ASSURANCE_LEVELS, 0.0)
    return {level: counts.get(level, 0) / total for level in ASSURANCE_LEVELS}


# Compilation -------------------------------------------------------------------------------

# Applicability of a question, compiled: (size classes, roles, process codes, wet) where an
# empty list became ``None``; the whole condition is ``None`` when the question applies to all.
_Cond = tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None, bool]
# code, level, weight, kind, credit table, critical, red flag, evidence required, max age, cond
_CQ = tuple[
    str, int, float, int, dict[str, float | None] | None, bool, bool, bool, int | None, _Cond | None
]


class CompiledArea:
    __slots__ = ("best", "code", "questions", "weight")

    def __init__(
        self,
        code: str,
        weight: float,
        questions: tuple[_CQ, ...],
        best: dict[str, tuple[str | None, float]],
    ) -> None:
        self.code = code
        self.weight = weight
        self.questions = questions  # scored questions (enabled, weight > 0), methodology order
        self.best = best  # code → (value earning the best credit, None = today; best credit)


class Compiled:
    """A methodology reduced to plain tuples for the scoring loop."""

    __slots__ = (
        "areas",
        "cap",
        "grace",
        "grades",
        "key",
        "level_weights",
        "methodology",
        "qualification",
    )

    def __init__(self, m: Methodology) -> None:
        self.methodology = m
        self.key = m.key
        self.areas = tuple(
            _compile_area(area.code, area.weight, area.questions) for area in m.areas
        )
        self.level_weights = (0.0, *(float(m.level_weights.get(lv, 0)) for lv in _LEVELS))  # type: ignore[call-overload]
        self.grades = m.grades
        self.cap = float(m.red_flag_cap)
        self.grace = timedelta(days=m.evidence_grace_days)
        q = m.qualification
        self.qualification = (
            q.qualified_min_overall,
            q.qualified_min_area,
            q.improvement_plan_min_overall,
        )


def _compile_cond(question: Question) -> _Cond | None:
    cond = question.applies_if
    if not (cond.size_classes or cond.roles or cond.processes_any):
        return None
    processes = frozenset(p for p in cond.processes_any if p != WET)
    return (
        frozenset(cond.size_classes) or None,
        frozenset(cond.roles) or None,
        processes if cond.processes_any else None,
        WET in cond.processes_any,
    )


def _compile_question(q: Question) -> tuple[_CQ, tuple[str | None, float]]:
    table: dict[str, float | None] | None = None
    best: tuple[str | None, float] = ("1", 1.0)  # a valid number, text or file reference
    if q.type == "yesno":
        kind, table, best = _TABLE, _YESNO_CREDITS, ("yes", 1.0)
    elif q.type == "choice":
        kind = _TABLE
        table = {c.code: (None if c.credit is None else float(c.credit)) for c in q.choices}
        scored = [(credit, code) for code, credit in table.items() if credit is not None]
        top = max((credit for credit, _ in scored), default=0.0)
        best = (next(code for credit, code in scored if credit == top) if scored else None, top)
    elif q.type == "number":
        kind = _NUMBER
    elif q.type == "date":
        kind, best = _DATE, (None, 1.0)  # None: the scoring day itself, the most recent date
    else:
        kind = _TEXT
    compiled: _CQ = (
        q.code,
        q.level,
        float(q.weight),
        kind,
        table,
        q.critical,
        q.red_flag,
        q.evidence == "required",
        q.max_age_days,
        _compile_cond(q),
    )
    return compiled, best


def _compile_area(code: str, weight: float, questions: list[Question]) -> CompiledArea:
    items: list[_CQ] = []
    best: dict[str, tuple[str | None, float]] = {}
    for q in questions:
        if q.enabled and q.weight > 0:
            compiled, best[q.code] = _compile_question(q)
            items.append(compiled)
    return CompiledArea(code, float(weight), tuple(items), best)


_CACHE: dict[int, tuple[Methodology, Compiled]] = {}
_CACHE_SIZE = 32


def compile_methodology(m: Methodology) -> Compiled:
    """Compile once per methodology object (methodologies are frozen, so identity is enough)."""
    hit = _CACHE.get(id(m))
    if hit is not None and hit[0] is m:
        return hit[1]
    compiled = Compiled(m)
    if len(_CACHE) >= _CACHE_SIZE:
        # Another thread may have evicted it first: nothing to do then.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(m)] = (m, compiled)  # keeping ``m`` alive keeps its id from being reused
    return compiled


def _compiled(m: Methodology | Compiled) -> Compiled:
    return m if isinstance(m, Compiled) else compile_methodology(m)


# Rules -------------------------------------------------------------------------------------


def _matches(cond: _Cond, ctx: FirmContext) -> bool:
    sizes, roles, processes, wet = cond
    if sizes is not None and ctx.size_class and ctx.size_class not in sizes:
        return False
    if roles is not None and ctx.role and ctx.role not in roles:
        return False
    if processes is None or (wet and ctx.wet):
        return True
    return not processes.isdisjoint(ctx.processes)


def applies(question: Question, ctx: FirmContext) -> bool:
    """Whether the question is asked of this firm (rule 1); a disabled question applies to none."""
    if not question.enabled:
        return False
    cond = _compile_cond(question)
    return cond is None or _matches(cond, ctx)


def round1(value: float) -> float:
    """Round to one decimal, half up (72.25 → 72.3), as people expect on a score card."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def grade_for(score: float, grades: Grades) -> str:
    """Grade of a score already rounded to one decimal (rule 8)."""
    if score >= grades.A:
        return "A"
    if score >= grades.B:
        return "B"
    if score >= grades.C:
        return "C"
    if score >= grades.D:
        return "D"
    return "E"


def _is_number(value: str) -> bool:
    try:
        number = float(value)
    except ValueError:
        try:
            number = float(value.replace(",", ".", 1))
        except ValueError:
            return False
    return math.isfinite(number)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _AreaScan:
    """Raw sums of one area, before levels are combined."""

    __slots__ = ("answered", "applicable", "cs", "flags", "gated", "ws")

    def __init__(self) -> None:
        self.ws = [0.0, 0.0, 0.0, 0.0]  # total weight per level (index 1..3)
        self.cs = [0.0, 0.0, 0.0, 0.0]  # weighted credit per level
        self.gated = False
        self.flags: list[str] = []
        self.answered = 0
        self.applicable = 0


def _scan(
    questions: tuple[_CQ, ...],
    get: Callable[[str], AnswerInput | None],
    ctx: FirmContext,
    on: date,
    grace_from: date,
    assurance: list[int],
    credits: dict[str, float] | None = None,
) -> _AreaScan:
    """Rules 1-4 and 6 over one area: the hot loop, kept free of pydantic and of allocations."""
    scan = _AreaScan()
    ws, cs, flags = scan.ws, scan.cs, scan.flags
    gated = False
    answered = applicable = 0
    for code, level, weight, kind, table, critical, red_flag, ev_req, max_age, cond in questions:
        if cond is not None and not _matches(cond, ctx):
            continue
        answer = get(code)
        credit = 0.0
        valid = False
        if answer is not None and (value := answer.value):
            if kind == _TABLE:
                found = table.get(value, -1.0)  # type: ignore[union-attr]
                if found is None:
                    continue  # not applicable
                if found >= 0.0:
                    credit, valid = found, True
            elif kind == _TEXT:
                if not value.isspace():
                    credit, valid = 1.0, True
            elif kind == _NUMBER:
                if _is_number(value):
                    credit, valid = 1.0, True
            else:
                day = _parse_date(value)
                if day is not None:
                    valid = True
                    if max_age is None or (on - day).days <= max_age:
                        credit = 1.0
        applicable += 1
        if valid:
            answered += 1
            until = answer.evidence_until  # type: ignore[union-attr]
            if until is not None and until >= on:
                assurance[_VERIFIED if answer.reviewed else _EVIDENCED] += 1  # type: ignore[union-attr]
            else:
                assurance[_REVIEWED if answer.reviewed else _DECLARED] += 1  # type: ignore[union-attr]
            lapsed = ev_req and until is not None and until < grace_from
            if red_flag and (credit == 0.0 or lapsed):
                flags.append(code)
            if ev_req and (until is None or until < grace_from):
                credit = 0.0
        ws[level] += weight
        cs[level] += weight * credit
        if critical and credit < 1.0:
            gated = True
        if credits is not None:
            credits[code] = credit
    scan.gated, scan.answered, scan.applicable = gated, answered, applicable
    return scan


def _combine(scan: _AreaScan, c: Compiled) -> tuple[float | None, dict[int, float | None], bool]:
    """Rules 5-7: level scores, gating and the rounded, capped area score."""
    ws, cs, lw = scan.ws, scan.cs, c.level_weights
    present = [lv for lv in _LEVELS if ws[lv] > 0.0]
    if not present:
        return None, dict.fromkeys(_LEVELS), False
    gated = scan.gated and (ws[2] > 0.0 or ws[3] > 0.0)
    raw: dict[int, float] = {}
    for lv in present:
        raw[lv] = 0.0 if gated and lv > 1 else 100.0 * cs[lv] / ws[lv]
    total = sum(lw[lv] for lv in present)
    if total > 0.0:
        value = sum(lw[lv] * raw[lv] for lv in present) / total
    else:
        value = sum(raw.values()) / len(raw)
    area_score = round1(value)
    if scan.flags:
        area_score = min(area_score, c.cap)
    levels: dict[int, float | None] = {lv: None for lv in _LEVELS}
    for lv, level_score in raw.items():
        levels[lv] = round1(level_score)
    return area_score, levels, gated


def _area_weights(c: Compiled, overrides: Mapping[str, float] | None) -> list[float]:
    if not overrides:
        return [area.weight for area in c.areas]
    return [float(overrides.get(area.code, area.weight)) for area in c.areas]


def _overall(scores: list[float | None], weights: list[float]) -> float | None:
    num = den = 0.0
    for area_score, weight in zip(scores, weights, strict=True):
        if area_score is not None and weight > 0.0:
            num += weight * area_score
            den += weight
    return round1(num / den) if den > 0.0 else None


def _grace_from(c: Compiled, on: date) -> date:
    """First day of evidence validity that still earns credit on ``on`` (rule 3)."""
    try:
        return on - c.grace
    except OverflowError:
        return date.min


def _status(
    c: Compiled,
    overall: float | None,
    scores: list[float | None],
    weights: list[float],
    red_flags: tuple[str, ...],
) -> Status:
    """Rule 10."""
    if red_flags or overall is None:
        return NOT_QUALIFIED
    min_overall, min_area, plan_min = c.qualification
    taking_part = [s for s, w in zip(scores, weights, strict=True) if s is not None and w > 0.0]
    if overall >= min_overall and all(s >= min_area for s in taking_part):
        return QUALIFIED
    if overall >= plan_min:
        return QUALIFIED_WITH_PLAN
    return NOT_QUALIFIED


def score(
    m: Methodology | Compiled,
    answers: Mapping[str, AnswerInput],
    ctx: FirmContext,
    on: date,
    area_weights: Mapping[str, float] | None = None,
) -> ScoreResult:
    """Score one assessment's answers (keyed by question code) for the firm on day ``on``."""
    c = _compiled(m)
    get = answers.get
    grace_from = _grace_from(c, on)
    weights = _area_weights(c, area_weights)
    assurance = [0, 0, 0, 0]
    grades = c.grades
    areas: dict[str, AreaResult] = {}
    scores: list[float | None] = []
    red_flags: list[str] = []
    answered = applicable = 0
    for area, weight in zip(c.areas, weights, strict=True):
        scan = _scan(area.questions, get, ctx, on, grace_from, assurance)
        area_score, levels, gated = _combine(scan, c)
        flags = tuple(scan.flags)
        areas[area.code] = AreaResult(
            area.code,
            area_score,
            "" if area_score is None else grade_for(area_score, grades),
            gated,
            flags,
            levels,
            scan.answered,
            scan.applicable,
            weight,
        )
        scores.append(area_score)
        red_flags.extend(flags)
        answered += scan.answered
        applicable += scan.applicable
    overall = _overall(scores, weights)
    flagged = tuple(red_flags)
    return ScoreResult(
        overall=overall,
        grade="" if overall is None else grade_for(overall, grades),
        status=_status(c, overall, scores, weights, flagged),
        areas=areas,
        red_flags=flagged,
        assurance=dict(zip(ASSURANCE_LEVELS, assurance, strict=True)),
        answered=answered,
        applicable=applicable,
        methodology=c.key,
        on=on,
    )


def gains(
    m: Methodology | Compiled,
    answers: Mapping[str, AnswerInput],
    ctx: FirmContext,
    on: date,
    area_weights: Mapping[str, float] | None = None,
) -> list[Gain]:
    """Rule 11: what each improvable answer would add to the overall score, best first."""
    c = _compiled(m)
    base = score(c, answers, ctx, on, area_weights)
    if base.overall is None:
        return []
    grace_from = _grace_from(c, on)
    weights = _area_weights(c, area_weights)
    scores = [base.areas[area.code].score for area in c.areas]
    scratch = [0, 0, 0, 0]
    found: list[Gain] = []
    for index, (area, weight) in enumerate(zip(c.areas, weights, strict=True)):
        if scores[index] is None or weight <= 0.0:
            continue
        credits: dict[str, float] = {}
        _scan(area.questions, answers.get, ctx, on, grace_from, scratch, credits)
        for code, current in credits.items():
            best_value, best_credit = area.best[code]
            if current >= best_credit:
                continue
            improved = AnswerInput(best_value or on.isoformat(), date.max)
            get = _with_answer(answers, code, improved)
            new_score, _, _ = _combine(_scan(area.questions, get, ctx, on, grace_from, scratch), c)
            trial = scores.copy()
            trial[index] = new_score
            new_overall = _overall(trial, weights)
            points = round(new_overall - base.overall, 1) if new_overall is not None else 0.0
            if points > 0.0:
                found.append(Gain(code, area.code, points, current))
    found.sort(key=lambda g: -g.points)  # stable: ties stay in methodology order
    return found


def _with_answer(
    answers: Mapping[str, AnswerInput], code: str, answer: AnswerInput
) -> Callable[[str], AnswerInput | None]:
    """``answers.get`` with one answer replaced, without copying the mapping."""
    base_get = answers.get

    def get(key: str) -> AnswerInput | None:
        return answer if key == code else base_get(key)

    return get
