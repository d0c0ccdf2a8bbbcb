"""``filiera import companies FILE [--district SLUG] [--dry-run]``: output and exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from filiera import cli
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm

DATA = Path(__file__).parent / "data"


def command(*args: str) -> tuple[int, str, str]:
    """Run the command as the console would, in English: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        try:
            call_command("import_companies", *args, stdout=out, stderr=err)
            status = 0
        except CommandError as exc:
            err.write(str(exc))
            status = exc.returncode
    return status, out.getvalue(), err.getvalue()


def test_imports_a_file_into_a_district(carpi):
    status, out, _err = command(str(DATA / "firms.csv"), "--district", "carpi")
    assert status == 0
    assert "Imported 5 rows." in out
    assert "Created 4 firms and updated 0 (0 unchanged)." in out
    assert "Created 5 sites and updated 0 (0 unchanged)." in out
    assert Firm.objects.filter(districts=carpi).count() == 4


def test_second_run_updates_nothing_and_says_so(carpi):
    command(str(DATA / "firms.csv"), "--district", "carpi")
    status, out, _err = command(str(DATA / "firms.csv"), "--district", "carpi")
    assert status == 0 and "Created 0 firms and updated 0 (4 unchanged)." in out


def test_dry_run_writes_nothing(carpi):
    status, out, _err = command(str(DATA / "semicolon_bom.csv"), "--district", "carpi", "--dry-run")
    assert status == 0
    assert "Dry run" in out and "Would create 2 firms" in out
    assert not Firm.objects.exists()


def test_row_errors_are_printed_and_the_status_is_not_zero(carpi):
    status, out, err = command(str(DATA / "bad_rows.csv"), "--district", "carpi")
    assert status == 1 and out == ""
    assert "line 3, vat: the Italian VAT number (P.IVA) has a wrong check digit" in err
    assert "line 4, municipality:" in err and "line 6, name: required" in err
    assert "4 of 5 rows have errors: nothing was saved." in err
    assert not Firm.objects.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["latin1.csv"], "not UTF-8"),
        (["missing_column.csv"], "“municipality” is missing"),
        (["empty.csv"], "The file is empty"),
        (["firms.csv", "--district", "nowhere"], "No district has the short name “nowhere”"),
        (["no-such-file.csv"], "No such file"),
    ],
)
def test_file_problems_exit_with_one_message(db, args, expected):
    status, _out, err = command(str(DATA / args[0]), *args[1:])
    assert status == 1 and expected in err


def test_without_a_district_firms_join_none(db):
    status, out, _err = command(str(DATA / "firms.csv"))
    assert status == 0 and "not added to a district" in out
    assert Firm.objects.get(vat=italian_vat(3001)).districts.count() == 0


def test_the_filiera_console_command_maps_import_companies(carpi, monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["filiera", "import", "companies", str(DATA / "bad_rows.csv")])
    with translation.override("en"), pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    assert "line 3, vat:" in capsys.readouterr().err
