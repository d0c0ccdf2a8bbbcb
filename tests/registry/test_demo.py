"""The demo district: generator (plain Python) and the ``demo`` management command."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from stdnum.it import iva

from filiera.core.management.commands.demo import DEMO_PASSWORD, LOGINS
from filiera.core.models import AuditEvent
from filiera.registry import demo, municipalities, similarity
from filiera.registry.identifiers import normalise_vat
from filiera.registry.models import (
    District,
    DistrictMembership,
    FacilityId,
    Firm,
    FirmActivity,
    FirmMembership,
    Site,
)
from filiera.registry.models.firm import size_class_for
from filiera.registry.reference import ateco_code

# Generator ------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_district():
    assert demo.generate(60, seed=4) == demo.generate(60, seed=4)
    assert [f.legal_name for f in demo.generate(60, seed=4)] != [
        f.legal_name for f in demo.generate(60, seed=5)
    ]


def test_a_smaller_district_is_the_start_of_a_larger_one():
    assert demo.generate(200, seed=2)[:50] == demo.generate(50, seed=2)


def test_records_are_valid_and_unique():
    firms = demo.generate(400, seed=9)
    assert len({f.vat for f in firms}) == 400
    assert len({f.legal_name.lower() for f in firms}) == 400
    processes = demo.process_codes()
    district = demo.district_spec("carpi")
    for firm in firms:
        assert normalise_vat(firm.vat) == (firm.vat, "IT")
        assert firm.vat[-4:-1] in {"035", "036"}  # tax offices of Reggio Emilia and Modena
        assert firm.ateco and all(ateco_code(code) == code for code in firm.ateco)
        assert firm.role in {c.value for c in Firm.Role}
        assert firm.legal_form in {c.value for c in Firm.LegalForm}
        assert 1 <= len(firm.sites) <= 2
        assert firm.description_it and firm.description_en
        assert not firm.email or firm.email.endswith(".example")
        assert not firm.website or firm.website.endswith(".example")
        for site in firm.sites:
            assert site.municipality in district.municipality_codes
            assert set(site.processes) <= processes
            comune = municipalities.index().by_code[site.municipality]
            assert similarity.km(site.lat, site.lon, comune.lat, comune.lon) <= 3.01


def test_most_firms_are_small_and_every_role_is_there():
    firms = demo.generate(1000, seed=1)
    small = sum(f.employees < 20 for f in firms)
    assert small / len(firms) > 0.75
    assert {f.role for f in firms} == {c.value for c in Firm.Role}
    per_head = [f.turnover_eur / f.employees for f in firms]
    assert min(per_head) >= 25_000 and max(per_head) <= 700_000


def test_the_district_municipalities_match_the_istat_file():
    spec = demo.district_spec("carpi")
    names = {code: municipalities.index().by_code[code].name for code in spec.municipality_codes}
    assert names["036005"] == "Carpi"
    assert names["036028"] == "Novi di Modena"
    assert names["035034"] == "Rio Saliceto"
    assert len(names) == 15
    with pytest.raises(ValueError, match="no demo district"):
        demo.district_spec("atlantis")


def test_generator_does_not_import_django():
    code = (
        "import sys; from filiera.registry import demo; demo.generate(20); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# Command --------------------------------------------------------------------------------------


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, "--password", DEMO_PASSWORD, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_district(db) -> District:
    run_demo("--companies", "30", "--seed", "7")
    return District.objects.get(slug="carpi")


def test_demo_creates_the_district_firms_and_sites(demo_district):
    spec = demo.district_spec("carpi")
    assert demo_district.name == "Distretto della maglieria di Carpi"
    assert demo_district.managing_body
    assert set(demo_district.municipalities.values_list("istat_code", flat=True)) == set(
        spec.municipality_codes
    )
    firms = Firm.objects.filter(districts=demo_district)
    assert firms.count() == 30
    expected = demo.generate(30, seed=7)
    assert sorted(firms.values_list("legal_name", flat=True)) == sorted(
        f.legal_name for f in expected
    )
    for firm in firms:
        assert iva.is_valid(firm.vat.removeprefix("IT"))
        assert firm.size_class == size_class_for(firm.employees, firm.turnover_eur)
        assert firm.size_class
        assert isinstance(firm.turnover_eur, Decimal)
    assert FirmActivity.objects.filter(firm__in=firms, is_primary=True).count() == 30


def test_sites_are_near_their_municipality_with_taxonomy_processes(demo_district):
    sites = Site.objects.filter(firm__districts=demo_district).select_related("municipality")
    assert sites.count() >= 30
    for site in sites:
        assert site.pinned
        assert similarity.km(site.lat, site.lon, site.municipality.lat, site.municipality.lon) < 3.1
        for process in site.processes.all():
            assert not process.is_group
            assert process.code in demo.process_codes()
        assert FacilityId.objects.get(code=site.facility_id).site_id == site.pk
    assert sites.filter(processes__code="MU.KNIT_TO_SHAPE").exists()


def test_demo_leaves_audit_events(demo_district):
    firm = Firm.objects.filter(districts=demo_district).first()
    event = AuditEvent.objects.get(object_type="registry.firm", object_id=str(firm.pk))
    assert event.action == "create"
    assert event.firm_id == firm.pk
    assert event.changes["legal_name"] == [None, firm.legal_name]
    site = firm.sites.first()
    assert AuditEvent.objects.filter(object_type="registry.site", object_id=str(site.pk)).exists()


def test_demo_logins_work(demo_district):
    out = run_demo()  # a second run prints the logins again
    User = get_user_model()
    for username, _what, _first, _last in LOGINS:
        assert Client().login(username=username, password=DEMO_PASSWORD), username
        assert username in out
    assert User.objects.get(username="admin").is_superuser
    assert DistrictMembership.objects.filter(
        user__username="manager", district=demo_district, role="manager"
    ).exists()
    assert DistrictMembership.objects.filter(
        user__username="verifier", district=demo_district, role="verifier"
    ).exists()
    sub = FirmMembership.objects.get(user__username="subcontractor")
    assert (sub.role, sub.firm.role) == ("owner", "subcontractor")
    brand = FirmMembership.objects.get(user__username="brand")
    assert (brand.role, brand.firm.role) == ("owner", "brand")


def test_second_run_without_reset_changes_nothing(demo_district):
    def counts():
        return (
            Firm.objects.count(),
            Site.objects.count(),
            AuditEvent.objects.count(),
            get_user_model().objects.count(),
            FirmMembership.objects.count(),
        )

    before = counts()
    names = set(Firm.objects.values_list("legal_name", flat=True))
    out = run_demo("--companies", "50", "--seed", "8")
    assert "already exists" in out
    assert counts() == before
    assert set(Firm.objects.values_list("legal_name", flat=True)) == names


def test_reset_recreates_the_firms(demo_district):
    old_ids = set(Firm.objects.values_list("id", flat=True))
    out = run_demo("--companies", "12", "--seed", "8", "--reset")
    assert "Deleted the 30 firms" in out
    firms = Firm.objects.filter(districts=demo_district)
    assert firms.count() == 12
    assert not old_ids & set(firms.values_list("id", flat=True))
    assert District.objects.filter(slug="carpi").count() == 1
    assert FirmMembership.objects.filter(user__username="brand", firm__in=firms).exists()
    assert Client().login(username="manager", password=DEMO_PASSWORD)


def test_reset_refuses_a_district_it_did_not_create(carpi, firm_a):
    with pytest.raises(CommandError, match="not created by this command"):
        run_demo("--reset")
    assert Firm.objects.filter(pk=firm_a.pk).exists()


def test_with_debug_off_a_password_is_required(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--password"):
        call_command("demo", "--companies", "3", stdout=io.StringIO())
    assert not District.objects.exists()


def test_directory_of_the_demo_district_has_no_n_plus_1(db):
    run_demo("--companies", "80", "--seed", "3")
    client = Client()
    client.force_login(get_user_model().objects.get(username="manager"))
    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/firms/?page={page}")
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
