"""``filiera footprint FILE.json``: one query or a list in, the engine's results out as JSON; bad
input exits 1 with every problem named by query and field, and nothing on standard output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from filiera.footprint import engine
from tests.footprint.queries import JEAN, TSHIRT

ROOT = Path(__file__).resolve().parents[2]
JUMPER = {
    "product": "pull",
    "mass": 0.55,
    "materials": [{"id": "ei-laine-par-defaut", "share": 0.7}, {"id": "ei-pa", "share": 0.3}],
    "countrySpinning": "REO",
    "countryMaking": "REO",
    "fabricProcess": "knitting-fully-fashioned",
    "business": "small-business",
    "numberOfReferences": 400,
    "price": 120,
}


def run(tmp_path, content, *args: str) -> tuple[str, str]:
    """Run the command on a file holding ``content`` (JSON-encoded unless already text)."""
    path = tmp_path / "queries.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    out, err = io.StringIO(), io.StringIO()
    call_command("footprint", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failure(tmp_path, content) -> tuple[str, str, str]:
    """The CommandError message, standard output and standard error of a refused file."""
    path = tmp_path / "queries.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("footprint", str(path), stdout=out, stderr=err)
    return str(raised.value), out.getvalue(), err.getvalue()


def test_one_query_prints_one_result_equal_to_the_engines(tmp_path):
    out, err = run(tmp_path, TSHIRT)
    result = json.loads(out)
    assert result == engine.compute(TSHIRT)
    assert result["ecs"] == pytest.approx(1228.40, abs=0.01)
    assert {"stages", "complements", "durability", "masses", "version"} <= set(result)
    assert out.endswith("\n") and out.count("\n") == 1  # compact: one line
    assert err == ""


def test_a_list_prints_the_results_in_the_same_order(tmp_path):
    queries = [TSHIRT, JEAN, JUMPER, TSHIRT]
    out, _err = run(tmp_path, queries)
    results = json.loads(out)
    assert isinstance(results, list)
    assert results == [engine.compute(query) for query in queries]
    assert results[0] == results[3] and results[0]["ecs"] != results[1]["ecs"]


def test_a_long_list_is_the_same_as_one_dumps(tmp_path):
    queries = [dict(TSHIRT, mass=0.1 + i / 1000) for i in range(2500)]  # several chunks
    out, _err = run(tmp_path, queries)
    expected = engine.compute_many(queries)
    assert out == json.dumps(expected, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_an_empty_list_prints_an_empty_list(tmp_path):
    assert run(tmp_path, [])[0] == "[]\n"


def test_indent(tmp_path):
    out, _err = run(tmp_path, [TSHIRT], "--indent", "2")
    assert out.startswith('[\n  {\n    "ecs": ')
    assert json.loads(out) == [engine.compute(TSHIRT)]
    with pytest.raises(CommandError, match="--indent"):
        run(tmp_path, TSHIRT, "--indent", "-1")


def test_stdin():
    out = io.StringIO()
    call_command("footprint", "-", stdin=io.StringIO(json.dumps([JEAN])), stdout=out)
    assert json.loads(out.getvalue()) == [engine.compute(JEAN)]


def test_every_bad_query_is_named_with_its_field_and_nothing_is_printed(tmp_path):
    queries = [
        TSHIRT,
        dict(TSHIRT, materials=[{"id": "xyz", "share": 1}]),
        dict(TSHIRT, materials=[{"id": "ei-coton", "share": 0.5}, {"id": "ei-pet", "share": 0.4}]),
        dict(TSHIRT, mass=0),
        JEAN,
        "a T-shirt",
    ]
    message, out, err = failure(tmp_path, queries)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 4
    assert lines[0] == "query 1: materials[0].id: unknown material 'xyz'"
    assert lines[1].startswith("query 2: materials: ") and "0.9" in lines[1]
    assert lines[2].startswith("query 3: mass: ") and "0" in lines[2]
    assert lines[3].startswith("query 5: ")
    assert "4" in message and "6" in message


def test_a_single_bad_query_names_its_field(tmp_path):
    message, out, err = failure(tmp_path, dict(JUMPER, countryMaking="IT"))
    assert message.startswith("countryMaking: unknown country 'IT'")
    assert out == "" and err == ""


def test_only_the_first_20_problems_are_printed(tmp_path):
    queries = [dict(TSHIRT, mass=-i) for i in range(25)] + [TSHIRT]
    message, out, err = failure(tmp_path, queries)
    lines = err.splitlines()
    assert len(lines) == 21
    assert lines[0].startswith("query 0: mass: ")
    assert lines[19].startswith("query 19: mass: ")
    assert "5" in lines[20] and "query" not in lines[20]
    assert "25" in message and "26" in message
    assert out == ""


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"product": "tshirt",', "line 1"),
        ("", "line 1"),
        ("3", "list"),
        ('"tshirt"', "list"),
    ],
)
def test_a_file_that_is_not_queries_is_refused(tmp_path, content, words):
    message, out, _err = failure(tmp_path, content)
    assert words in message and "queries.json" in message
    assert out == ""


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"nothing-here\.json"):
        call_command("footprint", str(tmp_path / "nothing-here.json"), stdout=io.StringIO())


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"product": "t\xe9"}'.encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin\.json"):
        call_command("footprint", str(path), stdout=io.StringIO())


def _filiera(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "filiera.cli", "footprint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_the_console_command_exits_1_on_bad_input_and_0_on_good_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([TSHIRT, dict(TSHIRT, materials=[{"id": "xyz", "share": 1}])]))
    refused = _filiera(str(bad))
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "query 1: materials[0].id: unknown material 'xyz'" in refused.stderr

    done = _filiera("-", "--indent", "1", stdin=json.dumps(TSHIRT))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == engine.compute(TSHIRT)
