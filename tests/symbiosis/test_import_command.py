"""``filiera import flows FILE [--district SLUG] [--dry-run]``: a summary when the file is good,
every bad row on stderr and status 1 (nothing saved) when it is not."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from filiera.symbiosis.models import Flow
from tests.symbiosis.factories_import import csv_bytes, good_rows


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_flows", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def rows(firm_a, firm_b):
    return good_rows(firm_a, firm_b)


def test_a_good_file_is_imported_and_summed_up(tmp_path, carpi, rows):
    path = tmp_path / "flows.csv"
    path.write_bytes(csv_bytes(rows))
    out, _err = command(path, "--dry-run")
    assert "Dry run" in out and "Would create 3 flows" in out
    assert not Flow.objects.exists()
    out, _err = command(path, "--district", "carpi")
    assert "Created 3 flows and updated 0 (0 unchanged), of 2 firms." in out
    assert Flow.objects.count() == 3
    out, _err = command(path)
    assert "Created 0 flows and updated 0 (3 unchanged)" in out


def test_a_bad_file_prints_every_problem_and_saves_nothing(tmp_path, rows):
    rows[0]["ewc"] = "04 02 23"
    rows[2]["unit"] = "t"
    path = tmp_path / "flows.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match=r"2 of 3 rows have errors: nothing was saved\."):
        command(path)
    assert not Flow.objects.exists()
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_flows", str(path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 2, ewc: ") and "04 02 23" in lines[0]
    assert lines[1].startswith("line 4, unit: ")


def test_a_district_that_does_not_exist_or_a_missing_file(tmp_path, db):
    path = tmp_path / "flows.csv"
    path.write_text("ref\n")
    with pytest.raises(CommandError, match="No district has the slug atlantide"):
        command(path, "--district", "atlantide")
    with pytest.raises(CommandError, match="No such file"):
        command(tmp_path / "missing.csv")
    with pytest.raises(CommandError, match="no column vat, direction"):
        command(path)


def test_only_firms_of_the_district(tmp_path, carpi, rows, brand_c):
    rows[2] |= {"vat": brand_c.vat, "site_name": ""}
    path = tmp_path / "flows.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="1 of 3 rows"):
        command(path, "--district", "carpi")
    assert not Flow.objects.exists()
