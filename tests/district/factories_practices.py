"""Helpers and fixtures of the good-practice tests.

- ``practice(district, …)``: a practice straight to the database (published unless told);
- ``evaluation(practice, user, marks=(r, c, a, t), comment=…)``;
- ``action(firm, question, area)``: an improvement action of the firm;
- fixtures ``carpi_practice`` (published, from firm A without consent, written by the Carpi
  manager), ``carpi_draft`` (draft of Carpi) and ``prato_practice`` (published, from Prato).
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils import timezone

from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.qualification.models import ImprovementAction

EN = {"accept-language": "en"}
# Every persona with an account (tests/conftest.py PERSONAS), by what the library lets them do.
CARPI_STAFF = {"admin", "manager", "verifier"}
EXPERTS = {"admin", "manager", "verifier", "prato_manager"}
MANAGERS = {"admin", "manager", "prato_manager"}
FIRM_EDITORS = {"owner_a", "editor_a", "owner_b", "brand_owner"}


def practice(district, *, status="published", **fields) -> GoodPractice:
    n = GoodPractice.objects.count() + 1
    values = {
        "title_it": f"Pratica {n}",
        "title_en": f"Practice {n}",
        "summary_it": f"Sintesi {n}",
        "summary_en": f"Summary {n}",
        "body_it": f"Descrizione {n}",
        "body_en": f"Description {n}",
        "theme": GoodPractice.Theme.ECO_INNOVATION,
        "areas": ["circularity"],
        "questions": [],
        **fields,
    }
    return GoodPractice.objects.create(
        district=district,
        status=status,
        published_at=timezone.now() if status == "published" else None,
        **values,
    )


def evaluation(found, user, marks=(4, 4, 4, 4), comment="") -> PracticeEvaluation:
    names = ("relevance", "concreteness", "added_value", "transferability")
    return PracticeEvaluation.objects.create(
        practice=found, evaluator=user, comment=comment, **dict(zip(names, marks, strict=True))
    )


def adoption(found, *, firm=None, district=None, action=None) -> PracticeAdoption:
    return PracticeAdoption.objects.create(
        practice=found, firm=firm, district=district, action=action
    )


def action(firm, question, area, priority=1.0) -> ImprovementAction:
    return ImprovementAction.objects.create(
        firm=firm,
        question=question,
        area=area,
        points=1.0,
        ease=1.0,
        peer_share=0.0,
        priority=priority,
    )


def visible_text(html: str) -> str:
    """The page's text without tags, to check what a reader sees."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def carpi_practice(carpi, firm_a, manager, base_version):
    return practice(
        carpi,
        title_it="Scarti in filato",
        title_en="Offcuts into yarn",
        summary_it="Ritagli di lana rigenerati.",
        summary_en="Wool offcuts regenerated.",
        areas=["circularity"],
        questions=["CIR-2.02"],
        firm=firm_a,
        firm_consents=False,
        created_by=manager,
    )


@pytest.fixture
def carpi_draft(carpi, manager, base_version):
    return practice(
        carpi,
        status="draft",
        title_it="Bozza segreta",
        title_en="",
        summary_it="Ancora da scrivere.",
        summary_en="",
        created_by=manager,
    )


@pytest.fixture
def prato_practice(prato, prato_manager, base_version):
    return practice(
        prato,
        title_it="Diagnosi energetica condivisa",
        title_en="Shared energy audit",
        theme=GoodPractice.Theme.NETWORKS,
        areas=["environment"],
        questions=["ENV-2.02"],
        created_by=prato_manager,
    )
