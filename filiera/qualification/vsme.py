"""The EFRAG VSME datapoints shipped with the project (plain Python, no Django).

Methodology questions and profile fields name the VSME concepts their answers report
(``vsme: [vsme:NumberOfEmployees]``), so that one self-assessment also fills a VSME report.
This module reads the shipped extract of the VSME XBRL taxonomy once per process; see
``data/README.md`` for its source, version and licence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "vsme_datapoints.json"
# Disclosures of the Basic module (B1-B11); C1-C9 are the Comprehensive module, D99 "other".
_BASIC = re.compile(r"^B(?:[1-9]|1[01])$")


@dataclass(frozen=True)
class Datapoint:
    """One reportable VSME datapoint, as listed in one presentation table of the taxonomy."""

    disclosure: str  # B1-B11, C1-C9 or D99
    table: str  # presentation table title, e.g. "[B03.200] - Environment - ..."
    concept: str  # XBRL concept QName, e.g. "vsme:NumberOfEmployees": the stable key
    label_en: str
    label_it: str
    data_type: str  # XBRL item type as in the taxonomy, e.g. "xbrli:monetaryItemType"
    refs: tuple[str, ...]  # short references into the standard, e.g. ("B3 §30",)
    enumeration: tuple[str, ...] | None  # allowed members of an enumeration; None otherwise
    period_type: str = "duration"  # "duration" (over the period) or "instant" (at a date)

    @property
    def type_name(self) -> str:
        """The item type without its namespace prefix, e.g. ``monetaryItemType``."""
        return self.data_type.rpartition(":")[2]


@cache
def datapoints() -> list[Datapoint]:
    """Every datapoint in file order; a concept shown in several tables appears once per table.

    The list is shared between callers: treat it as read-only.
    """
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return [_datapoint(item) for item in raw["datapoints"]]


def _datapoint(item: dict) -> Datapoint:
    enumeration = item.get("enumeration")
    return Datapoint(
        disclosure=item["disclosure"],
        table=item["table"],
        concept=item["concept"],
        label_en=item["label_en"],
        label_it=item["label_it"],
        data_type=item["dataType"],
        refs=tuple(item.get("refs") or ()),
        enumeration=tuple(enumeration) if enumeration is not None else None,
        period_type=item.get("periodType", "duration"),
    )


@cache
def concepts() -> frozenset[str]:
    """All concept names, for checking the ``vsme:`` lists of a methodology."""
    return frozenset(dp.concept for dp in datapoints())


@cache
def _by_concept() -> dict[str, Datapoint]:
    found: dict[str, Datapoint] = {}
    for dp in datapoints():
        found.setdefault(dp.concept, dp)
    return found


def datapoint(concept: str) -> Datapoint | None:
    """The first datapoint listed for a concept, or ``None`` when the taxonomy has no such concept."""
    return _by_concept().get(concept)


@cache
def basic_module() -> list[Datapoint]:
    """The Basic module (B1-B11) in file order, each concept once (its first table wins).

    A few GHG concepts are shown in more than one table; a report states each fact once.
    """
    seen: set[str] = set()
    result: list[Datapoint] = []
    for dp in datapoints():
        if _BASIC.match(dp.disclosure) and dp.concept not in seen:
            seen.add(dp.concept)
            result.append(dp)
    return result


def label(dp: Datapoint, language: str | None) -> str:
    """The label in the user's language: English for ``en…``, otherwise Italian (the default)."""
    if (language or "it").startswith("en"):
        return dp.label_en or dp.label_it
    return dp.label_it or dp.label_en
