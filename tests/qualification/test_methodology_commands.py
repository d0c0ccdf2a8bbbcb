"""``filiera rescore`` and ``filiera check-methodologies``."""

from __future__ import annotations

import re
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from filiera.qualification.models import Score, Weighting
from filiera.qualification.services import methodologies


def _run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


# rescore ----------------------------------------------------------------------------------


def test_rescore_prints_counts_and_time(verified_a, draft_b, base_version):
    output = _run("rescore", version=base_version.key, district="carpi", date="2026-03-01")
    assert f"{base_version.key}: re-scored 1 assessment in carpi as of 2026-03-01" in output
    assert "(submitted 0, in_review 0, verified 1)" in output
    assert re.search(r"in \d+\.\d\d s$", output.strip())
    rescore = Score.objects.get(kind=Score.Kind.RESCORE)
    assert rescore.assessment == verified_a
    assert str(rescore.evaluated_on) == "2026-03-01"
    assert rescore.overall == verified_a.overall  # same version, same weights, same answers
    verified_a.refresh_from_db()
    assert verified_a.score.kind == Score.Kind.OFFICIAL


def test_rescore_every_district_with_a_weighting(verified_a, base_version):
    weighting = Weighting.objects.create(
        name="Ambiente", methodology=base_version.methodology, area_weights={"environment": 3}
    )
    output = _run("rescore", version=base_version.key, weighting=weighting.pk)
    assert f"with weighting {weighting.pk} (Ambiente): re-scored 1 assessment as of" in output
    assert Score.objects.get(kind=Score.Kind.RESCORE).weighting == weighting


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"version": "filiera-base"}, "--version: write it as SLUG@N"),
        ({"version": "nessuna@1"}, "--version: no methodology version nessuna@1"),
        ({"version": "filiera-base@1", "district": "nowhere"}, "--district: no district"),
        ({"version": "filiera-base@1", "date": "01/03/2026"}, "--date: write the day"),
        ({"version": "filiera-base@1", "weighting": 999}, "--weighting: no weighting"),
    ],
)
def test_rescore_refuses_bad_options(base_version, carpi, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        _run("rescore", **options)
    assert not Score.objects.filter(kind=Score.Kind.RESCORE).exists()


def test_rescore_refuses_a_draft(base_version, manager, carpi):
    draft = methodologies.derive(manager, base_version, carpi)
    with pytest.raises(CommandError, match="published"):
        _run("rescore", version=draft.key)


# check-methodologies -------------------------------------------------------------------------


def test_the_shipped_methodologies_are_fine():
    output = _run("check_methodologies", str(settings.METHODOLOGIES_DIR))
    assert "filiera-base@1: ok (6 areas, 125 questions)" in output


def test_one_version_folder_can_be_checked(tmp_path):
    shutil.copytree(settings.METHODOLOGIES_DIR / "filiera-base", tmp_path / "filiera-base")
    output = _run("check_methodologies", str(tmp_path / "filiera-base" / "1"))
    assert "filiera-base@1: ok" in output


def _break(path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_a_broken_copy_names_file_line_and_field(tmp_path):
    shutil.copytree(settings.METHODOLOGIES_DIR / "filiera-base", tmp_path / "filiera-base")
    area = tmp_path / "filiera-base" / "1" / "areas" / "environment.yaml"
    weight_line = _break(area, "    weight: 2\n", "    weight: -2\n")
    cert_line = _break(area, "certificates: [aua]", "certificates: [auaa]")
    out = StringIO()
    with pytest.raises(CommandError) as err:
        call_command("check_methodologies", str(tmp_path), stdout=out)
    assert err.value.returncode == 1
    assert "2 problem(s) found" in str(err.value)
    lines = out.getvalue().splitlines()
    assert any(
        line.startswith(
            f"filiera-base/1/areas/environment.yaml:{weight_line}: questions[0].weight:"
        )
        for line in lines
    ), lines
    assert any(
        line.startswith(
            f"filiera-base/1/areas/environment.yaml:{cert_line}: questions[0].certificates[0]:"
        )
        and "auaa" in line
        for line in lines
    ), lines


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no methodology found") as err:
        _run("check_methodologies", str(tmp_path))
    assert err.value.returncode == 1
