"""The methodology loader: valid file sets load, broken ones say exactly where they are wrong.

Fixtures live in ``data/methodologies``: ``valid/`` is a root with one small methodology in two
versions; ``broken/`` is a root where each slug is one broken case (the folder name says which).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from filiera.qualification import vsme
from filiera.qualification.methodology.loader import (
    MethodologyError,
    Problem,
    discover,
    load_all,
    load_definition,
    load_file_set,
    to_definition,
)

DATA = Path(__file__).parent / "data" / "methodologies"
VALID = DATA / "valid"
BROKEN = DATA / "broken"
SHIPPED = Path(__file__).resolve().parents[2] / "methodologies"


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(MethodologyError) as caught:
        load_file_set(folder)
    return caught.value.problems


def only_problem(case: str, version: int = 1) -> Problem:
    problems = problems_of(BROKEN / case / str(version))
    assert len(problems) == 1, problems
    return problems[0]


# Valid file sets ------------------------------------------------------------------------------


def test_valid_file_set_loads():
    m = load_file_set(VALID / "demo" / "1")
    assert m.key == "demo@1"
    assert [a.code for a in m.areas] == ["environment", "social"]  # YAML and JSON area files
    assert m.level_weights == {1: 25, 2: 50, 3: 25}
    assert m.question("env.iso14001").certificates == ["ISO14001"]
    assert m.question("soc.wage").choices[1].credit == 0.5
    assert m.question("soc.durc").weight == 1  # JSON file, tab-indented, "1e0"
    assert m.profile[0].vsme == ["vsme:NumberOfEmployees"]
    assert m.question("env.energy").applies_if.processes_any == ["wet", "FP.SCOURING"]


def test_round_trip_through_definition():
    m = load_file_set(VALID / "demo" / "1")
    definition = to_definition(m)
    stored = json.loads(json.dumps(definition))  # as the database keeps it
    assert load_definition(stored) == m
    assert load_definition(definition) == m


def test_discover_and_load_all_in_version_order(tmp_path):
    assert discover(VALID) == [VALID / "demo" / "1", VALID / "demo" / "2"]
    assert [m.key for m in load_all(VALID)] == ["demo@1", "demo@2"]
    for version in ("10", "2"):
        (tmp_path / "x" / version).mkdir(parents=True)
        (tmp_path / "x" / version / "methodology.yaml").write_text("slug: x\n")
    (tmp_path / "x" / "3").mkdir()  # no methodology file: not a version
    assert [p.name for p in discover(tmp_path)] == ["2", "10"]


# Broken file sets: each names file, line and field -------------------------------------------


def test_wrong_level():
    assert only_problem("bad-level") == Problem(
        "bad-level/1/areas/main.yaml",
        8,
        "questions[1].level",
        "Input should be 1, 2 or 3 (found 4)",
    )


def test_missing_text_points_at_the_question():
    assert only_problem("missing-text") == Problem(
        "missing-text/1/areas/main.yaml", 7, "questions[1].text", "required field is missing"
    )


def test_critical_level_2_question_points_at_critical():
    assert only_problem("critical-l2") == Problem(
        "critical-l2/1/areas/main.yaml",
        10,
        "questions[1].critical",
        "only level 1 questions can be critical",
    )


def test_unknown_certificate_code():
    problem = only_problem("unknown-certificate")
    assert (problem.file, problem.line, problem.field) == (
        "unknown-certificate/1/areas/main.yaml",
        13,
        "questions[1].certificates[1]",
    )
    assert "ISO9001" in problem.message


def test_duplicate_question_code_across_area_files():
    problem = only_problem("duplicate-code")
    assert (problem.file, problem.line, problem.field) == (
        "duplicate-code/1/areas/social.yaml",
        7,
        "questions[1].code",
    )
    assert "'policy' is used twice" in problem.message
    assert "duplicate-code/1/areas/environment.yaml:4" in problem.message


def test_yaml_syntax_error():
    problem = only_problem("syntax-error")
    assert (problem.file, problem.line, problem.field) == ("syntax-error/1/areas/main.yaml", 7, "")
    assert problem.message.startswith("YAML syntax error")
    assert "line 6" in problem.message  # where the unclosed mapping starts


def test_duplicate_mapping_key():
    problem = only_problem("duplicate-key")
    assert (problem.file, problem.line, problem.field) == (
        "duplicate-key/1/areas/main.yaml",
        7,
        "questions[0].level",
    )
    assert "line 5" in problem.message


def test_missing_area_file_is_reported_where_it_is_listed():
    assert only_problem("missing-area") == Problem(
        "missing-area/1/methodology.yaml",
        9,
        "areas[1]",
        "area file not found: missing-area/1/areas/energy.yaml",
    )


def test_version_folder_mismatch():
    problem = only_problem("version-mismatch", version=2)
    assert (problem.file, problem.line, problem.field) == (
        "version-mismatch/2/methodology.yaml",
        2,
        "version",
    )


def test_unknown_vsme_concept_suggests_the_right_one():
    problem = only_problem("unknown-vsme")
    assert (problem.file, problem.line, problem.field) == (
        "unknown-vsme/1/areas/main.yaml",
        10,
        "questions[0].vsme[0]",
    )
    assert "vsme:NumberOfEmployes" in problem.message
    assert "did you mean 'vsme:NumberOfEmployees'" in problem.message


def test_several_problems_are_all_reported():
    problems = problems_of(BROKEN / "several" / "1")
    where = [(p.file, p.line, p.field) for p in problems]
    assert where == [
        ("several/1/areas/broken.yaml", 6, ""),
        ("several/1/areas/main.yaml", 5, "questions[0].level"),
        ("several/1/areas/main.yaml", 7, "questions[1].unit"),
        ("several/1/areas/other.yaml", 4, "questions[0].text"),
        ("several/1/areas/other.yaml", 6, "questions[0].certificates[0]"),
        ("several/1/areas/other.yaml", 10, "questions[1].vsme[0]"),
        ("several/1/methodology.yaml", 4, "colour"),
    ]


def test_error_text_lists_one_problem_per_line():
    with pytest.raises(MethodologyError) as caught:
        load_file_set(BROKEN / "several" / "1")
    lines = str(caught.value).splitlines()
    assert len(lines) == 7
    assert lines[1] == (
        "several/1/areas/main.yaml:5: questions[0].level: Input should be 1, 2 or 3 (found 5)"
    )


def test_load_all_collects_problems_of_every_methodology():
    with pytest.raises(MethodologyError) as caught:
        load_all(BROKEN)
    files = {p.file.split("/")[0] for p in caught.value.problems}
    assert files == {p.parent.name for p in discover(BROKEN)}


def test_slug_mismatch_and_unknown_base(tmp_path):
    folder = tmp_path / "real-slug" / "1"
    folder.mkdir(parents=True)
    source = (VALID / "demo" / "2" / "methodology.yaml").read_text()
    (folder / "methodology.yaml").write_text(source.replace("version: 2", "version: 1"))
    (folder / "areas").mkdir()
    area = (VALID / "demo" / "2" / "areas" / "environment.yaml").read_text()
    (folder / "areas" / "environment.yaml").write_text(area)
    where = [(p.file, p.line, p.field) for p in problems_of(folder)]
    assert where == [
        ("real-slug/1/methodology.yaml", 1, "slug"),
        ("real-slug/1/methodology.yaml", 3, "based_on"),
    ]


def test_yes_no_values_get_a_quoting_hint(tmp_path):
    folder = tmp_path / "demo" / "1"
    (folder / "areas").mkdir(parents=True)
    (folder / "methodology.yaml").write_text(
        (VALID / "demo" / "2" / "methodology.yaml")
        .read_text()
        .replace("version: 2", "version: 1")
        .replace("based_on: demo@1\n", "")
    )
    area = (VALID / "demo" / "2" / "areas" / "environment.yaml").read_text()
    (folder / "areas" / "environment.yaml").write_text(area.replace("code: env.policy", "code: no"))
    (problem,) = problems_of(folder)
    assert (problem.line, problem.field) == (4, "questions[0].code")
    assert "(found no)" in problem.message
    assert "quotes" in problem.message


# Stored definitions ---------------------------------------------------------------------------


def test_definition_errors_name_the_field_path():
    definition = to_definition(load_file_set(VALID / "demo" / "1"))
    definition["areas"][1]["questions"][0]["level"] = 4
    definition["areas"][0]["questions"][1]["vsme"] = ["vsme:Nothing"]
    definition["areas"][0]["questions"][1]["applies_if"]["processes_any"] = ["wet", "FP.SCOURIN"]
    with pytest.raises(MethodologyError) as caught:
        load_definition(definition, "demo@1 (draft)")
    assert [(p.file, p.line, p.field) for p in caught.value.problems] == [
        ("demo@1 (draft)", None, "areas[0].questions[1].applies_if.processes_any[1]"),
        ("demo@1 (draft)", None, "areas[0].questions[1].vsme[0]"),
        ("demo@1 (draft)", None, "areas[1].questions[0].level"),
    ]
    assert "did you mean 'FP.SCOURING'" in caught.value.problems[0].message
    assert str(caught.value).startswith("demo@1 (draft): areas[0].questions[1].applies_if.")


def test_definition_must_be_a_mapping():
    with pytest.raises(MethodologyError, match="must be a mapping"):
        load_definition(["not", "a", "mapping"])


# Shipped data ---------------------------------------------------------------------------------


def test_vsme_reference_data():
    points = vsme.datapoints()
    assert len(points) == 151
    assert len(vsme.concepts()) == 143
    assert "vsme:NumberOfEmployees" in vsme.concepts()
    basic = vsme.basic_module()
    assert {dp.disclosure for dp in basic} == {f"B{n}" for n in range(1, 12)}
    assert len({dp.concept for dp in basic}) == len(basic)
    assert basic[0] == points[0]
    scope1 = [dp for dp in points if dp.concept == "vsme:GrossScope1GreenhouseGasEmissions"]
    assert len(scope1) > 1  # shown in several tables, kept in datapoints()
    dp = vsme.datapoint("vsme:NumberOfEmployees")
    assert vsme.label(dp, "en") == dp.label_en
    assert vsme.label(dp, "it") == vsme.label(dp, None) == dp.label_it


def test_every_shipped_methodology_loads():
    """The methodologies shipped in ``methodologies/`` load with no problem at all."""
    assert discover(SHIPPED), f"no methodology found under {SHIPPED}"
    assert load_all(SHIPPED)
