"""Fixtures of the district symbiosis tests: a small hand-computed world of realised exchanges.

World (on top of ``tests/symbiosis/conftest.py``): firm A (Carpi) also offers waste heat,
100 MWh/year. Realised in the last 12 months:
- ``m_cut``: A's knitting cuttings to the Prato carding mill, active: 30 t (and 50 t more than
  a year ago, which no longer counts);
- ``m_cones``: B's yarn cones to A, agreed: 1.5 t;
- ``m_heat``: A's heat to B, active: 50 MWh.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from filiera.qualification.models import Assessment, Score
from filiera.qualification.selectors import current_version
from filiera.symbiosis.models import Match
from tests.symbiosis.conftest import make_delivery, make_flow, make_match

TODAY = timezone.localdate()


def recent(match, quantity, unit="t", *, days_ago=10):
    """A realised quantity whose period ended ``days_ago`` days ago."""
    end = TODAY - timedelta(days=days_ago)
    return make_delivery(
        match, quantity, unit, period_start=end - timedelta(days=30), period_end=end
    )


def scored(firm, grade: str, overall: float = 75.0):
    """An assessment holding an official score with ``grade``, straight to the database."""
    version = current_version(None)
    assessment = Assessment.objects.create(
        firm=firm,
        district=firm.districts.first(),
        period="2026",
        version=version,
        status="verified",
        overall=overall,
        grade=grade,
        qualification="qualified",
    )
    score = Score.objects.create(
        assessment=assessment,
        version=version,
        evaluated_on=TODAY,
        overall=overall,
        grade=grade,
        status="qualified",
        result={},
    )
    Assessment.objects.filter(pk=assessment.pk).update(score=score)
    return assessment


@pytest.fixture
def heat_a(firm_a):
    return make_flow(
        firm_a, "offer", "energy", "", "Calore di recupero", 100, "MWh", "year", ref="A-HEAT"
    )


@pytest.fixture
def world(flows, heat_a):
    m_cut = make_match(flows["offer_a"], flows["carder_need"], Match.Status.ACTIVE)
    recent(m_cut, 30)
    recent(m_cut, 50, days_ago=400)
    m_cones = make_match(flows["offer_b"], flows["need_a"], Match.Status.AGREED)
    recent(m_cones, 1500, "kg")
    m_heat = make_match(heat_a, flows["need_b"], Match.Status.ACTIVE)
    recent(m_heat, 50, "MWh")
    return {**flows, "heat_a": heat_a, "m_cut": m_cut, "m_cones": m_cones, "m_heat": m_heat}
