"""Shared fixtures for the district insight and showcase tests.

Firms and personas come from tests/conftest.py (``firm_a`` knitting in Carpi, ``firm_b``
embroidery in Sassuolo, ``brand_c`` in Prato…). Added here:

- ``base_version``: the shipped methodology version (loaded by the migrations);
- ``scored(firm, overall=…, grade=…, qualification=…, areas=…)``: an assessment holding an
  official score, written straight to the database (``areas``: {code: {"score", "grade"}});
- ``certificate(firm, code, days)``: a piece of evidence valid for ``days`` more days;
- ``publish(firm, grade=…, certificates=…)``: the firm's scorecard publication choices;
- ``list_firm(firm, **profile)``: the firm's public profile, listed, with the given fields;
- ``carpi_showcase``: Carpi's showcase, published, with a story in both languages.
Helpers other test files need go in ``tests/district/factories_<topic>.py``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from filiera.district.models import PublicProfile, Showcase
from filiera.qualification.models import Assessment, Evidence, Score, ScorecardPublication
from filiera.qualification.selectors import current_version


@pytest.fixture
def base_version(db):
    version = current_version(None)
    assert version is not None, "the shipped methodology is loaded by the migrations"
    return version


def scored(
    firm,
    *,
    overall=80.0,
    grade="B",
    qualification="qualified",
    areas=None,
    period="2026",
    status="verified",
    days_ago=0,
):
    """An assessment holding an official score, written straight to the database."""
    version = current_version(None)
    assessment = Assessment.objects.create(
        firm=firm,
        district=firm.districts.first(),
        period=period,
        version=version,
        status=status,
        overall=overall,
        grade=grade,
        qualification=qualification,
    )
    when = timezone.now() - timedelta(days=days_ago)
    score = Score.objects.create(
        assessment=assessment,
        version=version,
        evaluated_on=when.date(),
        overall=overall,
        grade=grade,
        status=qualification,
        result={"areas": areas or {}},
    )
    Score.objects.filter(pk=score.pk).update(created_at=when)
    Assessment.objects.filter(pk=assessment.pk).update(score=score, created_at=when)
    assessment.refresh_from_db()
    return assessment


def certificate(firm, code="iso_14001", days=365, **extra) -> Evidence:
    today = timezone.localdate()
    until = None if days is None else today + timedelta(days=days)
    return Evidence.objects.create(
        firm=firm,
        certificate=code,
        valid_from=today - timedelta(days=30),
        valid_until=until,
        file="evidence/x.pdf",
        **extra,
    )


def publish(firm, *, grade=True, areas=False, certificates=True) -> ScorecardPublication:
    publication, _ = ScorecardPublication.objects.update_or_create(
        firm=firm,
        defaults={"show_grade": grade, "show_areas": areas, "show_certificates": certificates},
    )
    return publication


def list_firm(firm, **profile) -> PublicProfile:
    fields = {"listed": True, **profile}
    found, _ = PublicProfile.objects.update_or_create(firm=firm, defaults=fields)
    return found


@pytest.fixture
def carpi_showcase(carpi) -> Showcase:
    return Showcase.objects.create(
        district=carpi,
        published=True,
        headline_it="Il distretto della maglieria",
        headline_en="The knitwear district",
        story_it="Carpi lavora la maglia da settant'anni.",
        story_en="Carpi has been knitting for seventy years.",
    )
