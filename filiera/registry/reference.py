"""Reference data held in memory: ATECO names and lookups shared by forms, imports and pages."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import ateco


def ateco_code(raw: str) -> str | None:
    """Canonical ATECO 2025 code for ``raw`` (``14.39``, ``1439``, ``14.39.0`` …), or None."""
    raw = raw.strip()
    if not raw:
        return None
    node = ateco.lookup(raw)
    if node is None or node.level == "section":
        return None
    return node.code


@cache
def ateco_title(code: str) -> str:
    node = ateco.lookup(code)
    return node.title if node else ""


@cache
def ateco_divisions() -> list[tuple[str, str]]:
    """(code, Italian title) of every ATECO 2025 division, for filters."""
    from ateco._load import load_nodes

    nodes = load_nodes("2025").values()
    return sorted((n["code"], n["title"]) for n in nodes if n["level"] == "division")


PROCESS_FILE = Path(__file__).parent / "data" / "textile-processes.csv"


@cache
def process_rows() -> tuple[dict[str, str], ...]:
    """Rows of the shipped process taxonomy (groups first, then processes)."""
    with PROCESS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(sorted(rows, key=lambda r: (r["level"] != "group", r["code"])))
