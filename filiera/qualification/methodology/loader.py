"""Read a methodology file set, or a stored definition, and say precisely what is wrong with it.

A methodology lives in ``methodologies/<slug>/<version>/``: ``methodology.yaml`` holds the top-level
fields of :class:`~.schema.Methodology`, and its ``areas`` list names one file per area (paths
relative to the folder). JSON is accepted wherever YAML is. The people who edit these files are a
district's technical staff, not programmers, so every problem names the file, the line and the
field where the wrong value was written, and all problems are reported at once.

How: PyYAML's node tree (``yaml.compose``) carries the line of every key and list item, so we build
plain data ourselves and keep a map from field path to line; pydantic then validates the assembled
data and each error's ``loc`` is mapped back through that map. Checks that pydantic cannot place
(duplicate keys, cross references between files, VSME concepts, folder names) are done here.
Plain Python, no Django. From the command line:
``python -m filiera.qualification.methodology.loader methodologies`` checks every file set.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from filiera.qualification import vsme
from filiera.qualification.methodology.schema import WET, Methodology

__all__ = [
    "MAIN_FILES",
    "MethodologyError",
    "Problem",
    "discover",
    "load_all",
    "load_definition",
    "load_file_set",
    "to_definition",
]

# The file that describes a version, in order of preference.
MAIN_FILES = ("methodology.yaml", "methodology.json")
_BASED_ON = re.compile(r"^(?P<slug>[A-Za-z0-9][A-Za-z0-9_.-]*)@(?P<version>[1-9][0-9]*)$")
# The process taxonomy that ``applies_if.processes_any`` refers to (a plain data file).
PROCESSES_FILE = Path(__file__).resolve().parents[2] / "registry" / "data" / "textile-processes.csv"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

# A field path: ``int`` for a list position, ``str`` for a mapping key.
FieldPath = tuple[str | int, ...]

# Messages of the schema's own checks on a question, and the field each one is about, so that the
# error points at e.g. the ``critical:`` line rather than at the start of the question.
_CHECK_FIELDS = {
    "only level 1 questions can be critical": "critical",
    "a choice question needs at least two choices": "choices",
    "only choice questions have choices": "choices",
    "a number question needs a unit": "unit",
    "max_age_days is for date questions": "max_age_days",
    "a red flag needs a yes/no or choice question": "red_flag",
    "choice codes must be unique": "choices",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a methodology: where it was written and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class MethodologyError(Exception):
    """A methodology that cannot be used; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


# Reading YAML with lines ----------------------------------------------------------------------


@dataclass
class _Source:
    """A file (or a stored definition) and the 1-based line of every key and list item in it."""

    name: str
    lines: dict[FieldPath, int] = field(default_factory=dict)
    # How non-text values were written (``50_90`` is read as the number 5090), for messages.
    written: dict[FieldPath, str] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest written parent when the value is missing."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Builder:
    """Turns a YAML node tree into plain data, recording lines and reporting duplicate keys."""

    def __init__(self, source: _Source, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        self.constructor = yaml.SafeLoader("")

    def report(self, node: Node, path: FieldPath, message: str) -> None:
        self.problems.append(
            Problem(self.source.name, node.start_mark.line + 1, _field(path), message)
        )

    def build(self, node: Node, path: FieldPath) -> Any:
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag not in _PLAIN_TAGS:
                self.report(node, path, f"YAML tags such as {node.tag} are not supported")
            items = []
            for index, item in enumerate(node.value):
                self.source.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, index)))
            return items
        value = self.scalar(node, path)
        if not isinstance(value, str) and isinstance(node, ScalarNode):
            self.source.written[path] = node.value
        return value

    def scalar(self, node: Node, path: FieldPath) -> Any:
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            reason = getattr(exc, "problem", None) or str(exc)
            self.report(node, path, f"cannot read this value: {reason}")
            return None

    def mapping(self, node: MappingNode, path: FieldPath) -> dict:
        if node.tag not in _PLAIN_TAGS:
            self.report(node, path, f"YAML tags such as {node.tag} are not supported")
        own = {id(key) for key, _ in node.value if key.tag != _MERGE_TAG}
        try:
            self.constructor.flatten_mapping(node)  # resolves ``<<: *anchor`` merge keys
        except yaml.YAMLError as exc:
            self.report(node, path, f"cannot merge: {getattr(exc, 'problem', exc)}")
        result: dict = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, path, "a key must be a plain name")
                continue
            key = self.scalar(key_node, path)
            try:
                seen = key in result
            except TypeError:
                self.report(key_node, path, "a key must be a plain name")
                continue
            sub = (*path, str(key))
            if seen and id(key_node) in own and key in first_line:
                self.report(
                    key_node,
                    sub,
                    f"duplicate key {key!r} (first written on line {first_line[key]}); "
                    "each key may appear once",
                )
                continue
            if id(key_node) in own:
                first_line[key] = line
            self.source.lines[sub] = line
            result[key] = self.build(value_node, sub)
        return result


