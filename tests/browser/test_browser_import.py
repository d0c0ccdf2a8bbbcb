"""A district manager imports firms and sites from a CSV file through the import page."""

import csv
import re

import pytest
from playwright.sync_api import expect

from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm, Site

pytestmark = pytest.mark.browser

# The header exactly as DESIGN.md's exchange format lists it.
HEADER = (
    "vat,name,ateco,role,employees,turnover_eur,site_name,address,municipality,"
    "lat,lon,processes,workers,email,website,osh_id"
)
GOOD_VAT = italian_vat(2002).removeprefix("IT")
BAD_VAT = GOOD_VAT[:-1] + str((int(GOOD_VAT[-1]) + 1) % 10)  # wrong check digit


def write_csv(path, second_firm_vat: str):
    rows = [
        # line 2 and 4: one firm with two sites; line 3: the firm whose P.IVA may be wrong.
        [italian_vat(2001).removeprefix("IT"), "Confezioni Delta S.r.l.", "14.10.20",
         "subcontractor", "9", "700000", "Delta · laboratorio", "Via Carlo Marx 10",
         "Carpi (MO)", "", "", "MU.SEWING|MU.PRESSING", "7", "info@delta.example", "", ""],
        [second_firm_vat, "Tessitura Epsilon S.p.A.", "13.20.00", "manufacturer", "45", "",
         "Epsilon · tessitura", "Via dell'Industria 3", "036044", "", "", "FF.WEAVING",
         "40", "", "https://epsilon.example", ""],
        [italian_vat(2001).removeprefix("IT"), "Confezioni Delta S.r.l.", "", "", "", "",
         "Delta · stiro", "Via Roma 2", "Novi di Modena (MO)", "", "", "MU.PRESSING", "2",
         "", "", ""],
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(HEADER + "\r\n")
        csv.writer(out).writerows(rows)
    return path


def test_manager_imports_a_file_fixes_a_bad_row_and_finds_the_firm(
    page, live_server, login, manager, carpi, tmp_path, screenshot
):
    firms_before, sites_before = Firm.objects.count(), Site.objects.count()
    login(page, live_server, "manager")
    expect(page).to_have_url(f"{live_server.url}/d/carpi/")  # a one-district manager lands here

    page.locator('main a[href="/d/carpi/import/"]').click()
    expect(page).to_have_url(f"{live_server.url}/d/carpi/import/")
    form = page.locator('main form[enctype="multipart/form-data"]')

    # A file with one wrong P.IVA: the report names line 3 and the column, nothing is saved.
    form.locator("input[type=file][name=file]").set_input_files(
        write_csv(tmp_path / "firms.csv", BAD_VAT)
    )
    form.locator("button[type=submit]").click()
    report = page.locator("#import-report")
    expect(report.locator(".message.error[role=alert]")).to_be_visible()
    errors = report.locator("table.report tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td").nth(0)).to_have_text("3")
    expect(errors.locator("td").nth(1)).to_have_text("vat")
    screenshot(page, "errors")
    assert (Firm.objects.count(), Site.objects.count()) == (firms_before, sites_before)

    # The corrected file goes in whole.
    form.locator("input[type=file][name=file]").set_input_files(
        write_csv(tmp_path / "firms-fixed.csv", GOOD_VAT)
    )
    form.locator("button[type=submit]").click()
    expect(report.locator(".message.success[role=status]")).to_be_visible()
    expect(report.locator("#firms-created")).to_have_text("2")
    expect(report.locator("#sites-created")).to_have_text("3")
    expect(report.locator("table.report")).to_have_count(0)
    screenshot(page, "imported")
    assert Firm.objects.count() == firms_before + 2
    assert Site.objects.count() == sites_before + 3

    # The new firm is in the directory, and its page shows the imported site.
    page.locator('header a[href="/firms/"]').click()
    expect(page).to_have_url(f"{live_server.url}/firms/")
    search = page.locator("main form[role=search] input[name=q]")
    search.fill("Epsilon")  # the list follows the typing, no need to press Enter
    expect(page).to_have_url(re.compile(r"[?&]q=Epsilon"))
    results = page.locator("#results")
    expect(results.locator("tbody tr")).to_have_count(1)
    results.get_by_role("link", name="Tessitura Epsilon S.p.A.").click()

    firm = Firm.objects.get(legal_name="Tessitura Epsilon S.p.A.")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm.pk}/")
    expect(page.locator("main h1")).to_have_text("Tessitura Epsilon S.p.A.")
    expect(page.locator("main dl.facts")).to_contain_text(GOOD_VAT)
    site = firm.sites.get()
    site_link = page.locator(f'main table a[href="/sites/{site.facility_id}/"]')
    expect(site_link).to_have_text("Epsilon · tessitura")
    expect(site_link.locator("xpath=ancestor::tr")).to_contain_text("Soliera (MO)")
    screenshot(page, "firm")
    assert (site.municipality_id, site.workers) == ("036044", 40)
    assert carpi.firms.filter(pk=firm.pk).exists()
