"""GS1 application identifiers (AIs) as a Digital Link needs them.

Which AIs exist, how long their values are, which characters they take and whether a separator
must follow them come from biip's AI table. What biip does not say is added here, following
the GS1 Barcode Syntax Dictionary: which AIs are primary keys of a Digital Link path and which key
qualifiers may follow each key, in which order; which AIs may be data attributes in the query
string; how unknown AIs are read when they are allowed. The checks of values are in
``digital_link_values``.

Plain Python: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations, pairwise

from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS as _BIIP

# Primary keys of a Digital Link path and their key qualifiers: each alternative lists the
# qualifiers that may follow the key, in this order; any of them may be left out.
DL_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "00": ((),),
    "01": (("22", "10", "21"), ("235",)),
    "253": ((),),
    "255": ((),),
    "401": ((),),
    "402": ((),),
    "414": (("254",), ("7040",)),
    "415": (("8020",),),
    "417": (("7040",),),
    "8003": ((),),
    "8004": (("7040",),),
    "8006": (("22", "10", "21"),),
    "8010": (("8011",),),
    "8013": ((),),
    "8017": (("8019",),),
    "8018": (("8019",),),
}

# AIs that may not be data attributes (query string parameters) of a Digital Link.
NOT_ATTRIBUTES = frozenset(
    (
        *("03", "21", "22", "235", "254", "7040", "7041", "8011", "8014", "8019", "8020"),
        *("8040", "8041", "8042", "8043", "8200"),
    )
)

# Names of identifiers, for messages.
NAMES = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN",
    "03": "GTIN",
    "10": "lot",
    "21": "serial number",
    "22": "consumer product variant",
    "253": "GDTI",
    "255": "GCN",
    "401": "GINC",
    "402": "GSIN",
    **{f"41{n}": "GLN" for n in range(8)},
    "8003": "GRAI",
    "8004": "GIAI",
    "8006": "ITIP",
    "8010": "CPID",
    "8013": "GMN",
    "8017": "GSRN",
    "8018": "GSRN",
    "8026": "ITIP",
}

CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
_CSET82_RE = f"[{re.escape(CSET82)}]"

# Value lengths fixed by the first two digits of an AI (GS1 predefined lengths): an unknown AI
# starting with them takes exactly that many characters.
_PREDEFINED = {
    **{"00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "20": 2, "41": 13},
    **{str(n): 6 for n in (*range(11, 20), *range(31, 37))},
}


@dataclass(frozen=True, slots=True)
class AI:
    code: str
    title: str
    fnc1: bool  # variable length: a separator ends it when another AI follows
    pattern: re.Pattern[str]  # the whole element string: AI then value
    attribute: bool  # may be a data attribute in the query string
    unknown: bool = False  # not a GS1 AI (accepted only when unknown AIs are allowed)

    @property
    def key(self) -> bool:
        return self.code in DL_KEYS

    @property
    def name(self) -> str:
        """What messages call a value of this AI: "GTIN", "lot", or "AI (99)"."""
        return NAMES.get(self.code, f"AI ({self.code})")

    @property
    def label(self) -> str:
        """What messages call the AI itself: "GTIN (01)", "AI (99)"."""
        return f"{NAMES[self.code]} ({self.code})" if self.code in NAMES else f"AI ({self.code})"


def _known(code: str) -> AI:
    entry = _BIIP[code]
    pattern = entry.pattern
    if code == "8010":  # CSET 39, 1 to 30 characters (the first four digits: linted below)
        pattern = r"^8010([#\-/0-9A-Z]{1,30})$"
    return AI(
        code=code,
        title=entry.data_title,
        fnc1=entry.separator_required,
        pattern=re.compile(pattern, re.ASCII),  # \d: ASCII digits only
        attribute=code not in NOT_ATTRIBUTES,
    )


_TABLE = {code: _known(code) for code in _BIIP}
_AI_LENGTH = {code[:2]: len(code) for code in _BIIP}


def _unknown(code: str, length: int | None) -> AI:
    if length:
        pattern = f"^{code}{_CSET82_RE}{{{length}}}$"
    else:
        # An AI of unknown length shares the 90 characters with its value.
        longest = 90 - len(code) if code[:2] not in _AI_LENGTH else 90
        pattern = f"^{code}{_CSET82_RE}{{1,{longest}}}$"
    return AI(code, "UNKNOWN", not length, re.compile(pattern), attribute=False, unknown=True)


def lookup(code: str, *, unknown_ais: bool = False) -> AI | None:
    """The AI ``code`` (2 to 4 digits), or None. With ``unknown_ais``, digits that are not a GS1
    AI but could be one (no GS1 AI starts with them, and the length fits the AIs that share
    their first two digits) give an unknown AI taking up to 90 characters."""
    if code in _TABLE:
        return _TABLE[code]
    if not unknown_ais or not (2 <= len(code) <= 4) or not code.isdigit() or not code.isascii():
        return None
    shared = _AI_LENGTH.get(code[:2], 0)
    if shared and shared != len(code):
        return None
    fixed = _PREDEFINED.get(code[:2]) if len(code) in (3, 4) and shared else None
    return _unknown(code, fixed)


def known(code: str) -> AI:
    """The GS1 AI ``code``; KeyError when there is none."""
    return _TABLE[code]


def is_ai_code(code: str) -> bool:
    return code in _TABLE


# Key paths ---------------------------------------------------------------------------------


@cache
def path_sequences() -> tuple[tuple[str, ...], ...]:
    """Every AI sequence a Digital Link path may hold (key, then qualifiers), in the order GS1
    tools list them (by their space-separated text)."""
    found: set[tuple[str, ...]] = set()
    for key, alternatives in DL_KEYS.items():
        for qualifiers in alternatives:
            for size in range(len(qualifiers) + 1):
                for chosen in combinations(qualifiers, size):
                    found.add((key, *chosen))
    return tuple(sorted(found, key=" ".join))


def valid_path(codes: tuple[str, ...]) -> bool:
    return codes in _SEQUENCES


_SEQUENCES = frozenset(path_sequences())


def path_problem(codes: tuple[str, ...]) -> str:
    """Why a key followed by these qualifiers is not a Digital Link path."""
    key, qualifiers = codes[0], codes[1:]
    allowed = {q for alternative in DL_KEYS[key] for q in alternative}
    name = NAMES.get(key, "key")
    for code in qualifiers:
        if code not in allowed:
            if not is_ai_code(code):
                return f"unknown AI {code}"
            if not allowed:
                return f"AI ({code}) cannot follow the {name} ({key}): it takes no qualifiers"
            return f"AI ({code}) cannot follow the {name} ({key}) in the path"
    for index, code in enumerate(qualifiers):
        if code in qualifiers[:index]:
            return f"AI ({code}) appears twice in the path"
    for alternative in DL_KEYS[key]:
        if set(qualifiers) <= set(alternative):
            for first, second in pairwise(qualifiers):
                if alternative.index(first) > alternative.index(second):
                    return f"qualifier ({second}) must come before ({first})"
    together = " and ".join(f"({code})" for code in qualifiers)
    return f"{together} cannot be used together after the {name} ({key})"
