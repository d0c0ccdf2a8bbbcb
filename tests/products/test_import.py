"""Importing products and steps: CSV (one kind, recognised by its header) and XLSX (sheets
"products" and "steps"); every problem names the sheet, line and column and nothing is saved;
products are matched by model code (created, updated, unchanged); a dry run saves nothing; the
command prints the same."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from filiera.core.models import AuditEvent
from filiera.products import services
from filiera.products.importing.cells import parse_composition
from filiera.products.importing.service import import_products
from filiera.products.models import Product
from filiera.registry.importing.records import ImportFileError

PRODUCTS_CSV = """model_code;name;name_en;category;mass_kg;gtin;commodity_code;recycled_post_consumer;care;care_en;composition;materials
TS-1;T-shirt;T-shirt;tshirt;0,17;8012345000012;6109 10 00;;Lavare a 30 °C;Wash at 30 °C;corpo / body: 100 cotone;ei-coton:100:IN
GI-2;Giacca;Jacket;manteau;0.9;;;40;;;"guscio: 95 cotton | 5 elastane; fodera / lining: 100 polyester";ei-coton:95|elasthane:5
"""


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def run(brand, text_or_stream, name="products.csv", **kwargs):
    stream = csv_file(text_or_stream) if isinstance(text_or_stream, str) else text_or_stream
    return import_products(stream, name, brand=brand, **kwargs)


def steps_csv(site, extra: str = "") -> str:
    return (
        "model_code,stage,process,site,country,started_on,finished_on\n"
        f"TS-1,making,MU.SEWING,{site.facility_id},,2025-03-01,2025-03-20\n"
        "TS-1,spinning,YN.SPIN_COMBED,,IN,,\n"
        "TS-1,other,WP.PRINTING,,IT,21/03/2025,\n" + extra
    )


def test_a_products_csv_creates_the_products(firm_a, owner_a):
    report = run(firm_a, PRODUCTS_CSV, actor=owner_a)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    tshirt = Product.objects.get(model_code="TS-1")
    assert tshirt.brand == firm_a and tshirt.mass_kg == Decimal("0.17")
    assert (tshirt.gtin, tshirt.commodity_code, tshirt.care_en) == (
        "08012345000012",
        "61091000",
        "Wash at 30 °C",
    )
    assert list(tshirt.materials.values_list("material", "share", "country")) == [
        ("ei-coton", Decimal("100"), "IN")
    ]
    jacket = Product.objects.get(model_code="GI-2")
    labels = [
        (c.name, c.name_en, [(f.fibre, f.percent) for f in c.fibres.all()])
        for c in jacket.components.all()
    ]
    assert labels == [
        ("guscio", "", [("5", 95), ("43", 5)]),
        ("fodera", "lining", [("35", 100)]),
    ]
    assert jacket.recycled_post_consumer == 40
    event = AuditEvent.objects.get(action="import")
    assert event.actor == owner_a and event.changes["products import"][1]["created"] == 2


def test_importing_again_updates_or_leaves_unchanged(firm_a):
    run(firm_a, PRODUCTS_CSV)
    report = run(firm_a, PRODUCTS_CSV)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    changed = PRODUCTS_CSV.replace("Giacca;", "Giacca imbottita;")
    report = run(firm_a, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Product.objects.get(model_code="GI-2").name == "Giacca imbottita"
    # An empty cell leaves the stored value alone.
    report = run(firm_a, "model_code,name,care\nTS-1,,\n")
    assert report.unchanged == 1 and Product.objects.get(model_code="TS-1").care == "Lavare a 30 °C"


def test_a_steps_csv_replaces_the_steps(firm_a, owner_a, supply_chain):
    run(firm_a, PRODUCTS_CSV)
    spinner_site = supply_chain["spinner"].sites.get()
    text = (
        steps_csv(firm_a.sites.get())
        .replace(",IN,,\n", ",,,\n")
        .replace(
            "TS-1,spinning,YN.SPIN_COMBED,,",
            f"TS-1,spinning,YN.SPIN_COMBED,{spinner_site.facility_id},",
        )
    )
    report = run(firm_a, text, name="steps.csv", actor=owner_a)
    assert report.ok, [str(e) for e in report.errors]
    assert report.rows == {"steps": 3} and report.updated == 1
    tshirt = Product.objects.get(model_code="TS-1")
    found = {
        (s.stage, s.process_id, s.site_id, s.country, str(s.started_on)) for s in tshirt.steps.all()
    }
    assert found == {
        ("making", "MU.SEWING", firm_a.sites.get().pk, "", "2025-03-01"),
        ("spinning", "YN.SPIN_COMBED", spinner_site.pk, "", "None"),
        ("other", "WP.PRINTING", None, "IT", "2025-03-21"),
    }


def test_a_site_by_gln_and_sites_outside_the_chain(firm_a, supply_chain):
    run(firm_a, PRODUCTS_CSV)
    site = firm_a.sites.get()
    site.gln = "8012345000005"
    site.save()
    outside = supply_chain["dyer"].sites.get()
    text = (
        "model_code,stage,site\n"
        "TS-1,making,8012345000005\n"
        f"TS-1,dyeing,{outside.facility_id}\n"
        "TS-1,fabric,FIL-NOPE\n"
    )
    report = run(firm_a, text, name="steps.csv")
    assert [(e.sheet, e.line, e.column) for e in report.errors] == [
        ("steps", 3, "site"),
        ("steps", 4, "site"),
    ]
    assert not Product.objects.get(model_code="TS-1").steps.exists()
    report = run(firm_a, "model_code,stage,site\nTS-1,making,801 2345 000005\n", name="s.csv")
    assert report.ok and Product.objects.get(model_code="TS-1").steps.get().site == site


def test_an_xlsx_with_both_sheets(firm_a, owner_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Products"
    sheet.append(["Model code", "Name", "Category", "Mass (kg)", "Composition", "Colour"])
    sheet.append(["TS-9", "T-shirt", "tshirt", 0.2, "corpo: 100 cotton", "blu"])
    steps = workbook.create_sheet("steps")
    steps.append(["model_code", "stage", "process", "site", "country", "started_on", "finished_on"])
    import datetime

    steps.append(
        [
            "TS-9",
            "making",
            "MU.SEWING",
            firm_a.sites.get().facility_id,
            None,
            datetime.datetime(2025, 3, 1),
            datetime.date(2025, 3, 9),
        ]
    )
    workbook.create_sheet("notes").append(["anything"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    report = run(firm_a, data, name="catalogo.xlsx", actor=owner_a)
    assert report.ok, [str(e) for e in report.errors]
    assert report.rows == {"products": 1, "steps": 1} and report.created == 1
    assert report.ignored_columns == ["Products: Colour"]
    product = Product.objects.get(model_code="TS-9")
    assert product.mass_kg == Decimal("0.2") and product.components.get().name == "corpo"
    step = product.steps.get()
    assert (str(step.started_on), str(step.finished_on)) == ("2025-03-01", "2025-03-09")


BAD_PRODUCTS = """model_code,name,category,mass_kg,gtin,composition,materials,fading
OK-1,Buono,tshirt,0.2,,corpo: 100 cotton,,
BAD-1,Cattivo,kimono,0.2,8012345000013,,,forse
,Senza codice,tshirt,0.2,,,,
BAD-2,Somma,tshirt,0.2,,corpo: 90 cotton | 5 elastane,ei-coton:60,
BAD-3,Fibra,tshirt,0.2,,corpo: 100 unobtainium,ei-cotone:100,
OK-1,Doppio,tshirt,0.2,,,,
NEW-1,,tshirt,0.2,,,,
"""


def test_every_problem_names_sheet_line_and_column_and_nothing_is_saved(firm_a):
    with translation.override("en"):
        report = run(firm_a, BAD_PRODUCTS)
        messages = {(e.line, e.column): e.translated() for e in report.errors}
    assert sorted(messages) == [
        (3, "category"),
        (3, "fading"),
        (3, "gtin"),
        (4, "model_code"),
        (5, "composition"),
        (5, "materials"),
        (6, "composition"),
        (6, "materials"),
        (7, "model_code"),
    ]
    assert "should be 2" in messages[(3, "gtin")]
    assert "95 %" in messages[(5, "composition")]
    assert "unobtainium" in messages[(6, "composition")]
    assert "line 2" in messages[(7, "model_code")]
    assert {e.sheet for e in report.errors} == {"products"}
    assert not Product.objects.exists()
    assert (report.created, report.updated) == (0, 0)


def test_errors_found_while_saving_undo_everything(firm_a, firm_b):
    services.create_product(
        None, firm_b, name="B", category="pull", mass_kg="0.3", gtin="8012345000029"
    )
    text = (
        "model_code,name,category,mass_kg,gtin\n"
        "A-1,Uno,tshirt,0.2,\n"
        "A-2,Due,tshirt,0.2,8012345000029\n"
        "A-3,,tshirt,0.2,\n"
    )
    report = run(firm_a, text)
    assert [(e.line, e.column) for e in report.errors] == [(3, "gtin"), (4, "name")]
    assert not Product.objects.filter(brand=firm_a).exists()


def test_steps_of_an_unknown_product_and_bad_cells(firm_a):
    text = "model_code,stage,process,country,started_on,finished_on\nNOPE,making,,IT,,\n"
    report = run(firm_a, text, name="steps.csv")
    assert [(e.sheet, e.line, e.column) for e in report.errors] == [("steps", 2, "model_code")]
    run(firm_a, PRODUCTS_CSV)
    text = (
        "model_code,stage,process,country,started_on,finished_on\n"
        "TS-1,sewing,,IT,,\n"
        "TS-1,other,,IT,,\n"
        "TS-1,making,XX.NOPE,Atlantide,ieri,\n"
        "TS-1,dyeing,,IT,2025-03-02,2025-03-01\n"
        "TS-1,fabric,,Portogallo,,\n"
    )
    report = run(firm_a, text, name="steps.csv")
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "stage"),
        (3, "process"),
        (4, "process"),
        (4, "country"),
        (4, "started_on"),
        (5, "finished_on"),
    ]
    twice = "model_code,stage,country\nTS-1,making,IT\nTS-1,making,FR\n"
    report = run(firm_a, twice, name="steps.csv")
    assert [(e.line, e.column) for e in report.errors] == [(3, "stage")]
    assert not Product.objects.get(model_code="TS-1").steps.exists()


def test_a_dry_run_counts_and_saves_nothing(firm_a):
    report = run(firm_a, PRODUCTS_CSV, dry_run=True)
    assert report.ok and report.dry_run and report.created == 2
    assert not Product.objects.exists()
    assert not AuditEvent.objects.filter(object_type="products.product").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"name,category\nX,tshirt\n", "model_code"),
        ("model_code;name\nA;\xe0\n".encode("latin-1"), "UTF-8"),
        (b"PK\x03\x04 not really a workbook", "XLSX"),
    ],
)
def test_files_that_cannot_be_read_say_why(firm_a, content, words):
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        run(firm_a, io.BytesIO(content), name="file.csv")
    with translation.override("en"):
        assert words in caught.value.translated()


def test_a_file_too_large(firm_a, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ImportFileError):
        run(firm_a, PRODUCTS_CSV, size=len(PRODUCTS_CSV))


def test_composition_cells():
    assert parse_composition("Guscio / Shell: 95% Cotone | elastan 5 %") == [
        ("Guscio", "Shell", "5", Decimal("95")),
        ("", "", "43", Decimal("5")),
    ]
    assert parse_composition("corpo: 70 nylon | 30 lino")[0][2] == "30"
    assert parse_composition("corpo: 100 2-cashmere")[0][2] == "2-cashmere"


# The command ---------------------------------------------------------------------------------


def test_the_command_imports_for_a_brand(tmp_path, firm_a, capsys):
    path = tmp_path / "products.csv"
    path.write_text(PRODUCTS_CSV, encoding="utf-8")
    with translation.override("en"):
        call_command("import_products", str(path), "--brand", firm_a.vat.removeprefix("IT"))
    out = capsys.readouterr().out
    assert "Created 2 products" in out and "2 products, 0 steps" in out
    assert Product.objects.filter(brand=firm_a).count() == 2


def test_the_command_dry_run_and_errors(tmp_path, firm_a, capsys):
    path = tmp_path / "products.csv"
    path.write_text(PRODUCTS_CSV, encoding="utf-8")
    with translation.override("en"):
        call_command("import_products", str(path), "--brand", firm_a.vat, "--dry-run")
    assert "Would create 2 products" in capsys.readouterr().out
    assert not Product.objects.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_PRODUCTS, encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_products", str(bad), "--brand", firm_a.vat)
    assert "nothing was saved" in str(caught.value)
    err = capsys.readouterr().err
    assert "products, line 3, gtin:" in err and "products, line 7, model_code:" in err
    assert not Product.objects.exists()


def test_the_command_needs_a_known_brand(tmp_path, firm_a, brand_c):
    path = tmp_path / "products.csv"
    path.write_text(PRODUCTS_CSV, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_products", str(path), "--brand", "12345678901")
    with pytest.raises(CommandError):
        call_command("import_products", str(tmp_path / "missing.csv"), "--brand", firm_a.vat)
    # brand_c is the only firm with the brand role.
    call_command("import_products", str(path))
    assert Product.objects.filter(brand=brand_c).count() == 2
