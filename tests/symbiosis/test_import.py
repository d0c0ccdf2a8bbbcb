"""Importing flows from CSV and XLSX: rows checked with the flow rules, every problem named by
line and column with nothing saved, a re-import by ref updating the flow, a dry run saving
nothing, and the firms a file may name (a firm's page, a district, the command line)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from filiera.core.models import AuditEvent
from filiera.registry import services as registry_services
from filiera.registry.importing.records import ImportFileError
from filiera.registry.models import Municipality
from filiera.symbiosis.importing.service import import_flows
from filiera.symbiosis.models import Flow
from tests.symbiosis.factories_import import FIRST, csv_bytes, good_rows, xlsx_bytes


def run(content: bytes, name: str = "flows.csv", **kwargs):
    with translation.override("en"):
        return import_flows(io.BytesIO(content), name, **kwargs)


def flow_events():
    """Audit events of flows, and of imports."""
    return list(AuditEvent.objects.filter(object_type="symbiosis.flow")) + list(
        AuditEvent.objects.filter(action="import")
    )


def problems(report) -> list[tuple[int, str]]:
    return [(error.line, error.field) for error in report.errors]


@pytest.fixture
def rows(firm_a, firm_b):
    return good_rows(firm_a, firm_b)


def test_a_good_file_creates_the_flows(firm_a, firm_b, owner_a, rows):
    report = run(csv_bytes(rows), actor=owner_a)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert report.firms == 2
    cut = Flow.objects.get(firm=firm_a, ref="A-CUT")
    site = firm_a.sites.get()
    assert (cut.site, cut.lat, cut.lon) == (site, site.lat, site.lon)
    assert (cut.direction, cut.kind, cut.ewc, cut.hazardous, cut.legal_status) == (
        "offer",
        "waste",
        "040222",
        False,
        "waste",
    )
    assert (cut.quantity, cut.unit, cut.period, cut.amount_year, cut.base_unit) == (
        Decimal("120"),
        "t",
        "year",
        120.0,
        "t",
    )
    assert cut.attributes == {"fibre": "wool", "colour": "mixed", "construction": "knitted"}
    assert (cut.max_distance_km, cut.available_from, cut.available_until) == (
        150,
        date(2025, 1, 1),
        None,
    )
    assert cut.created_by == owner_a
    cones = Flow.objects.get(firm=firm_a, ref="A-CONES")
    assert cones.accepted_ewc == ["150102", "150101"]
    assert cones.amount_year == pytest.approx(1.8) and cones.base_unit == "t"
    assert cones.max_distance_km == 50  # the default when the cell is empty
    heat = Flow.objects.get(firm=firm_b, ref="B-HEAT")
    assert (heat.legal_status, heat.period, heat.ewc) == ("product", "year", "")
    assert (heat.available_from, heat.available_until) == (date(2025, 10, 1), date(2026, 3, 31))
    # Each firm's history: its flows created, and one import event with the counts.
    imports = AuditEvent.objects.filter(action="import").order_by("firm_id")
    assert [(e.firm_id, e.changes["flows import"][1]["created"]) for e in imports] == [
        (firm_a.pk, 2),
        (firm_b.pk, 1),
    ]
    assert imports[0].actor == owner_a and imports[0].changes["flows import"][1]["file"] == (
        "flows.csv"
    )
    assert AuditEvent.objects.filter(action="create", object_type="symbiosis.flow").count() == 3


def test_importing_again_by_ref_updates_the_flow(firm_a, firm_b, rows):
    run(csv_bytes(rows))
    first = Flow.objects.get(firm=firm_a, ref="A-CUT")
    report = run(csv_bytes(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert not AuditEvent.objects.filter(action="update").exists()
    rows[0]["quantity"] = "90,5"
    rows[0]["attributes"] = "fibre=cashmere"
    report = run(csv_bytes(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    cut = Flow.objects.get(firm=firm_a, ref="A-CUT")
    assert cut.pk == first.pk
    assert (cut.quantity, cut.amount_year, cut.attributes) == (
        Decimal("90.5"),
        90.5,
        {"fibre": "cashmere"},
    )
    assert Flow.objects.count() == 3
    event = AuditEvent.objects.get(action="update", object_id=str(cut.pk))
    assert event.changes["quantity"] == ["120.000", "90.500"]


def test_a_row_without_ref_adds_a_flow_each_time(firm_a, rows):
    del rows[0]["ref"]
    run(csv_bytes(rows[:1]))
    run(csv_bytes(rows[:1]))
    assert Flow.objects.filter(firm=firm_a, ref="").count() == 2


def test_columns_the_file_lacks_keep_their_values_on_update(firm_a, rows):
    columns = [*FIRST, "description_en", "legal_status"]
    rows[0] |= {"description_en": "Knitting cuttings", "legal_status": "by_product"}
    run(csv_bytes(rows[:1], columns))
    short = ["ref", "vat", "direction", "kind", "ewc", "description", "quantity", "unit"]
    rows[0]["description"] = "Ritagli di maglieria"
    report = run(csv_bytes(rows[:1], short))
    assert report.ok and report.updated == 1
    cut = Flow.objects.get(ref="A-CUT")
    assert (cut.description, cut.description_en, cut.legal_status) == (
        "Ritagli di maglieria",
        "Knitting cuttings",
        "by_product",
    )
    # The site, attributes and window the file left out stay too.
    assert cut.attributes["fibre"] == "wool" and cut.available_from == date(2025, 1, 1)


BAD = [
    ({"ewc": "04 02 23"}, "ewc"),
    ({"ewc": ""}, "ewc"),
    ({"ewc": "04-02"}, "ewc"),
    ({"unit": "barrels"}, "unit"),
    ({"unit": "MWh"}, "unit"),
    ({"quantity": "-3"}, "quantity"),
    ({"quantity": "a lot"}, "quantity"),
    ({"period": "daily"}, "period"),
    ({"direction": "give"}, "direction"),
    ({"kind": "scraps"}, "kind"),
    ({"description": ""}, "description"),
    ({"available_from": "2025-06-01", "available_until": "2025-05-01"}, "available_until"),
    ({"available_from": "next spring"}, "available_from"),
    ({"site_name": "Magazzino"}, "site_name"),
    ({"max_distance_km": "0"}, "max_distance_km"),
    ({"attributes": "wool"}, "attributes"),
    ({"vat": "IT12345678901"}, "vat"),
    ({"vat": ""}, "vat"),
    ({"ref": "x" * 65}, "ref"),
]


@pytest.mark.parametrize(("change", "column"), BAD, ids=[c for _ch, c in BAD])
def test_a_bad_row_is_named_and_nothing_is_saved(firm_a, firm_b, rows, change, column):
    rows[1] |= change
    report = run(csv_bytes(rows))
    assert problems(report) == [(3, column)], [str(e) for e in report.errors]
    assert report.errors[0].translated()
    assert (report.created, report.updated, report.bad_lines) == (0, 0, 1)
    assert not Flow.objects.exists()
    assert not flow_events()


def test_every_problem_of_every_row_is_listed(firm_a, firm_b, rows):
    rows[0] |= {"ewc": "99 99 99", "quantity": "-1"}
    rows[1] |= {"accepted_ewc": "15 01 02|04 02 23", "unit": ""}
    rows[2] |= {"ref": "B-HEAT", "vat": "IT00000000000"}
    rows.append(dict(rows[0], ewc="04 02 22", quantity="3"))  # the same ref again
    report = run(csv_bytes(rows))
    assert problems(report) == [
        (2, "ewc"),
        (2, "quantity"),
        (3, "unit"),
        (3, "accepted_ewc"),
        (4, "vat"),
        (5, "ref"),
    ]
    assert report.bad_lines == 4
    messages = {(e.line, e.field): str(e) for e in report.errors}
    assert "04 02 23" in messages[(3, "accepted_ewc")]
    assert "line 2" in messages[(5, "ref")]
    assert not Flow.objects.exists()


def test_a_hazardous_code_marks_the_flow_hazardous(firm_a, rows):
    rows[0] |= {"ewc": "040219*", "description": "Fanghi del depuratore di tintoria"}
    run(csv_bytes(rows[:1]))
    sludge = Flow.objects.get(ref="A-CUT")
    assert (sludge.ewc, sludge.hazardous, sludge.display_ewc) == ("040219", True, "04 02 19*")


def test_a_firm_with_two_sites_names_the_site(firm_a, rows):
    registry_services.create_site(
        None,
        firm_a,
        name="Magazzino",
        address="Via Lago 3",
        municipality=Municipality.objects.get(pk="036005"),
        processes=[],
    )
    report = run(csv_bytes(rows[:2]))
    assert problems(report) == [(3, "site_name")]
    rows[1]["site_name"] = "magazzino"
    report = run(csv_bytes(rows[:2]))
    assert report.ok
    assert Flow.objects.get(ref="A-CONES").site.name == "Magazzino"


def test_an_xlsx_workbook_with_date_and_number_cells(firm_a, owner_a):
    header = ["Ref", "P.IVA", "Direction", "Kind", "EER", "Description", "Quantity", "Unit"]
    header += ["From", "Colour of the bag"]
    content = xlsx_bytes(
        header,
        [
            [
                "X-1",
                firm_a.vat,
                "offer",
                "waste",
                "04 02 22",
                "Ritagli",
                12.5,
                "t",
                date(2025, 2, 1),
                "red",
            ],
            ["X-2", firm_a.vat, "offer", "by_product", "", "Coni", 300, "pcs", None, ""],
        ],
    )
    report = run(content, "flows.xlsx", actor=owner_a)
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 2 and report.ignored_columns == ["Colour of the bag"]
    first = Flow.objects.get(ref="X-1")
    assert (first.quantity, first.available_from) == (Decimal("12.5"), date(2025, 2, 1))
    assert Flow.objects.get(ref="X-2").base_unit == "pcs"
    bad = xlsx_bytes(header[:8], [["X-3", firm_a.vat, "offer", "waste", "04 02 22", "R", -1, "t"]])
    assert problems(run(bad, "flows.xlsx")) == [(2, "quantity")]


def test_an_italian_csv_with_semicolons(firm_a, rows):
    rows[0] |= {"quantity": "1.234,5", "available_from": "15/01/2025"}
    report = run(csv_bytes(rows[:1], delimiter=";"))
    assert report.ok, [str(e) for e in report.errors]
    cut = Flow.objects.get(ref="A-CUT")
    assert (cut.quantity, cut.available_from) == (Decimal("1234.5"), date(2025, 1, 15))
    assert cut.attributes["construction"] == "knitted"


def test_a_dry_run_counts_and_saves_nothing(firm_a, firm_b, rows):
    report = run(csv_bytes(rows), dry_run=True)
    assert report.ok and report.dry_run and report.created == 3
    assert not Flow.objects.exists() and not flow_events()
    run(csv_bytes(rows))
    rows[2]["quantity"] = "500"
    report = run(csv_bytes(rows), dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Flow.objects.get(ref="B-HEAT").quantity == 400


def test_a_firms_page_imports_that_firms_flows_only(firm_a, firm_b, rows):
    rows[1]["vat"] = ""  # empty: the page's firm
    report = run(csv_bytes(rows), firm=firm_a)
    assert problems(report) == [(4, "vat")]
    assert firm_a.legal_name in str(report.errors[0])
    report = run(csv_bytes(rows[:2], [c for c in FIRST if c != "vat"]), firm=firm_a)
    assert report.ok and Flow.objects.filter(firm=firm_a).count() == 2
    with pytest.raises(ImportFileError):  # elsewhere the vat column is required
        run(csv_bytes(rows[:2], [c for c in FIRST if c != "vat"]))


def test_a_district_import_names_firms_of_the_district_only(
    carpi, prato, firm_a, firm_b, brand_c, rows
):
    rows[2] |= {"vat": brand_c.vat, "site_name": ""}
    report = run(csv_bytes(rows), district=carpi)
    assert problems(report) == [(4, "vat")]
    assert "Distretto di Carpi" in str(report.errors[0])
    report = run(csv_bytes(rows))  # the command line without --district: any firm
    assert report.ok and Flow.objects.filter(firm=brand_c).count() == 1
    report = run(csv_bytes(rows[:2]), district=carpi)
    assert report.unchanged == 2
    event = AuditEvent.objects.get(action="import", district_id=carpi.pk)
    assert event.changes["flows import"][1]["unchanged"] == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"ref,vat,direction,kind\nA,IT1,offer,waste\n", "description, quantity, unit"),
        ("ref,vat\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read(db, content, words):
    with pytest.raises(ImportFileError) as caught:
        run(content)
    assert words in str(caught.value)


def test_a_large_file_is_refused(db, rows, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="larger than"):
        run(csv_bytes(rows))


def test_the_example_of_the_docs_imports(firm_a, settings):
    text = (settings.PROJECT_DIR / "docs" / "import-format.md").read_text(encoding="utf-8")
    flows = text[text.index("# Flows (industrial symbiosis)") :]
    example = flows.split("A small example (CSV):", 1)[1].split("```")[1].strip() + "\n"
    firm_a.sites.update(name="Reparto maglieria")
    assert example.startswith(",".join(FIRST))
    report = run(example.encode())
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 3 and firm_a.symbiosis_flows.count() == 3


# The files in tests/symbiosis/data -----------------------------------------------------------

DATA = Path(__file__).parent / "data"


def test_an_italian_excel_file_of_three_firms(firm_a, firm_b, carder, carpi):
    """flows.csv: UTF-8 with a byte-order mark, semicolons, dates as 31/03/2025."""
    content = (DATA / "flows.csv").read_bytes()
    report = run(content)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.rows, report.created, report.firms) == (6, 6, 3)
    amounts = dict(Flow.objects.values_list("ref", "amount_year"))
    assert amounts == pytest.approx(
        {"A-CUT": 120, "A-CONES": 1.8, "A-SLUDGE": 30, "B-HEAT": 400, "B-CONES": 3, "CARD-IN": 150}
    )
    card = Flow.objects.get(ref="CARD-IN")
    assert (card.firm, card.accepted_ewc, card.legal_status) == (
        carder,
        ["040221", "040222"],
        "waste",
    )
    assert Flow.objects.get(ref="B-CONES").legal_status == "by_product"
    assert Flow.objects.get(ref="A-CUT").description_en.startswith("Knitting cuttings")
    # The carding mill is in Prato: a Carpi import may not name it.
    report = run(content, district=carpi)
    assert problems(report) == [(7, "vat")]
    assert run(content).unchanged == 6


def test_a_file_with_bad_rows(firm_a, firm_b):
    """flows_bad.csv: every problem of every row, by line and column; nothing saved."""
    report = run((DATA / "flows_bad.csv").read_bytes())
    assert problems(report) == [
        (2, "ewc"),
        (3, "site_name"),
        (3, "period"),
        (3, "accepted_ewc"),
        (4, "unit"),
        (4, "available_until"),
        (6, "vat"),
        (7, "ref"),
        (9, "direction"),
        (9, "kind"),
        (9, "description"),
        (9, "quantity"),
        (9, "unit"),
        (9, "available_from"),
        (9, "attributes"),
        (9, "max_distance_km"),
    ]
    assert report.rows == 7 and report.bad_lines == 6  # the empty line 8 is skipped
    assert not Flow.objects.exists()
