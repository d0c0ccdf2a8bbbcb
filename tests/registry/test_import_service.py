"""Importing into the database: all or nothing, updates instead of duplicates, audit, dry runs."""

from __future__ import annotations

import io
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from filiera.core.models import AuditEvent
from filiera.registry.identifiers import italian_vat
from filiera.registry.importing.service import import_file
from filiera.registry.models import DuplicateCandidate, FacilityId, Firm, FirmActivity, Site

DATA = Path(__file__).parent / "data"


def run(name_or_text: str, district=None, actor=None, dry_run=False, filename="firms.csv"):
    path = DATA / name_or_text
    data = (
        path.read_bytes() if "\n" not in name_or_text and path.exists() else name_or_text.encode()
    )
    return import_file(io.BytesIO(data), filename, district=district, actor=actor, dry_run=dry_run)


def counts() -> tuple[int, int, int, int]:
    return (
        Firm.objects.count(),
        Site.objects.count(),
        FacilityId.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_good_file_creates_firms_sites_and_audit_events(carpi, manager):
    report = run("firms.csv", carpi, manager)
    assert report.ok, report.errors
    assert (report.firms_created, report.sites_created) == (4, 5)
    rossi = Firm.objects.get(vat=italian_vat(3001))
    assert rossi.legal_name == "Maglieria Rossi S.r.l." and rossi.size_class == "small"
    assert list(rossi.districts.all()) == [carpi]
    assert list(rossi.activities.values_list("code", "is_primary")) == [
        ("14.10.20", True),
        ("13.91.00", False),
    ]
    sede, magazzino = rossi.sites.order_by("name").all()[1], rossi.sites.order_by("name").all()[0]
    assert (sede.lat, sede.lon, sede.pinned) == (
        sede.municipality.lat,
        sede.municipality.lon,
        False,
    )
    assert (magazzino.lat, magazzino.lon, magazzino.pinned) == (44.7512, 10.9377, True)
    assert sorted(sede.processes.values_list("code", flat=True)) == [
        "FF.KNIT_WEFT",
        "MU.KNIT_TO_SHAPE",
    ]
    assert FacilityId.objects.get(code=sede.facility_id).site == sede
    assert Firm.objects.get(vat="FR40303265045").country == "FR"
    event = AuditEvent.objects.get(object_type="registry.firm", object_id=str(rossi.pk))
    assert event.action == "create" and event.actor == manager and event.firm_id == rossi.pk
    assert event.changes["legal_name"] == [None, "Maglieria Rossi S.r.l."]
    assert AuditEvent.objects.filter(object_type="registry.site", action="create").count() == 5
    assert AuditEvent.objects.filter(action="import", district_id=carpi.pk).count() == 1


def test_one_bad_row_saves_nothing(carpi, manager, firm_a):
    before = counts()
    report = run("bad_rows.csv", carpi, manager)
    assert not report.ok and report.bad_lines == 4
    assert counts() == before
    assert not Firm.objects.filter(
        vat=italian_vat(3001)
    ).exists()  # line 2 was fine, still not saved


def test_reimport_updates_instead_of_duplicating(carpi, manager):
    run("firms.csv", carpi, manager)
    before = counts()
    again = run("firms.csv", carpi, manager)
    assert (again.firms_created, again.firms_updated, again.firms_unchanged) == (0, 0, 4)
    assert (again.sites_created, again.sites_updated, again.sites_unchanged) == (0, 0, 5)
    assert counts()[:3] == before[:3]

    changed = (
        (DATA / "firms.csv")
        .read_text()
        .replace(",18,2400000,", ",60,2400000,")
        .replace("MU.PACKAGING,3", "MU.PACKAGING|MU.QC,4")
    )
    report = run(changed, carpi, manager)
    assert (report.firms_updated, report.sites_updated, report.sites_created) == (1, 1, 0)
    rossi = Firm.objects.get(vat=italian_vat(3001))
    assert rossi.employees == 60 and rossi.size_class == "medium"
    update = AuditEvent.objects.get(object_type="registry.firm", action="update")
    assert update.changes == {"employees": [18, 60], "size_class": ["small", "medium"]}
    magazzino = rossi.sites.get(name="Magazzino")
    assert magazzino.workers == 4
    assert sorted(magazzino.processes.values_list("code", flat=True)) == ["MU.PACKAGING", "MU.QC"]
    site_update = AuditEvent.objects.get(object_type="registry.site", action="update")
    assert site_update.changes["processes"] == [["MU.PACKAGING"], ["MU.PACKAGING", "MU.QC"]]


def test_empty_cells_keep_stored_values_and_pins(carpi, manager):
    run("firms.csv", carpi, manager)
    vat = italian_vat(3001)
    report = run(
        f"vat,name,municipality,site_name\n{vat},Maglieria Rossi S.r.l.,036044,Magazzino\n",
        carpi,
        manager,
    )
    assert report.ok and report.firms_unchanged == 1 and report.sites_unchanged == 1
    rossi = Firm.objects.get(vat=vat)
    assert rossi.employees == 18 and rossi.activities.count() == 2
    magazzino = rossi.sites.get(name="Magazzino")
    assert magazzino.pinned and magazzino.lat == 44.7512


def test_facility_id_column_keys_sites(carpi, manager, firm_a):
    site = firm_a.sites.get()
    text = f"vat,name,facility_id,site_name,municipality\n{firm_a.vat},{firm_a.legal_name},{site.facility_id.lower()},Nuovo nome,Soliera (MO)\n"
    report = run(text, carpi, manager)
    assert report.ok and report.sites_updated == 1 and report.sites_created == 0
    site.refresh_from_db()
    assert (site.name, site.municipality_id, site.pinned) == ("Nuovo nome", "036044", False)
    assert (site.lat, site.lon) == (site.municipality.lat, site.municipality.lon)


def test_unknown_or_foreign_facility_ids_are_row_errors(carpi, manager, firm_a, firm_b):
    site_b = firm_b.sites.get()
    text = (
        "vat,name,facility_id,municipality\n"
        f"{firm_a.vat},{firm_a.legal_name},FIL-00000000-0,Carpi (MO)\n"
        f"{firm_a.vat},{firm_a.legal_name},{site_b.facility_id},Carpi (MO)\n"
    )
    report = run(text, carpi, manager)
    assert [(e.line, e.field) for e in report.errors] == [(2, "facility_id"), (3, "facility_id")]


def test_a_manager_cannot_change_a_firm_of_another_district(carpi, manager, brand_c):
    text = f"vat,name,municipality\n{brand_c.vat},Renamed,Prato (PO)\n"
    report = run(text, carpi, manager)
    assert [(e.line, e.field) for e in report.errors] == [(2, "vat")]
    brand_c.refresh_from_db()
    assert brand_c.legal_name == "Lanificio Gamma S.p.A." and carpi not in brand_c.districts.all()
    # The command line (no actor) may, and the firm joins the district.
    report = run(text, carpi, None)
    assert report.ok and report.firms_updated == 1 and report.firms_joined == 1
    assert carpi in brand_c.districts.all()


def test_dry_run_counts_and_writes_nothing(carpi, manager, firm_a):
    before = counts()
    text = (
        DATA / "firms.csv"
    ).read_text() + f"{firm_a.vat},{firm_a.legal_name},,,40,,Nuova sede,,Carpi (MO),,,,,,,\n"
    report = run(text, carpi, manager, dry_run=True)
    assert report.ok and report.dry_run
    assert (report.firms_created, report.firms_updated, report.sites_created) == (4, 1, 6)
    assert counts() == before


def test_firm_only_rows_update_registered_firms_but_cannot_create_one(carpi, manager, firm_a):
    new_vat = italian_vat(8001)
    text = f"vat,name,employees,municipality\n{firm_a.vat},{firm_a.legal_name},30,\n{new_vat},Nuova,3,\n"
    report = run(text, carpi, manager)
    assert [(e.line, e.field) for e in report.errors] == [(3, "municipality")]
    report = run(text.rsplit("\n", 2)[0] + "\n", carpi, manager)
    assert report.ok and report.firms_updated == 1
    firm_a.refresh_from_db()
    assert firm_a.employees == 30 and firm_a.size_class == "small"


def test_duplicate_warnings_for_new_firms(carpi, manager, firm_a):
    text = f"vat,name,municipality\n{italian_vat(8002)},Maglificio Alfa Srl,Carpi (MO)\n"
    report = run(text, carpi, manager)
    assert report.duplicates == 1
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.left_id, candidate.right_id} == {
        firm_a.pk,
        Firm.objects.get(vat=italian_vat(8002)).pk,
    }


