"""``filiera footprint FILE.json [--indent N]``: textile footprints with the Ecobalyse method.

FILE holds one Ecobalyse textile query (a JSON object with Ecobalyse's field names) or a list of
them; ``-`` reads standard input. Prints one result, or the list of results in the same order,
as JSON on standard output (compact unless ``--indent`` is given).

When a query is invalid nothing is computed and nothing is printed on standard output: the
problem goes to standard error as ``field: message``, or for a list every problem as
``query N: field: message`` (N counts from 0; the first 20, then how many more), and the
command exits with status 1. So does a file that cannot be read or is not JSON.
"""

from __future__ import annotations

import contextlib
import gc
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from filiera.footprint import engine

MAX_SHOWN = 20  # problems printed; the rest are counted
CHUNK = 1000  # results encoded at a time


class Command(BaseCommand):
    help = (
        "Compute textile footprints (Ecobalyse v7.0.0) of one query or a list of queries in a "
        "JSON file; print the results as JSON."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", help="a JSON file with one query or a list of queries; - reads standard input"
        )
        parser.add_argument(
            "--indent", type=int, metavar="N", help="indent the JSON by N spaces (compact if not)"
        )

    def handle(self, *args, **options) -> None:
        indent = options["indent"]
        if indent is not None and indent < 0:
            raise CommandError(_("--indent: give a number of spaces, 0 or more."))
        with collector_paused():
            self._run(options["file"], indent, options.get("stdin") or sys.stdin)

    def _run(self, name: str, indent: int | None, stdin: TextIO) -> None:
        label = _("standard input") if name == "-" else name
        data = read_input(name, label, stdin)
        if isinstance(data, list):
            results, problems = compute_batch(data)
            if results is not None:
                write_json(self.stdout, results, indent)
                return
        elif isinstance(data, Mapping):
            try:
                result = engine.compute(data)
            except engine.QueryError as err:
                raise CommandError(str(err)) from None
            write_json(self.stdout, result, indent)
            return
        else:
            raise CommandError(
                _("%(file)s: expected one query (a JSON object) or a list of queries.")
                % {"file": label}
            )
        for problem in problems[:MAX_SHOWN]:
            self.stderr.write(problem)
        if len(problems) > MAX_SHOWN:
            self.stderr.write(_("and %(count)s more") % {"count": len(problems) - MAX_SHOWN})
        raise CommandError(
            _("Queries with errors: %(bad)s of %(total)s. Nothing was computed.")
            % {"bad": len(problems), "total": len(data)}
        )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the run: a batch keeps a few million small objects
    alive (queries, results), which the collector would scan again and again for cycles they
    do not have. About a third faster on 100,000 queries."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_input(name: str, label: str, stdin: TextIO) -> Any:
    """The JSON value in the file ``name`` (``-``: ``stdin``); CommandError naming it as
    ``label`` when it cannot be read or is not JSON."""
    try:
        if name == "-":
            raw: str | bytes = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        else:
            raw = Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": label, "reason": exc.strerror or exc}
        ) from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("%(file)s is not valid JSON: line %(line)s, column %(column)s: %(reason)s")
            % {"file": label, "line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(_("%(file)s is not UTF-8 text.") % {"file": label}) from exc
    except RecursionError as exc:
        raise CommandError(_("%(file)s is nested too deeply.") % {"file": label}) from exc


def compute_batch(queries: Sequence[Any]) -> tuple[list[dict] | None, list[str]]:
    """The results of a list of queries, or None and every problem (``query N: field:
    message``). The whole list is computed at once; only when that fails is each query checked
    on its own, to find all the problems."""
    try:
        return engine.compute_many(queries), []
    except engine.QueryError:
        pass
    problems = []
    for index, query in enumerate(queries):
        try:
            engine.validate(query)
        except engine.QueryError as err:
            problems.append(str(err.at(index)))
    return None, problems


def write_json(out: Any, value: Any, indent: int | None) -> None:
    """``value`` as JSON on ``out`` (a command's output wrapper), ending with a newline. A
    compact list is encoded a chunk at a time: the same text as one ``json.dumps``, without
    holding all of it in memory."""
    if indent is not None or not isinstance(value, list):
        separators = None if indent is not None else (",", ":")
        out.write(json.dumps(value, indent=indent, separators=separators, ensure_ascii=False))
        return
    encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    out.write("[", ending="")
    for start in range(0, len(value), CHUNK):
        text = encode(value[start : start + CHUNK])[1:-1]
        out.write(text if start == 0 else "," + text, ending="")
    out.write("]")
