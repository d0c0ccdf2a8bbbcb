"""The district dashboard's facts: what one refresh writes for each firm, the months it keeps
and the history it rebuilds the first time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from filiera.district import insight_engine as engine
from filiera.district.models import DistrictSnapshot, FirmFact
from filiera.district.services.insight import refresh_district
from tests.district.conftest import certificate, scored
from tests.district.factories_insight import AREAS, account, assessment, backdate, make_firms

pytestmark = pytest.mark.django_db


def facts(district, month=None):
    month = month or engine.month_start(timezone.localdate())
    return {f.firm_id: f for f in FirmFact.objects.filter(district=district, month=month)}


def test_facts_of_each_firm(carpi, firm_a, firm_b, brand_c, owner_a, base_version):
    account(firm_a, "active_person", days_since_login=10)
    account(firm_b, "sleeping_person", days_since_login=200)
    scored(firm_a, overall=82.5, grade="B", qualification="qualified", areas=AREAS)
    assessment(firm_b, "submitted")
    certificate(firm_a, "iso_14001", days=30)
    certificate(firm_a, "durc", days=400)
    certificate(firm_a, "durc", days=20)  # an older one of the same kind: the longest counts
    certificate(firm_a, "other", days=10)  # not a certificate
    certificate(firm_a, "gots", days=-3)  # expired
    certificate(firm_b, "sa8000", days=None)  # never expires

    counts = refresh_district(carpi.pk)

    assert counts["firms"] == 2
    rows = facts(carpi)
    assert set(rows) == {firm_a.pk, firm_b.pk}  # brand_c is in Prato
    a, b = rows[firm_a.pk], rows[firm_b.pk]
    assert (a.sector, a.municipality_id, a.size_class, a.role) == (
        "14", "036005", "small", "subcontractor"
    )  # fmt: skip
    assert a.onboarded_on == timezone.localdate()
    assert a.has_account and a.active
    assert b.has_account and not b.active
    assert (a.stage, a.grade, a.overall, a.qualification) == ("verified", "B", 82.5, "qualified")
    assert a.area_grades == {"environment": "B", "social": "A"}
    assert a.area_key == ";environment=B;social=A;"
    assert (b.stage, b.grade, b.overall, b.area_key) == ("submitted", "", None, "")
    assert (a.certificates_valid, a.certificates_expiring) == (2, 1)
    until = timezone.localdate() + timedelta(days=30)
    assert f"iso_14001:{until.isoformat()}" in a.expiries
    assert "durc" not in a.expiries  # renewed: ends beyond the six months
    assert (b.certificates_valid, b.certificates_expiring, b.expiries) == (1, 0, "")
    site = firm_a.sites.get()
    assert (a.lat, a.lon) == (site.lat, site.lon)
    assert b.municipality_id == "036040"


def test_firm_without_anything(carpi, base_version):
    (firm,) = make_firms(carpi, 1)
    refresh_district(carpi.pk)
    row = facts(carpi)[firm.pk]
    assert (row.has_account, row.active, row.stage, row.grade) == (False, False, "none", "")
    assert (row.certificates_valid, row.certificates_expiring) == (0, 0)


def test_latest_assessment_gives_the_stage_latest_score_the_grade(carpi, firm_a, base_version):
    scored(firm_a, grade="C", period="2025", days_ago=30)
    assessment(firm_a, "draft", period="2026")
    refresh_district(carpi.pk)
    row = facts(carpi)[firm_a.pk]
    assert (row.stage, row.grade) == ("draft", "C")


def test_refresh_twice_gives_the_same_rows(carpi, firm_a, firm_b, base_version):
    scored(firm_a, grade="A")
    refresh_district(carpi.pk)
    first = {pk: (f.grade, f.stage) for pk, f in facts(carpi).items()}
    refresh_district(carpi.pk)
    assert {pk: (f.grade, f.stage) for pk, f in facts(carpi).items()} == first
    assert FirmFact.objects.filter(district=carpi).count() == 2


def test_earlier_months_are_kept_and_leavers_dropped(carpi, firm_a, firm_b, base_version):
    today = timezone.localdate()
    last_month = engine.add_months(engine.month_start(today), -1)
    refresh_district(carpi.pk, on=last_month)  # a refresh made last month
    assert set(facts(carpi, last_month)) == {firm_a.pk, firm_b.pk}
    firm_b.districts.clear()  # firm B leaves the district
    scored(firm_a, grade="A")
    refresh_district(carpi.pk)
    assert set(facts(carpi)) == {firm_a.pk}
    before = facts(carpi, last_month)
    assert set(before) == {firm_a.pk, firm_b.pk}  # history stays
    assert before[firm_a.pk].grade == ""  # as it was then
    assert facts(carpi)[firm_a.pk].grade == "A"


def test_backfill_from_history(carpi, base_version):
    today = timezone.localdate()
    month = engine.month_start(today)
    old, _new = make_firms(carpi, 2)
    backdate(old, 200)
    scored(old, grade="D", qualification="not_qualified", days_ago=100)
    counts = refresh_district(carpi.pk)

    created = engine.month_start(today - timedelta(days=200))
    expected = engine.backfill_months(month, created)
    assert expected and len(expected) <= engine.BACKFILL_MONTHS
    months = sorted(set(FirmFact.objects.filter(district=carpi).values_list("month", flat=True)))
    assert months == [*expected, month]
    assert counts["backfilled"] == len(expected)  # only the old firm existed then
    graded_from = timezone.now() - timedelta(days=100)
    for past in expected:
        row = FirmFact.objects.get(district=carpi, month=past)
        assert row.firm_id == old.pk
        end = engine.month_end(past)
        assert row.grade == ("D" if end >= graded_from.date() else "")
    # A second refresh does not rebuild history.
    FirmFact.objects.filter(district=carpi, month=expected[0]).update(grade="X")
    assert refresh_district(carpi.pk)["backfilled"] == 0
    assert FirmFact.objects.get(district=carpi, month=expected[0]).grade == "X"


def test_backfill_is_capped_at_twelve_months(carpi, base_version):
    (firm,) = make_firms(carpi, 1)
    backdate(firm, 800)
    refresh_district(carpi.pk)
    months = set(FirmFact.objects.filter(district=carpi).values_list("month", flat=True))
    assert len(months) == engine.BACKFILL_MONTHS + 1


def test_snapshot_names_and_no_empty_sections(carpi, firm_a, base_version):
    refresh_district(carpi.pk)
    figures = DistrictSnapshot.objects.get(district=carpi).figures
    assert figures["firms"] == 1
    assert {"environment", "social"} <= {a["code"] for a in figures["areas"]}
    assert figures["kinds"]["durc"]["en"].startswith("DURC")
    assert "chains" not in figures and "symbiosis" not in figures  # no data: left out


def test_unknown_district_does_nothing(db):
    assert refresh_district(999_999) == {"firms": 0, "backfilled": 0}