def test_the_number_of_queries_does_not_grow_with_the_rows(carpi, manager):
    def queries(n: int, start: int) -> int:
        lines = ["vat,name,ateco,municipality,site_name,processes"]
        for i in range(start, start + n):
            lines += [
                f"{italian_vat(i)},Firm {i},14.10.20,Carpi (MO),A,MU.SEWING",
                f"{italian_vat(i)},Firm {i},,036044,B,",
            ]
        with CaptureQueriesContext(connection) as captured:
            assert run("\n".join(lines) + "\n", carpi, manager).ok
        return len(captured)

    queries(1, 5_000)  # reads the manager's roles once
    # Duplicate warnings read the district's firms once; everything else is bulk.
    assert queries(5, 10_000) == queries(80, 20_000) < 20


def test_activities_are_replaced_in_order(carpi, manager, firm_a):
    text = f"vat,name,ateco,municipality\n{firm_a.vat},{firm_a.legal_name},14.21.10|14.10.20,\n"
    assert run(text, carpi, manager).ok
    assert list(FirmActivity.objects.filter(firm=firm_a).values_list("code", "is_primary")) == [
        ("14.21.10", True),
        ("14.10.20", False),
    ]


def test_open_supply_hub_list_needs_vat_and_italy(carpi, manager):
    report = run("osh.csv", carpi, manager)
    # The site in France is placed by lat/lon, which the list lacks.
    assert [(e.line, e.field) for e in report.errors] == [(4, "vat"), (5, "lat")]
    fixed = "\n".join((DATA / "osh.csv").read_text().splitlines()[:3]) + "\n"
    report = run(fixed, carpi, manager)
    assert report.ok and report.ignored_processing_types == ["Finished Goods"]
    site = Site.objects.get(firm__vat=italian_vat(3006))
    assert (site.municipality_id, site.workers, site.osh_id) == ("036005", 51, "IT2023001ABCD12")
    assert sorted(site.processes.values_list("code", flat=True)) == [
        "FF.KNIT_WEFT",
        "MU.GARMENT_DYEING",
    ]
