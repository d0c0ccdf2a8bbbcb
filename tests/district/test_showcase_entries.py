"""The public directory holds published data only, for listed and qualified firms."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.district import demo_showcase
from filiera.district.models import PublicProfile, Showcase, ShowcaseEntry
from filiera.district.services import showcase as services
from filiera.qualification.models import Evidence, ScorecardPublication
from filiera.registry.models import Site
from tests.district.conftest import certificate, list_firm, publish, scored
from tests.district.factories_showcase import (
    PUBLISHED,
    WEBSITE,
    clear_cache,
    publish_firm,
    published_a,
    refreshed,
)

pytestmark = pytest.mark.usefixtures("clear_cache")
__all__ = ["clear_cache", "published_a"]


def entry_of(firm, district):
    return ShowcaseEntry.objects.filter(firm=firm, district=district).first()


def test_entry_holds_what_the_firm_published(published_a, carpi):
    e = published_a
    assert e.name == "Maglificio Alfa S.r.l."
    assert e.grade == "B" and e.qualification == "qualified"
    assert e.website == WEBSITE
    assert e.summary_it == PUBLISHED["summary_it"] and e.products_en == PUBLISHED["products_en"]
    assert [p["code"] for p in e.processes] == ["MU.KNIT_TO_SHAPE"]
    assert [c["code"] for c in e.certificates] == ["iso_14001"]
    assert e.certificates[0]["name_it"].startswith("ISO 14001")
    assert e.certificates[0]["valid_until"]
    place = e.places[0]
    assert place["municipality"] == "036005" and place["name"].startswith("Carpi")
    assert place["lat"] == round(place["lat"], 2) and place["lon"] == round(place["lon"], 2)
    text = e.search_text
    assert text == text.lower()
    for word in ("maglificio alfa", "zxqproductit", "zxqproducten", "iso 14001", "carpi"):
        assert word in text
    assert e.processes[0]["name_it"].lower() in text


@pytest.mark.parametrize(
    ("change", "field", "empty"),
    [
        ({"show_processes": False}, "processes", []),
        ({"show_municipality": False}, "places", []),
        ({"show_website": False}, "website", ""),
        ({"accepts_contacts": False}, "accepts_contacts", False),
    ],
)
def test_each_profile_switch_removes_its_field(published_a, firm_a, carpi, change, field, empty):
    assert getattr(published_a, field) != empty
    list_firm(firm_a, **change)
    services.refresh_firm(firm_a.pk)
    assert getattr(entry_of(firm_a, carpi), field) == empty


def test_hidden_fields_leave_the_search_text(published_a, firm_a, carpi):
    list_firm(firm_a, show_processes=False, show_municipality=False)
    publish(firm_a, grade=False, certificates=False)
    services.refresh_firm(firm_a.pk)
    e = entry_of(firm_a, carpi)
    assert e.grade == "" and e.certificates == []
    for word in ("iso 14001", "carpi", "maglieria su misura"):
        assert word not in e.search_text
    assert "zxqproductit" in e.search_text


@pytest.mark.parametrize(("flag", "field"), [("grade", "grade"), ("certificates", "certificates")])
def test_scorecard_publication_rules_grade_and_certificates(
    published_a, firm_a, carpi, flag, field
):
    publish(firm_a, **{"grade": True, "certificates": True, flag: False})
    services.refresh_firm(firm_a.pk)
    assert not getattr(entry_of(firm_a, carpi), field)


def test_without_publication_no_grade_nor_certificates(published_a, firm_a, carpi):
    ScorecardPublication.objects.filter(firm=firm_a).delete()
    services.refresh_firm(firm_a.pk)
    e = entry_of(firm_a, carpi)
    assert e.grade == "" and e.certificates == []


def test_not_listed_not_qualified_or_no_showcase_means_no_entry(firm_a, carpi, prato, brand_c):
    scored(firm_a, qualification="qualified")
    list_firm(firm_a, listed=False)
    services.refresh_district(carpi.pk)
    assert not ShowcaseEntry.objects.exists()  # not listed; and Carpi has no showcase yet
    list_firm(firm_a)
    services.refresh_district(carpi.pk)
    assert not ShowcaseEntry.objects.exists()
    Showcase.objects.create(district=carpi)
    services.refresh_district(carpi.pk)
    assert entry_of(firm_a, carpi) is not None
    # Listed in Prato but never scored: not qualified.
    Showcase.objects.create(district=prato)
    list_firm(brand_c)
    services.refresh_district(prato.pk)
    assert entry_of(brand_c, prato) is None


def test_latest_scored_assessment_decides(firm_a, carpi, carpi_showcase):
    list_firm(firm_a)
    scored(firm_a, period="2025", qualification="qualified", days_ago=300)
    scored(firm_a, period="2026", qualification="not_qualified", grade="E")
    services.refresh_firm(firm_a.pk)
    assert entry_of(firm_a, carpi) is None


def test_qualified_with_plan_is_listed(firm_a, carpi, carpi_showcase):
    list_firm(firm_a)
    scored(firm_a, qualification="qualified_with_plan", grade="C")
    services.refresh_firm(firm_a.pk)
    assert entry_of(firm_a, carpi).qualification == "qualified_with_plan"


def test_only_valid_certifications_not_documents(firm_a, carpi, carpi_showcase):
    scored(firm_a)
    publish(firm_a)
    list_firm(firm_a)
    certificate(firm_a, "iso_9001", days=-1)  # expired yesterday
    certificate(firm_a, "durc", days=60)  # a document, not a certification
    certificate(firm_a, "sa8000", days=10)
    certificate(firm_a, "sa8000", days=500)  # the longest validity wins
    certificate(firm_a, "gots", days=None)  # no end of validity
    services.refresh_firm(firm_a.pk)
    rows = {c["code"]: c["valid_until"] for c in entry_of(firm_a, carpi).certificates}
    assert set(rows) == {"sa8000", "gots"}
    assert rows["gots"] is None
    assert (
        rows["sa8000"]
        == Evidence.objects.filter(certificate="sa8000")
        .latest("valid_until")
        .valid_until.isoformat()
    )


def test_entry_in_each_district_with_a_showcase(firm_a, carpi, carpi_showcase, prato):
    firm_a.districts.add(prato)
    Showcase.objects.create(district=prato)
    publish_firm(firm_a, carpi)
    services.refresh_firm(firm_a.pk)
    assert set(ShowcaseEntry.objects.values_list("district__slug", flat=True)) == {"carpi", "prato"}
    firm_a.districts.remove(prato)
    services.refresh_district(prato.pk)
    assert list(ShowcaseEntry.objects.values_list("district__slug", flat=True)) == ["carpi"]


def test_refresh_writes_only_changes_and_moves_the_stamp(published_a, firm_a, carpi):
    stamp = Showcase.objects.get(district=carpi).updated_at
    assert services.refresh_district(carpi.pk) == 0
    assert services.refresh_all() == 0
    assert Showcase.objects.get(district=carpi).updated_at == stamp
    list_firm(firm_a, products_it="maglie nuove")
    assert services.refresh_firm(firm_a.pk) == 1
    assert Showcase.objects.get(district=carpi).updated_at > stamp


def test_signals_keep_entries_current(
    published_a, firm_a, carpi, django_capture_on_commit_callbacks
):
    with refreshed(django_capture_on_commit_callbacks):
        publish(firm_a, grade=False, certificates=True)
    assert entry_of(firm_a, carpi).grade == ""
    with refreshed(django_capture_on_commit_callbacks):
        Evidence.objects.filter(firm=firm_a).delete()
    assert entry_of(firm_a, carpi).certificates == []
    with refreshed(django_capture_on_commit_callbacks):
        Site.objects.get(firm=firm_a).processes.add("MU.EMBROIDERY")
    assert {p["code"] for p in entry_of(firm_a, carpi).processes} == {
        "MU.KNIT_TO_SHAPE",
        "MU.EMBROIDERY",
    }
    with refreshed(django_capture_on_commit_callbacks):
        firm_a.legal_name = "Maglificio Alfa Nuovo S.r.l."
        firm_a.save()
    assert entry_of(firm_a, carpi).name == "Maglificio Alfa Nuovo S.r.l."
    with refreshed(django_capture_on_commit_callbacks):
        scored(firm_a, period="2027", qualification="not_qualified", grade="E")
    assert entry_of(firm_a, carpi) is None
    with refreshed(django_capture_on_commit_callbacks):
        scored(firm_a, period="2028", qualification="qualified", grade="A")
    assert entry_of(firm_a, carpi).grade == ""  # the grade stays hidden
    with refreshed(django_capture_on_commit_callbacks):
        firm_a.districts.remove(carpi)
    assert entry_of(firm_a, carpi) is None


def test_showcase_signals(firm_a, carpi, django_capture_on_commit_callbacks):
    scored(firm_a)
    list_firm(firm_a)
    with refreshed(django_capture_on_commit_callbacks):
        showcase = Showcase.objects.create(district=carpi)
    assert entry_of(firm_a, carpi) is not None
    with refreshed(django_capture_on_commit_callbacks):
        showcase.delete()
    assert entry_of(firm_a, carpi) is None


def test_profile_service_is_audited(firm_a, owner_a):
    services.save_profile(owner_a, firm_a, listed=True, products_it=" maglie ")
    profile = PublicProfile.objects.get(firm=firm_a)
    assert profile.listed and profile.products_it == "maglie"
    event = AuditEvent.objects.get(action="public_profile")
    assert event.firm_id == firm_a.pk and event.changes["listed"] == [None, True]
    services.save_profile(owner_a, firm_a, listed=True, products_it="maglie")
    assert AuditEvent.objects.filter(action="public_profile").count() == 1  # nothing changed


def test_demo_lists_a_knitting_firm(firm_a, firm_b, carpi):
    scored(firm_a)
    scored(firm_b, qualification="not_qualified", grade="E")
    counts = demo_showcase.load(carpi, seed=3)
    assert Showcase.objects.get(district=carpi).published
    assert counts["showcase_entries"] == 1
    e = entry_of(firm_a, carpi)
    assert any(p["code"] == "MU.KNIT_TO_SHAPE" for p in e.processes)
    assert e.summary_it and e.summary_en and e.products_it and e.products_en
    assert demo_showcase.load(carpi, seed=3)["showcase_profiles"] == 0  # idempotent