def _read(path: Path, name: str, problems: list[Problem]) -> tuple[Any, _Source] | None:
    """Parse one YAML/JSON file; ``None`` (with problems added) when it cannot be read at all."""
    source = _Source(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(name, None, "", "file not found"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(name, None, "", "the file is not UTF-8 text"))
        return None
    except OSError as exc:
        problems.append(Problem(name, None, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if path.suffix.lower() == ".json":
        return _read_json(text, source, problems)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(name, exc))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(name, None, "", f"YAML syntax error: {exc}"))
        return None
    if node is None:
        return None, source
    source.lines[()] = node.start_mark.line + 1
    return _Builder(source, problems).build(node, ()), source


def _read_json(text: str, source: _Source, problems: list[Problem]) -> tuple[Any, _Source] | None:
    """JSON is read as JSON (PyYAML rejects tab indentation and reads ``1e5`` as text).

    The YAML node tree of the same text still gives the lines and finds duplicate keys; tabs can
    become spaces for that, since valid JSON has tabs only between tokens.
    """
    try:
        data = json.loads(text, object_pairs_hook=_first_wins)
    except json.JSONDecodeError as exc:
        problems.append(Problem(source.name, exc.lineno, "", f"JSON syntax error: {exc.msg}"))
        return None
    try:
        node = yaml.compose(text.replace("\t", " "), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        node = None  # valid JSON that PyYAML cannot follow: the data loads, without lines
    if node is not None:
        source.lines[()] = node.start_mark.line + 1
        _Builder(source, problems).build(node, ())
    return data, source


def _first_wins(pairs: list[tuple[str, Any]]) -> dict:
    """Like the YAML reader, keep the first of duplicate keys (they are reported)."""
    result: dict = {}
    for key, value in pairs:
        result.setdefault(key, value)
    return result


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = f"YAML syntax error: {exc.problem or exc.context or 'cannot parse'}"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return Problem(name, mark.line + 1 if mark else None, "", message)


# Mapping validation errors back to files -------------------------------------------------------


class _Locator:
    """Finds the file, line and field of a path in the assembled methodology.

    With area sources, ``areas[i]…`` lives in the i-th area file (``None``: that file could not be
    read, and its problems are already reported), everything else in the main file.
    """

    def __init__(self, main: _Source, areas: list[_Source | None] | None = None) -> None:
        self.main = main
        self.areas = areas

    def problem(self, path: FieldPath, message: str) -> Problem | None:
        found = self.source_of(path)
        if found is None:
            return None
        source, path = found
        return Problem(source.name, source.line(path), _field(path), message)

    def written(self, path: FieldPath) -> str | None:
        found = self.source_of(path)
        return found[0].written.get(found[1]) if found else None

    def source_of(self, path: FieldPath) -> tuple[_Source, FieldPath] | None:
        """The source that holds ``path``, and the path inside it."""
        if (
            self.areas is not None
            and len(path) >= 2
            and path[0] == "areas"
            and isinstance(path[1], int)
            and path[1] < len(self.areas)
        ):
            source = self.areas[path[1]]
            return (source, path[2:]) if source is not None else None
        return self.main, path


def _field(path: FieldPath) -> str:
    """``("questions", 3, "level")`` -> ``questions[3].level``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _path_of(loc: tuple, data: Any) -> FieldPath:
    """Turn a pydantic ``loc`` into a field path, following the data to tell keys from positions."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, list) and isinstance(part, int):
            path.append(part)
            current = current[part] if part < len(current) else None
        elif isinstance(current, dict):
            key = part if part in current else str(part)
            path.append(str(part))
            current = current.get(key) if key in current else None
        elif isinstance(part, str) and not part.startswith(("[", "function")):
            path.append(part)
            current = None
    return tuple(path)


def _message(error: ErrorDetails, written: str | None = None) -> str:
    """A readable message for one pydantic error, with the wrong value and a hint where useful.

    ``written`` is the value as it appears in the file, when YAML read it as something else.
    """
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see methodologies/README.md)"
    text = str(error["msg"]).removeprefix("Value error, ")
    if "[key]" in error["loc"]:
        text = f"key not allowed: {text}"
    if isinstance(value, str | int | float | bool | dt.date) and kind != "value_error":
        shown = value if isinstance(value, str | int | float | bool) else str(value)
        text += f" (found {written})" if written is not None else f" (found {shown!r})"
    if kind == "string_type" and isinstance(value, int | float | bool | dt.date):
        text += "; write it in quotes (YAML reads yes/no/on/off, numbers and dates as such)"
    return text


def _validation_problems(
    exc: ValidationError, data: dict, locator: _Locator, skip: list[FieldPath]
) -> tuple[list[Problem], list[str]]:
    """Problems for each field error; messages of whole-methodology checks are returned apart."""
    problems: list[Problem] = []
    overall: list[str] = []
    for error in exc.errors():
        path = _path_of(error["loc"], data)
        if any(path[: len(prefix)] == prefix for prefix in skip):
            continue
        message = _message(error, locator.written(path))
        if error["type"] == "value_error":
            if not path:
                overall.append(message)
                continue
            if message in _CHECK_FIELDS:
                path = (*path, _CHECK_FIELDS[message])
        found = locator.problem(path, message)
        if found is not None:
            problems.append(found)
    return problems, overall


# Checks across the whole methodology ----------------------------------------------------------


def _mappings(value: Any) -> Iterator[tuple[int, dict]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


def _suggest(value: str, known: set[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _where(problem: Problem | None) -> str:
    if problem is None:
        return ""
    where = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
    return f" (first at {where})"


def _unique(
    items: list[tuple[FieldPath, Any]], what: str, locator: _Locator
) -> Iterator[Problem | None]:
    seen: dict[str, FieldPath] = {}
    for path, code in items:
        if not isinstance(code, str):
            continue
        if code in seen:
            first = locator.problem(seen[code], "")
            yield locator.problem(path, f"{what} {code!r} is used twice{_where(first)}")
        else:
            seen[code] = path


def _cross_checks(data: dict, locator: _Locator) -> list[Problem]:
    """Unique codes and known certificates, processes and VSME concepts, each on its own line.

    The schema checks the first three too, but only once everything else is valid and without
    saying where; here they are reported together with the other problems.
    """
    found: list[Problem | None] = []
    areas = list(_mappings(data.get("areas")))
    profile = list(_mappings(data.get("profile")))
    questions: list[tuple[FieldPath, dict]] = [
        (("areas", a, "questions", q), question)
        for a, area in areas
        for q, question in _mappings(area.get("questions"))
    ]
    codes: list[tuple[FieldPath, Any]] = [
        (("profile", i, "code"), p.get("code")) for i, p in profile
    ]
    codes += [((*path, "code"), q.get("code")) for path, q in questions]
    found += _unique(codes, "question code", locator)
    area_codes: list[tuple[FieldPath, Any]] = [
        (("areas", a, "code"), x.get("code")) for a, x in areas
    ]
    found += _unique(area_codes, "area code", locator)
    certificates = list(_mappings(data.get("certificates")))
    cert_codes: list[tuple[FieldPath, Any]] = [
        (("certificates", i, "code"), c.get("code")) for i, c in certificates
    ]
    found += _unique(cert_codes, "certificate code", locator)

    known = {code for _, code in cert_codes if isinstance(code, str)}
    for path, question in questions:
        for index, code in _strings(question.get("certificates")):
            if code not in known:
                message = f"unknown certificate {code!r}: it is not in the certificates list"
                found.append(locator.problem((*path, "certificates", index), message))

    processes = _process_codes()
    if processes:
        for path, question in questions:
            applies_if = question.get("applies_if")
            if not isinstance(applies_if, dict):
                continue
            for index, code in _strings(applies_if.get("processes_any")):
                if code != WET and code not in processes:
                    message = f"unknown process code {code!r}{_suggest(code, processes)}"
                    where = (*path, "applies_if", "processes_any", index)
                    found.append(locator.problem(where, message))

    concepts = vsme.concepts()
    owners: list[tuple[FieldPath, dict]] = [(("profile", i), p) for i, p in profile] + questions
    for path, owner in owners:
        for index, concept in _strings(owner.get("vsme")):
            if concept not in concepts:
                message = f"unknown VSME concept {concept!r}{_suggest(concept, concepts)}"
                found.append(locator.problem((*path, "vsme", index), message))
    return [p for p in found if p is not None]


@functools.cache
def _process_codes() -> frozenset[str]:
    """Codes of the process taxonomy; empty (no check) if the file is not there."""
    try:
        with PROCESSES_FILE.open(encoding="utf-8", newline="") as handle:
            return frozenset(row["code"] for row in csv.DictReader(handle) if row.get("code"))
    except OSError:
        return frozenset()


def _prepared(data: dict) -> dict:
    """Accept ``level_weights`` keys written as text ("1"), as JSON always writes them."""
    weights = data.get("level_weights")
    if isinstance(weights, dict):
        data = dict(data)
        data["level_weights"] = {
            int(k) if isinstance(k, str) and k.strip().isdigit() else k: v
            for k, v in weights.items()
        }
    return data


def _validate(
    data: dict, locator: _Locator, skip: list[FieldPath]
) -> tuple[Methodology | None, list[Problem]]:
    data = _prepared(data)
    problems = _cross_checks(data, locator)
    try:
        return Methodology.model_validate(data), problems
    except ValidationError as exc:
        field_problems, overall = _validation_problems(exc, data, locator, skip)
        problems += field_problems
        if overall and not problems:  # a whole-methodology check not mirrored by _cross_checks
            problems += [p for m in overall if (p := locator.problem((), m)) is not None]
        return None, problems


def _unique_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line or 0, p.field))


# Public API ---------------------------------------------------------------------------------


def load_definition(data: Any, source: str = "<definition>") -> Methodology:
    """Validate an assembled definition (as stored in the database); errors name the field path."""
    if not isinstance(data, dict):
        problem = Problem(source, None, "", "a methodology definition must be a mapping of fields")
        raise MethodologyError([problem])
    model, problems = _validate(data, _Locator(_Source(source)), [])
    if problems or model is None:
        raise MethodologyError(_unique_problems(problems))
    return model


def load_file_set(folder: Path) -> Methodology:
    """Read ``<slug>/<version>/`` (methodology.yaml and its area files) and validate it.

    Files are named relative to the folder that holds the methodologies, e.g.
    ``filiera-base/1/areas/environment.yaml``. Raises :class:`MethodologyError` with every
    problem found.
    """
    folder = Path(folder).resolve()
    base = folder.parent.parent

    def name(path: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return str(path)

    problems: list[Problem] = []
    main_path = next((folder / n for n in MAIN_FILES if (folder / n).is_file()), None)
    if main_path is None:
        raise MethodologyError([Problem(name(folder / MAIN_FILES[0]), None, "", "file not found")])
    read = _read(main_path, name(main_path), problems)
    if read is None:
        raise MethodologyError(problems)
    data, main = read
    if not isinstance(data, dict):
        line = main.line(())
        message = (
            "the file is empty"
            if data is None
            else "must be a mapping of fields (name: value), such as slug, version, name, areas"
        )
        raise MethodologyError([*problems, Problem(main.name, line, "", message)])

    problems += _folder_checks(folder, data, main)
    skip: list[FieldPath] = []
    area_data, area_sources = _read_areas(folder, data, main, name, problems, skip)
    assembled = {**data, "areas": area_data} if area_sources is not None else data
    model, found = _validate(assembled, _Locator(main, area_sources), skip)
    problems += found
    if problems or model is None:
        raise MethodologyError(_unique_problems(problems))
    return model


def _folder_checks(folder: Path, data: dict, main: _Source) -> list[Problem]:
    """The folder names must match ``slug`` and ``version``; ``based_on`` must name a version."""
    problems: list[Problem] = []
    slug, version = data.get("slug"), data.get("version")
    if isinstance(slug, str) and slug != folder.parent.name:
        message = f"is {slug!r} but the folder is named {folder.parent.name!r}; they must match"
        problems.append(Problem(main.name, main.line(("slug",)), "slug", message))
    if isinstance(version, int) and not isinstance(version, bool) and str(version) != folder.name:
        message = f"is {version} but the version folder is named {folder.name!r}; they must match"
        problems.append(Problem(main.name, main.line(("version",)), "version", message))
    based_on = data.get("based_on")
    if isinstance(based_on, str):
        match = _BASED_ON.match(based_on)
        line = main.line(("based_on",))
        if match is None:
            message = f"must be written slug@version, e.g. filiera-base@1 (found {based_on!r})"
            problems.append(Problem(main.name, line, "based_on", message))
        elif not any(
            (folder.parent.parent / match["slug"] / match["version"] / n).is_file()
            for n in MAIN_FILES
        ):
            message = f"names {based_on!r}, but there is no such methodology folder"
            problems.append(Problem(main.name, line, "based_on", message))
    return problems


def _read_areas(
    folder: Path,
    data: dict,
    main: _Source,
    name: Callable[[Path], str],
    problems: list[Problem],
    skip: list[FieldPath],
) -> tuple[list[Any], list[_Source | None] | None]:
    """Read every area file named in ``areas``; unreadable ones become ``None`` sources."""
    listed = data.get("areas")
    if listed is None:
        return [], None  # pydantic reports the missing field
    if not isinstance(listed, list):
        message = "must be a list of area files, e.g. - areas/environment.yaml"
        problems.append(Problem(main.name, main.line(("areas",)), "areas", message))
        skip.append(("areas",))
        return [], None
    values: list[Any] = []
    sources: list[_Source | None] = []
    seen: dict[Path, int] = {}
    for index, item in enumerate(listed):
        here = ("areas", index)
        values.append({})
        sources.append(None)
        skip.append(here)
        path = _area_path(folder, item)
        if path is None:
            message = "must be the path of an area file inside this folder, e.g. areas/social.yaml"
            problems.append(Problem(main.name, main.line(here), _field(here), message))
            continue
        if path in seen:
            message = f"this file is already listed at areas[{seen[path]}]"
            problems.append(Problem(main.name, main.line(here), _field(here), message))
            continue
        seen[path] = index
        if not path.is_file():
            message = f"area file not found: {name(path)}"
            problems.append(Problem(main.name, main.line(here), _field(here), message))
            continue
        read = _read(path, name(path), problems)
        if read is None:
            continue
        area, source = read
        if not isinstance(area, dict):
            message = (
                "the file is empty"
                if area is None
                else "an area file must hold one mapping (code, name, questions …)"
            )
            problems.append(Problem(source.name, source.line(()) or 1, "", message))
            continue
        values[index] = area
        sources[index] = source
        skip.remove(here)
    return values, sources


def _area_path(folder: Path, item: Any) -> Path | None:
    if not isinstance(item, str) or not item.strip():
        return None
    relative = Path(item.strip())
    if relative.is_absolute():
        return None
    path = (folder / relative).resolve()
    return path if path.is_relative_to(folder) else None


def discover(root: Path) -> list[Path]:
    """Every ``<slug>/<version>/`` folder under ``root`` with a methodology file, in order."""
    root = Path(root)
    folders = {
        path.parent
        for n in MAIN_FILES
        for path in root.glob(f"*/*/{n}")
        if not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)
    }

    def order(folder: Path) -> tuple[str, int, str]:
        version = folder.name
        return folder.parent.name, int(version) if version.isdigit() else 0, version

    return sorted(folders, key=order)


def load_all(root: Path) -> list[Methodology]:
    """Load every methodology under ``root``; problems from all of them are raised together."""
    loaded: list[Methodology] = []
    problems: list[Problem] = []
    for folder in discover(root):
        try:
            loaded.append(load_file_set(folder))
        except MethodologyError as exc:
            problems += exc.problems
    if problems:
        raise MethodologyError(problems)
    return loaded


def to_definition(m: Methodology) -> dict:
    """The methodology as JSON-ready data, complete (defaults included), for the database.

    ``load_definition(to_definition(m)) == m``.
    """
    return json.loads(m.model_dump_json())


def main(argv: list[str] | None = None) -> int:
    """Check methodology files from the command line: a root folder or one version folder."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "methodologies")
    try:
        if any((target / n).is_file() for n in MAIN_FILES):
            loaded = [load_file_set(target)]
        else:
            loaded = load_all(target)
    except MethodologyError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    if not loaded:
        print(f"no methodology found under {target}", file=sys.stderr)
        return 1
    for m in loaded:
        questions = sum(len(a.questions) for a in m.areas)
        print(f"{m.key}: ok ({len(m.areas)} areas, {questions} questions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
