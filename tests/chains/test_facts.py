"""Bulk loaders feeding the chain indicators: consents, latest scored assessment, evidence
expiry, places, origins, the graph, and every brand's indicators at once (real database)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from filiera.chains import facts
from filiera.chains.indicators import Link, Origin
from filiera.chains.models import Consent, Level, SupplyRelation
from filiera.qualification.models import Assessment, Evidence, Score

TODAY = timezone.localdate()


def scored(firm, period, *, overall, grade, qualification="qualified", version, days_ago=0):
    """An assessment holding an official score, written straight to the database."""
    assessment = Assessment.objects.create(
        firm=firm,
        district=firm.districts.first(),
        period=period,
        version=version,
        status="verified",
        overall=overall,
        grade=grade,
        qualification=qualification,
    )
    score = Score.objects.create(
        assessment=assessment,
        version=version,
        evaluated_on=TODAY,
        overall=overall,
        grade=grade,
        status=qualification,
        result={},
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        score=score, created_at=timezone.now() - timedelta(days=days_ago)
    )
    return assessment


def document(firm, certificate, days):
    until = None if days is None else TODAY + timedelta(days=days)
    return Evidence.objects.create(
        firm=firm, certificate=certificate, valid_until=until, file="evidence/x.pdf"
    )


# Consents ----------------------------------------------------------------------------------


def test_without_consent_the_supplier_is_not_shared(brand_c, firm_a, relate, base_version):
    relate(brand_c, firm_a, consent=False)
    scored(firm_a, "2026", overall=80, grade="A", version=base_version)
    found = facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)
    assert found[firm_a.pk].shared is False
    assert found[firm_a.pk].grade == ""


def test_profile_or_sites_only_share_no_grade(brand_c, firm_a, relate, base_version):
    relate(brand_c, firm_a, level=Level.NONE, profile=True, sites=True)
    scored(firm_a, "2026", overall=80, grade="A", version=base_version)
    assert facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk].shared is False


def test_grade_consent_shows_grade_and_qualification(brand_c, firm_a, relate, base_version):
    relate(brand_c, firm_a, level=Level.GRADE)
    scored(
        firm_a,
        "2026",
        overall=61.5,
        grade="B",
        qualification="qualified_with_plan",
        version=base_version,
    )
    found = facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk]
    assert (found.shared, found.assessed, found.grade, found.overall, found.qualified) == (
        True,
        True,
        "B",
        61.5,
        True,
    )


def test_revoked_consent_hides_at_once(brand_c, firm_a, relate, base_version):
    relate(brand_c, firm_a, level=Level.AREAS)
    scored(firm_a, "2026", overall=80, grade="A", version=base_version)
    assert facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk].shared
    Consent.objects.filter(supplier=firm_a, client=brand_c).update(
        level=Level.NONE, profile=False, sites=False, revoked_at=timezone.now()
    )
    assert not facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk].shared


def test_consent_to_another_client_does_not_count(brand_c, brand_y, firm_a, relate):
    relate(brand_y, firm_a, level=Level.EVIDENCE)
    relate(brand_c, firm_a, consent=False)
    assert not facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk].shared
    assert facts.supplier_facts([firm_a.pk], client_id=brand_y.pk)[firm_a.pk].shared


def test_shared_but_not_assessed(brand_c, firm_a, relate):
    relate(brand_c, firm_a)
    found = facts.supplier_facts([firm_a.pk], client_id=brand_c.pk)[firm_a.pk]
    assert (found.shared, found.assessed, found.overall) == (True, False, None)


# Assessments and evidence ------------------------------------------------------------------


def test_latest_scored_assessment_is_used(firm_a, firm_b, base_version):
    scored(firm_a, "2024", overall=20, grade="E", version=base_version, days_ago=400)
    scored(
        firm_a,
        "2025",
        overall=55,
        grade="C",
        qualification="not_qualified",
        version=base_version,
        days_ago=30,
    )
    # A newer assessment without a score yet does not replace the scored one.
    Assessment.objects.create(
        firm=firm_a, district=firm_a.districts.first(), period="2026", version=base_version
    )
    found = facts.supplier_facts([firm_a.pk, firm_b.pk])
    assert (found[firm_a.pk].grade, found[firm_a.pk].overall, found[firm_a.pk].qualified) == (
        "C",
        55,
        False,
    )
    assert found[firm_b.pk].shared and not found[firm_b.pk].assessed


def test_expiring_evidence_soonest_date(firm_a, firm_b, brand_c):
    document(firm_a, "iso_14001", 30)
    document(firm_a, "sa8000", 10)
    document(firm_a, "oeko_tex", 200)  # beyond the horizon
    document(firm_b, "iso_9001", -5)  # expired
    document(firm_b, "other", None)
    assert facts.supplier_facts([firm_a.pk])[firm_a.pk].expiring_on == TODAY + timedelta(days=10)
    assert facts.supplier_facts([firm_b.pk])[firm_b.pk].expiring_on == TODAY - timedelta(days=5)
    assert facts.supplier_facts([brand_c.pk])[brand_c.pk].expiring_on is None


def test_expiry_horizon_boundaries(firm_a, firm_b):
    document(firm_a, "iso_14001", 90)
    document(firm_b, "iso_14001", 91)
    found = facts.supplier_facts([firm_a.pk, firm_b.pk])
    assert found[firm_a.pk].expiring_on == TODAY + timedelta(days=90)
    assert found[firm_b.pk].expiring_on is None


def test_replaced_document_does_not_count_but_other_does(firm_a, firm_b):
    document(firm_a, "iso_14001", 5)
    document(firm_a, "iso_14001", 400)  # the renewed certificate
    document(firm_b, "other", 5)
    document(firm_b, "other", 400)  # "other" documents are never a replacement
    found = facts.supplier_facts([firm_a.pk, firm_b.pk])
    assert found[firm_a.pk].expiring_on is None
    assert found[firm_b.pk].expiring_on == TODAY + timedelta(days=5)


# Places and origins ------------------------------------------------------------------------


def test_places(firm_a, firm_b):
    site_a = firm_a.sites.get()
    found = facts.places([site_a.pk, firm_b.sites.get().pk, 999_999, None])
    assert set(found) == {site_a.pk, firm_b.sites.get().pk}
    place = found[site_a.pk]
    assert (place.site, place.country, place.region, place.municipality) == (
        site_a.pk,
        "IT",
        "Emilia-Romagna",
        "036005",
    )
    assert (place.lat, place.lon) == (site_a.lat, site_a.lon)
    assert facts.places([]) == {}


def test_origin_is_lowest_site_with_district_municipalities(brand_c, prato, firm_b):
    from filiera.registry.models import Municipality, Site

    prato.municipalities.add("100005", "048017")
    main = brand_c.sites.get()
    Site.objects.create(
        firm=brand_c,
        name="Second",
        municipality=Municipality.objects.get(pk="036005"),
        lat=44.8,
        lon=10.9,
        facility_id="IT-TEST-2",
    )
    origin = facts.origin_of(brand_c)
    assert origin == Origin(main.lat, main.lon, "IT", "Toscana", frozenset({"100005", "048017"}))
    assert facts.origin_of(brand_c.pk) == origin
    assert facts.origin_of(firm_b).district_municipalities == frozenset({"036005"})


def test_origin_of_firm_without_site(brand_c):
    brand_c.sites.all().delete()
    assert facts.origin_of(brand_c) is None


# Graph -------------------------------------------------------------------------------------


def test_load_graph_active_relations_with_processes(
    chain, brand_c, firm_a, firm_b, brand_y, relate
):
    ended = relate(brand_y, firm_b, tier=2)
    SupplyRelation.objects.filter(pk=ended.pk).update(
        since=TODAY - timedelta(days=100), until=TODAY - timedelta(days=1)
    )
    future = relate(brand_y, firm_a)
    SupplyRelation.objects.filter(pk=future.pk).update(since=TODAY + timedelta(days=1))
    graph = facts.load_graph()
    assert graph.size == 2
    assert graph.reachable(brand_c.pk) == [
        Link(brand_c.pk, firm_a.pk, 1, ("MU.KNIT_TO_SHAPE",), firm_a.sites.get().pk),
        Link(firm_a.pk, firm_b.pk, 2, ("MU.EMBROIDERY",), firm_b.sites.get().pk),
    ]
    assert graph.reachable(brand_y.pk) == []
    # Seen on the day before it ended, the relation is there.
    assert facts.load_graph(TODAY - timedelta(days=2)).size == 2 + 1


def test_chain_graph_reads_only_the_brand_chain(chain, brand_c, brand_y, firm_a, firm_b, relate):
    relate(brand_y, firm_b, tier=1)
    relate(firm_b, firm_a, tier=2)  # a cycle a → b → a
    mine = facts.chain_graph(brand_c.pk)
    assert mine.reachable(brand_c.pk) == facts.load_graph().reachable(brand_c.pk)
    assert brand_y.pk not in mine.clients()
    assert len(mine.reachable(brand_c.pk)) == 3


# Every brand -------------------------------------------------------------------------------


def test_all_brand_indicators_apply_each_brand_consents(
    chain, brand_c, firm_a, firm_b, base_version
):
    scored(firm_a, "2026", overall=72, grade="B", version=base_version)
    scored(
        firm_b, "2026", overall=40, grade="D", qualification="not_qualified", version=base_version
    )
    found = facts.all_brand_indicators()
    assert set(found) == {brand_c.pk}  # firm_a has suppliers but is no brand
    mine = found[brand_c.pk]
    assert mine.suppliers == 2
    assert (mine.totals.total, mine.totals.not_shared, mine.totals.assessed) == (2, 1, 1)
    assert mine.grades["B"] == 1 and mine.grades["D"] == 0 and mine.grades["not_shared"] == 1
    assert mine.short_chain.located_steps == 2
    # firm_b shares its grade with firm_a: seen from firm_a it is assessed.
    theirs = facts.all_brand_indicators(brand_ids=[firm_a.pk])[firm_a.pk]
    assert theirs.grades["D"] == 1 and theirs.totals.not_shared == 0
    # The same as the single-brand path.
    single = facts.supplier_facts([firm_a.pk, firm_b.pk], client_id=brand_c.pk)
    assert single[firm_b.pk].shared is False and single[firm_a.pk].grade == "B"
