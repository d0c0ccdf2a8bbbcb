"""The scoring engine against hand-computed figures (plain Python, no database).

Unless a test says otherwise the level weights are the defaults L1 25, L2 50, L3 25, the grades
A >= 86, B >= 71, C >= 51, D >= 30, the red-flag cap 29 and the evidence grace 30 days.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from filiera.qualification.methodology.schema import Grades, Methodology, Question
from filiera.qualification.scoring import (
    AnswerInput,
    Compiled,
    FirmContext,
    applies,
    compile_methodology,
    gains,
    grade_for,
    round1,
    score,
)

ON = date(2025, 6, 30)
T = {"it": "testo", "en": "text"}
ANYONE = FirmContext()


def q(code: str, level: int = 1, **extra) -> dict:
    return {"code": code, "level": level, "text": T, **extra}


def area(code: str, *questions: dict, weight: float = 1) -> dict:
    return {"code": code, "name": T, "weight": weight, "questions": list(questions)}


def methodology(*areas: dict, **extra) -> Methodology:
    return Methodology(slug="test", version=1, name=T, areas=list(areas), **extra)


def ans(value: str = "", until: date | None = None, reviewed: bool = False) -> AnswerInput:
    return AnswerInput(value, until, reviewed)


def answers(**values: str | AnswerInput) -> dict[str, AnswerInput]:
    return {code: v if isinstance(v, AnswerInput) else ans(v) for code, v in values.items()}


def choice(code: str, credit: float | None) -> dict:
    return {"code": code, "label": T, "credit": credit}


# Levels and gating --------------------------------------------------------------------------

GATED = methodology(
    area(
        "env",
        q("c1", critical=True),
        q("q1"),
        q("q2", 2),
        q("q3", 2),
        q("q4", 3),
    )
)


def test_levels_combine_with_their_weights():
    # L1 = (1 + 0) / 2 = 50; L2 = (1 + 0.5) / 2 = 75; L3 = 0
    # area = (25*50 + 50*75 + 25*0) / 100 = 50.0 -> D; one area, so overall 50.0
    # status: 50 < 51 but >= 30 -> qualified_with_plan
    result = score(GATED, answers(c1="yes", q1="no", q2="yes", q3="partial", q4="no"), ANYONE, ON)
    env = result.areas["env"]
    assert env.levels == {1: 50.0, 2: 75.0, 3: 0.0}
    assert env.score == 50.0
    assert env.grade == "D"
    assert not env.gated
    assert result.overall == 50.0
    assert result.grade == "D"
    assert result.status == "qualified_with_plan"
    assert (result.answered, result.applicable) == (5, 5)


@pytest.mark.parametrize("critical", ["no", "partial", ""])
def test_a_critical_item_not_positive_gates_levels_2_and_3(critical):
    # c1 credit < 1 -> L2 and L3 score 0 but stay in the denominator
    # L1 = (c1 + 1) / 2 with c1 = 0 / 0.5 / 0; area = 25 * L1 / 100
    result = score(GATED, answers(c1=critical, q1="yes", q2="yes", q3="yes", q4="yes"), ANYONE, ON)
    env = result.areas["env"]
    l1 = {"no": 50.0, "partial": 75.0, "": 50.0}[critical]
    assert env.gated
    assert env.levels == {1: l1, 2: 0.0, 3: 0.0}
    assert env.score == round1(25 * l1 / 100)  # 12.5 or 18.75 -> 18.8
    assert env.grade == "E"


def test_a_critical_item_answered_na_does_not_gate():
    # c1 na leaves the count: L1 = q1 no = 0; L2 = 75; L3 = 0
    # area = (25*0 + 50*75 + 25*0) / 100 = 37.5 -> D
    result = score(GATED, answers(c1="na", q1="no", q2="yes", q3="partial", q4="no"), ANYONE, ON)
    env = result.areas["env"]
    assert not env.gated
    assert env.levels == {1: 0.0, 2: 75.0, 3: 0.0}
    assert env.score == 37.5
    assert env.grade == "D"
    assert (env.answered, env.applicable) == (4, 4)


def test_a_critical_item_without_required_evidence_gates():
    # c1 yes but its required evidence is missing -> credit 0 -> gated
    # L1 = 1/2 = 50, L2 = 0, L3 absent -> area = (25*50 + 50*0) / 75 = 16.67 -> 16.7
    m = methodology(area("env", q("c1", critical=True, evidence="required"), q("q1"), q("q2", 2)))
    result = score(m, answers(c1="yes", q1="yes", q2="yes"), ANYONE, ON)
    assert result.areas["env"].gated
    assert result.areas["env"].score == 16.7


def test_gating_is_not_reported_without_levels_2_and_3():
    # only L1 present: nothing to gate; L1 = (0 + 1) / 2 = 50
    m = methodology(area("env", q("c1", critical=True), q("q1")))
    env = score(m, answers(c1="no", q1="yes"), ANYONE, ON).areas["env"]
    assert not env.gated
    assert env.score == 50.0


# Not applicable and renormalisation --------------------------------------------------------


def test_na_removes_questions_and_absent_levels_are_renormalised():
    # L1: a (w2) yes, b (w1) na -> removed, c (w1) no -> L1 = 2 / (2 + 1) = 66.67
    # L2: d partial -> 50; L3: e na -> L3 absent
    # area = (25*66.667 + 50*50) / (25 + 50) = 4166.67 / 75 = 55.56 -> 55.6 -> C
    m = methodology(
        area("env", q("a", weight=2), q("b"), q("c"), q("d", 2), q("e", 3)),
    )
    result = score(m, answers(a="yes", b="na", c="no", d="partial", e="na"), ANYONE, ON)
    env = result.areas["env"]
    assert env.levels == {1: 66.7, 2: 50.0, 3: None}
    assert env.score == 55.6
    assert env.grade == "C"
    assert (env.answered, env.applicable) == (3, 3)


def test_custom_level_weights_are_renormalised_over_present_levels():
    # level weights 60/40, level 3 missing from the mapping (weighs 0)
    # L1 = 100, L2 = 0, L3 = 100 (weight 0) -> area = (60*100 + 40*0 + 0*100) / 100 = 60
    m = methodology(area("env", q("a"), q("b", 2), q("c", 3)), level_weights={1: 60, 2: 40})
    assert score(m, answers(a="yes", b="no", c="yes"), ANYONE, ON).areas["env"].score == 60.0


def test_an_area_with_only_na_answers_is_not_applicable():
    # env: all na -> no level present -> score None; soc: 100 -> overall 100 (env left out)
    m = methodology(area("env", q("a"), q("b", 2)), area("soc", q("c")))
    result = score(m, answers(a="na", b="na", c="yes"), ANYONE, ON)
    env = result.areas["env"]
    assert list(result.areas) == ["env", "soc"]
    assert env.score is None
    assert env.grade == ""
    assert env.applicable == 0
    assert env.levels == {1: None, 2: None, 3: None}
    assert result.overall == 100.0
    assert result.status == "qualified"


def test_unanswered_counts_zero_invalid_is_unanswered_and_weight_0_is_ignored():
    # a yes (w1), b unanswered (w1), x invalid "maybe" (w1), d weight 0 answered no, e disabled
    # L1 = 1 / 3 = 33.33 -> 33.3 -> D; answered 1 (a), applicable 3 (a, b, x)
    m = methodology(
        area("env", q("a"), q("b"), q("x"), q("d", weight=0), q("e", enabled=False)),
    )
    result = score(m, answers(a="yes", x="maybe", d="no", e="no"), ANYONE, ON)
    env = result.areas["env"]
    assert env.score == 33.3
    assert env.grade == "D"
    assert (env.answered, env.applicable) == (1, 3)
    assert result.assurance["declared"] == 1


# Answer types ---------------------------------------------------------------------------------


CHOICE = methodology(
    area(
        "env",
        q(
            "ch",
            type="choice",
            choices=[choice("a", 1), choice("b", 0.4), choice("c", None), choice("d", 0)],
        ),
        q("yn"),
    )
)


@pytest.mark.parametrize(
    ("value", "expected", "answered"),
    [
        ("a", 100.0, 2),  # (1 + 1) / 2
        ("b", 70.0, 2),  # (0.4 + 1) / 2
        ("c", 100.0, 1),  # credit None -> na -> only yn: 1 / 1
        ("d", 50.0, 2),  # (0 + 1) / 2
        ("zzz", 50.0, 1),  # unknown code -> unanswered -> (0 + 1) / 2
    ],
)
def test_choice_credits(value, expected, answered):
    result = score(CHOICE, answers(ch=value, yn="yes"), ANYONE, ON)
    assert result.areas["env"].score == expected
    assert result.answered == answered


@pytest.mark.parametrize(
    ("value", "expected", "answered"),
    [
        ("2024-06-30", 100.0, 1),  # ON - 365 days: not older than max_age -> 1
        ("2024-06-29", 0.0, 1),  # 366 days -> 0, but answered
        ("2025-07-15", 100.0, 1),  # a future date is recent
        ("30/06/2025", 0.0, 0),  # not an ISO date -> unanswered
    ],
)
def test_date_max_age(value, expected, answered):
    m = methodology(area("env", q("d", type="date", max_age_days=365)))
    result = score(m, answers(d=value), ANYONE, ON)
    assert result.areas["env"].score == expected
    assert result.answered == answered


@pytest.mark.parametrize(
    ("value", "credit"),
    [("12.5", 1), ("3,5", 1), ("-4", 1), ("abc", 0), ("nan", 0), ("", 0)],
)
def test_number_answers(value, credit):
    m = methodology(area("env", q("n", type="number", unit="kWh")))
    assert score(m, answers(n=value), ANYONE, ON).areas["env"].score == 100.0 * credit


def test_text_and_file_answers_earn_full_credit_when_given():
    # t answered, f blank only -> unanswered: (1 + 0) / 2 = 50
    m = methodology(area("env", q("t", type="text"), q("f", type="file")))
    assert score(m, answers(t="policy", f="   "), ANYONE, ON).areas["env"].score == 50.0


# Evidence and assurance -----------------------------------------------------------------------

EVIDENCE = methodology(area("env", q("e", evidence="required")))


@pytest.mark.parametrize(
    ("until", "reviewed", "expected", "assurance"),
    [
        (None, False, 0.0, "declared"),  # no evidence -> 0
        (ON + timedelta(days=100), False, 100.0, "evidenced"),  # valid
        (ON + timedelta(days=100), True, 100.0, "verified"),
        (date.max, False, 100.0, "evidenced"),  # no expiry
        (ON, False, 100.0, "evidenced"),  # last valid day
        (ON - timedelta(days=15), False, 100.0, "declared"),  # expired, in grace: credit kept
        (ON - timedelta(days=15), True, 100.0, "reviewed"),
        (ON - timedelta(days=30), False, 100.0, "declared"),  # last day of grace
        (ON - timedelta(days=31), False, 0.0, "declared"),  # after grace -> 0
        (ON - timedelta(days=60), True, 0.0, "reviewed"),
    ],
)
def test_required_evidence(until, reviewed, expected, assurance):
    result = score(EVIDENCE, {"e": ans("yes", until, reviewed)}, ANYONE, ON)
    assert result.areas["env"].score == expected
    assert result.assurance == {
        "declared": 0,
        "evidenced": 0,
        "reviewed": 0,
        "verified": 0,
        assurance: 1,
    }
    # the answer stays in the denominator either way
    assert (result.answered, result.applicable) == (1, 1)


def test_optional_evidence_never_removes_credit():
    m = methodology(area("env", q("o"), q("n", evidence="none")))
    result = score(m, answers(o="yes", n="yes"), ANYONE, ON)
    assert result.areas["env"].score == 100.0
    assert result.assurance["declared"] == 2


def test_assurance_counts_and_shares():
    # four answered questions, one per assurance level; a "no" is counted too; na and
    # unanswered are not
    m = methodology(area("env", q("a"), q("b"), q("c"), q("d"), q("e"), q("f")))
    later = ON + timedelta(days=1)
    result = score(
        m,
        {
            "a": ans("yes"),
            "b": ans("no", later),
            "c": ans("partial", None, True),
            "d": ans("yes", later, True),
            "e": ans("na", later, True),
        },
        ANYONE,
        ON,
    )
    assert result.assurance == {"declared": 1, "evidenced": 1, "reviewed": 1, "verified": 1}
    assert result.assurance_shares == dict.fromkeys(result.assurance, 0.25)
    assert (result.answered, result.applicable) == (4, 5)


# Red flags ------------------------------------------------------------------------------------

RED = methodology(
    area("soc", q("rf", red_flag=True), q("q1"), q("q2", 2), q("q3", 3)),
    area("env", q("e1")),
)


def test_red_flag_caps_the_area_and_disqualifies():
    # soc: L1 = (0 + 1) / 2 = 50, L2 = 100, L3 = 100 -> (1250 + 5000 + 2500) / 100 = 87.5
    # rf answered no -> capped at 29 -> E; env 100; overall (29 + 100) / 2 = 64.5
    result = score(RED, answers(rf="no", q1="yes", q2="yes", q3="yes", e1="yes"), ANYONE, ON)
    soc = result.areas["soc"]
    assert soc.score == 29.0
    assert soc.grade == "E"
    assert soc.red_flags == ("rf",)
    assert result.red_flags == ("rf",)
    assert result.overall == 64.5
    assert result.status == "not_qualified"


@pytest.mark.parametrize(("value", "expected"), [("", 87.5), ("na", 100.0), ("yes", 100.0)])
def test_red_flag_needs_a_negative_answer(value, expected):
    # unanswered: L1 = 50 -> 87.5 (not capped); na: L1 = q1 = 100 -> 100
    result = score(RED, answers(rf=value, q1="yes", q2="yes", q3="yes", e1="yes"), ANYONE, ON)
    assert result.areas["soc"].score == expected
    assert result.red_flags == ()
    assert result.status == "qualified"


def test_red_flag_on_a_zero_credit_choice():
    # choice "irregular" credit 0 -> red flag; 0 -> capped at min(0, 29) = 0
    m = methodology(
        area(
            "soc",
            q(
                "durc",
                type="choice",
                red_flag=True,
                choices=[choice("regular", 1), choice("irregular", 0)],
            ),
        )
    )
    result = score(m, answers(durc="irregular"), ANYONE, ON)
    assert result.red_flags == ("durc",)
    assert result.areas["soc"].score == 0.0
    assert result.status == "not_qualified"


def test_a_yes_without_required_evidence_is_not_a_red_flag():
    # the credit is lost (rule 3) but nothing negative was declared: 0, no flag
    m = methodology(area("soc", q("rf", red_flag=True, evidence="required")))
    result = score(m, answers(rf="yes"), ANYONE, ON)
    assert result.areas["soc"].score == 0.0
    assert result.red_flags == ()


def test_a_yes_whose_required_evidence_lapsed_past_grace_is_a_red_flag():
    # an expired DURC is an invalid DURC: within the 30-day grace the yes keeps its credit and
    # raises no flag; one day after the grace the credit is 0 and the area is capped (flag)
    m = methodology(area("soc", q("durc", red_flag=True, evidence="required"), q("q1")))
    within = score(m, answers(durc=ans("yes", ON - timedelta(days=30)), q1="yes"), ANYONE, ON)
    assert within.red_flags == () and within.areas["soc"].score == 100.0
    lapsed = score(m, answers(durc=ans("yes", ON - timedelta(days=31)), q1="yes"), ANYONE, ON)
    assert lapsed.red_flags == ("durc",)
    assert lapsed.areas["soc"].score == 29.0  # 50 capped at 29
    assert lapsed.status == "not_qualified"


def test_red_flag_below_the_cap_keeps_the_lower_score():
    # L1 = (0 + 0) / 2 = 0 -> min(0, 29) = 0
    result = score(RED, answers(rf="no", q1="no", e1="yes"), ANYONE, ON)
    assert result.areas["soc"].score == 0.0


# Grades and rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (100, "A"),
        (86.0, "A"),
        (85.9, "B"),
        (71.0, "B"),
        (70.9, "C"),
        (51.0, "C"),
        (50.9, "D"),
        (30.0, "D"),
        (29.9, "E"),
        (0, "E"),
    ],
)
def test_grade_boundaries(value, grade):
    assert grade_for(value, Grades()) == grade


@pytest.mark.parametrize(
    ("yes_weight", "expected", "grade"),
    [
        (85.96, 86.0, "A"),  # 100 * 85.96 / 100 = 85.96 -> 86.0 -> A
        (85.94, 85.9, "B"),  # 85.94 -> 85.9 -> B
        (72.25, 72.3, "B"),  # exactly 72.25 -> half up -> 72.3
        (30, 30.0, "D"),
        (29.9, 29.9, "E"),
    ],
)
def test_grade_uses_the_rounded_score(yes_weight, expected, grade):
    # one L1 level: a yes of weight w and a no of weight 100 - w -> score = w
    m = methodology(area("env", q("y", weight=yes_weight), q("n", weight=100 - yes_weight)))
    result = score(m, answers(y="yes", n="no"), ANYONE, ON)
    assert result.areas["env"].score == expected
    assert result.areas["env"].grade == grade
    assert result.overall == expected
    assert result.grade == grade


# Area weights and status ---------------------------------------------------------------------

WEIGHTED = methodology(
    area("env", *(q(f"e{i}") for i in range(5))),
    area("soc", *(q(f"s{i}") for i in range(5))),
)
# env: 4 yes of 5 -> 80; soc: 1 yes of 5 -> 20
WEIGHTED_ANSWERS = answers(e0="yes", e1="yes", e2="yes", e3="yes", e4="no", s0="yes")


@pytest.mark.parametrize(
    ("weights", "overall", "status"),
    [
        # (80 + 20) / 2 = 50 -> below 51 -> qualified_with_plan
        (None, 50.0, "qualified_with_plan"),
        # (3*80 + 1*20) / 4 = 65 >= 51, but soc 20 < 30 -> qualified_with_plan
        ({"env": 3}, 65.0, "qualified_with_plan"),
        # soc removed -> 80; every remaining area >= 30 -> qualified
        ({"soc": 0}, 80.0, "qualified"),
        # (1*80 + 3*20) / 4 = 35 -> qualified_with_plan
        ({"soc": 3}, 35.0, "qualified_with_plan"),
        # (1*80 + 9*20) / 10 = 26 -> below 30 -> not_qualified
        ({"env": 1, "soc": 9}, 26.0, "not_qualified"),
        # nothing left -> no overall
        ({"env": 0, "soc": 0}, None, "not_qualified"),
    ],
)
def test_reweighting_the_same_answers(weights, overall, status):
    result = score(WEIGHTED, WEIGHTED_ANSWERS, ANYONE, ON, area_weights=weights)
    assert result.areas["env"].score == 80.0
    assert result.areas["soc"].score == 20.0
    assert result.overall == overall
    assert result.grade == ("" if overall is None else grade_for(overall, Grades()))
    assert result.status == status


def test_default_area_weights_come_from_the_methodology():
    # env weight 3, soc weight 1: (3*80 + 20) / 4 = 65
    m = methodology(
        area("env", *(q(f"e{i}") for i in range(5)), weight=3),
        area("soc", *(q(f"s{i}") for i in range(5))),
    )
    assert score(m, WEIGHTED_ANSWERS, ANYONE, ON).overall == 65.0


def test_qualification_thresholds_come_from_the_methodology():
    # overall 50 with thresholds 45 / 15 -> qualified
    m = methodology(
        *WEIGHTED.model_dump()["areas"],
        qualification={"qualified_min_overall": 45, "qualified_min_area": 15},
    )
    assert score(m, WEIGHTED_ANSWERS, ANYONE, ON).status == "qualified"


# Applicability --------------------------------------------------------------------------------

APPLIES = methodology(
    area(
        "env",
        q("g"),
        q("s", applies_if={"size_classes": ["micro", "small"]}),
        q("r", applies_if={"roles": ["manufacturer"]}),
        q("w", applies_if={"processes_any": ["wet"]}),
        q("p", applies_if={"processes_any": ["dyeing", "wet"]}),
        q("sr", applies_if={"size_classes": ["large"], "roles": ["brand"]}),
    )
)


@pytest.mark.parametrize(
    ("ctx", "expected"),
    [
        (FirmContext(), {"g", "s", "r", "sr"}),  # unknown size and role: asked
        (FirmContext("small", "manufacturer"), {"g", "s", "r"}),
        (FirmContext("large", "brand", frozenset({"cutting"})), {"g", "sr"}),
        (FirmContext("micro", "brand", frozenset({"dyeing"})), {"g", "s", "p"}),
        (FirmContext("large", "", frozenset({"washing"}), wet=True), {"g", "r", "sr", "w", "p"}),
    ],
)
def test_applicability_by_size_role_and_process(ctx, expected):
    questions = APPLIES.areas[0].questions
    assert {x.code for x in questions if applies(x, ctx)} == expected
    # scoring counts exactly those: every question answered yes -> applicable == answered
    result = score(APPLIES, answers(**{x.code: "yes" for x in questions}), ctx, ON)
    assert result.applicable == result.answered == len(expected)


def test_a_disabled_question_applies_to_nobody():
    assert not applies(Question.model_validate(q("x", enabled=False)), ANYONE)


def test_a_question_not_asked_does_not_lower_the_score():
    # medium brand: only g applies -> g yes -> 100, though the others are unanswered
    ctx = FirmContext("medium", "brand")
    assert score(APPLIES, answers(g="yes"), ctx, ON).areas["env"].score == 100.0


# Gains ------------------------------------------------------------------------------------------


def test_gains_are_sorted_by_points():
    # X: L1 c (critical) no, a yes; L2 b yes; L3 d no -> gated: L1 50, L2 0, L3 0
    #    X = 25*50/100 = 12.5
    # Y: L1 e no, f yes, g partial -> (0 + 1 + 0.5) / 3 = 50
    # overall = (12.5 + 50) / 2 = 31.25 -> 31.3
    # c -> yes: X = (25*100 + 50*100 + 25*0) / 100 = 75 -> (75 + 50) / 2 = 62.5 -> +31.2
    # e -> yes: Y = 2.5/3 = 83.3 -> (12.5 + 83.3) / 2 = 47.9 -> +16.6
    # g -> yes: Y = 2/3 = 66.7 -> (12.5 + 66.7) / 2 = 39.6 -> +8.3
    # d -> yes: X still gated -> +0, left out
    m = methodology(
        area("X", q("c", critical=True), q("a"), q("b", 2), q("d", 3)),
        area("Y", q("e"), q("f"), q("g")),
    )
    given = answers(c="no", a="yes", b="yes", d="no", e="no", f="yes", g="partial")
    assert score(m, given, ANYONE, ON).overall == 31.3
    result = gains(m, given, ANYONE, ON)
    assert [(x.code, x.area, x.points, x.current_credit) for x in result] == [
        ("c", "X", 31.2, 0.0),
        ("e", "Y", 16.6, 0.0),
        ("g", "Y", 8.3, 0.5),
    ]


def test_gains_count_evidence_unanswered_choices_and_red_flags():
    # one area, L1 only, 4 questions: rf no (red flag), ev yes without required evidence,
    # ch "half" (0.5 of a best 0.8), u unanswered date
    # L1 = (0 + 0 + 0.5 + 0) / 4 = 12.5, capped at min(12.5, 29) = 12.5 -> overall 12.5
    # rf -> yes: (1 + 0 + 0.5 + 0) / 4 = 37.5, no flag left, no cap -> +25.0
    # ev with valid evidence: 1.5 / 4 = 37.5, still capped by rf -> 29 -> +16.5
    # u -> today: 1.5 / 4 = 37.5 -> capped 29 -> +16.5 (tie: methodology order)
    # ch -> "most" 0.8: 0.8 / 4 = 20 -> min(20, 29) = 20 -> +7.5
    m = methodology(
        area(
            "soc",
            q("rf", red_flag=True),
            q("ev", evidence="required"),
            q(
                "ch",
                type="choice",
                choices=[choice("none", 0), choice("half", 0.5), choice("most", 0.8)],
            ),
            q("u", type="date"),
        )
    )
    given = answers(rf="no", ev="yes", ch="half")
    assert score(m, given, ANYONE, ON).overall == 12.5
    result = gains(m, given, ANYONE, ON)
    assert [(x.code, x.points, x.current_credit) for x in result] == [
        ("rf", 25.0, 0.0),
        ("ev", 16.5, 0.0),
        ("u", 16.5, 0.0),
        ("ch", 7.5, 0.5),
    ]


def test_gains_follow_area_weights():
    # WEIGHTED with soc weight 0: only env counts (80); e4 -> yes: 100 -> +20; soc gives nothing
    result = gains(WEIGHTED, WEIGHTED_ANSWERS, ANYONE, ON, area_weights={"soc": 0})
    assert [(x.code, x.points) for x in result] == [("e4", 20.0)]


# Snapshot and compilation ------------------------------------------------------------------


def test_snapshot_is_json_and_keeps_levels():
    result = score(GATED, answers(c1="yes", q1="no", q2="yes", q3="partial", q4="no"), ANYONE, ON)
    snapshot = json.loads(json.dumps(result.as_dict()))
    assert snapshot["methodology"] == "test@1"
    assert snapshot["on"] == "2025-06-30"
    assert snapshot["overall"] == 50.0
    assert snapshot["status"] == "qualified_with_plan"
    assert snapshot["areas"]["env"]["levels"] == {"1": 50.0, "2": 75.0, "3": 0.0}
    assert snapshot["areas"]["env"]["weight"] == 1.0
    assert snapshot["assurance"]["declared"] == 5
    assert snapshot["assurance_shares"]["declared"] == 1.0


def test_compiled_methodology_is_cached_and_scores_the_same():
    compiled = compile_methodology(GATED)
    assert isinstance(compiled, Compiled)
    assert compile_methodology(GATED) is compiled
    given = answers(c1="yes", q1="no", q2="yes", q3="partial", q4="no")
    assert score(compiled, given, ANYONE, ON) == score(GATED, given, ANYONE, ON)
