"""Demo qualification data (plain Python, no Django): who has an assessment in which state, how
well each firm does, and which certificates it holds.

Everything is drawn from a seeded random generator, so the same seed gives the same district.
Each firm gets a "practice" level between 0.2 and 0.97: the chance of a good answer. Answers
follow it question by question, so grades spread from A to E, with the occasional red flag.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from filiera.qualification import scoring
from filiera.qualification.methodology.schema import Methodology, Question

# Share of firms per assessment state; the rest has no assessment yet.
STATES = (
    ("verified", 0.40),
    ("submitted", 0.10),
    ("in_review", 0.06),
    ("returned", 0.05),
    ("draft", 0.12),
)
# (certificate, share of firms holding it)
CERTIFICATES = (
    ("durc", 0.85),
    ("dvr", 0.8),
    ("iso_9001", 0.3),
    ("iso_14001", 0.15),
    ("oeko_tex_100", 0.25),
    ("gots", 0.1),
    ("grs", 0.1),
    ("sa8000", 0.05),
    ("rating_legalita", 0.12),
    ("uni_pdr_125", 0.06),
    ("zdhc_wastewater", 0.1),
    ("aua", 0.3),
)
DEFAULT_VALIDITY = 365


@dataclass(frozen=True)
class CertificatePlan:
    certificate: str
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class FirmPlan:
    state: str  # "" when the firm has no assessment
    practice: float
    certificates: tuple[CertificatePlan, ...]
    previous_cycle: bool  # also a verified assessment for the year before


def plan_firm(rnd: random.Random, today: date, validity: dict[str, int | None]) -> FirmPlan:
    roll, state = rnd.random(), ""
    for name, share in STATES:
        if roll < share:
            state = name
            break
        roll -= share
    practice = min(0.97, max(0.2, rnd.gauss(0.72, 0.16)))
    certificates = []
    for code, share in CERTIFICATES:
        if rnd.random() >= share * (0.6 + practice / 2):
            continue
        days = validity.get(code, DEFAULT_VALIDITY)
        if days is None:
            certificates.append(CertificatePlan(code, today - timedelta(days=400), None))
            continue
        # Issued some time in the last validity period; a few have just expired or expire soon.
        issued = today - timedelta(days=rnd.randint(5, days + 20))
        certificates.append(CertificatePlan(code, issued, issued + timedelta(days=days)))
    return FirmPlan(
        state, practice, tuple(certificates), state == "verified" and rnd.random() < 0.4
    )


def value_for(question: Question, good: bool, rnd: random.Random) -> str:
    if question.type == "yesno":
        if good:
            return "yes" if rnd.random() < 0.85 else "partial"
        return "no" if not question.red_flag or rnd.random() < 0.15 else "yes"
    if question.type == "choice":
        ranked = sorted(question.choices, key=lambda c: -(c.credit or 0))
        return ranked[0].code if good else ranked[-1].code
    if question.type == "number":
        return str(rnd.randint(1, 500))
    if question.type == "date":
        days = rnd.randint(10, 300) if good else rnd.randint(400, 900)
        return (date.today() - timedelta(days=days)).isoformat()
    return "documento.pdf"


def answers_for(
    methodology: Methodology,
    ctx: scoring.FirmContext,
    practice: float,
    rnd: random.Random,
    complete: bool = True,
) -> dict[str, str]:
    """Answer values for the applicable questions; a draft (``complete`` False) stops partway."""
    values: dict[str, str] = {}
    stop_after = rnd.randint(2, 4) if not complete else len(methodology.areas)
    for index, area in enumerate(methodology.areas):
        if index >= stop_after:
            break
        level_bonus = {1: 0.12, 2: 0.0, 3: -0.2}
        for q in area.questions:
            if not q.enabled or not scoring.applies(q, ctx):
                continue
            # Legal basics (critical items) are what most firms get right first.
            bonus = 0.3 if q.critical else level_bonus[q.level]
            good = rnd.random() < practice + bonus
            value = "yes" if good and q.critical and q.type == "yesno" else value_for(q, good, rnd)
            if value:
                values[q.code] = value
    return values
