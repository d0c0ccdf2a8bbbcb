"""Digital Link URIs from any GS1 AI data, as the GS1 Barcode Syntax Engine makes them.

``parse_ai_data("(01)…(10)…")`` reads bracketed AI data (``\\(`` is a bracket inside a value,
``|`` separates the linear and composite parts of a barcode). ``generate(ais, stem)`` puts the
first primary key in the path with as many of its key qualifiers as the data has, and the other
AIs in the query string: fixed-length ones first, then the others, each in the order given, each
AI once. ``reformat(uri, stem)`` writes a parsed Digital Link again, keeping its path.

Plain Python: no Django.
"""

from __future__ import annotations

from filiera.passports.engine import digital_link_ais as ais_table
from filiera.passports.engine import digital_link_values
from filiera.passports.engine.digital_link import (
    CANONICAL_STEM,
    DigitalLinkError,
    Options,
    _parse,
    escape,
)


def parse_ai_data(text: str, *, unknown_ais: bool = False) -> list[tuple[str, str]]:
    """(AI, value) pairs of bracketed AI data such as ``(01)09506000134352(10)ABC1``."""
    found: list[tuple[str, str]] = []
    for part in text.split("|"):
        found.extend(_parse_part(part, unknown_ais))
    return found


def _parse_part(text: str, unknown_ais: bool) -> list[tuple[str, str]]:
    found = []
    pos = 0
    while pos < len(text):
        if text[pos] != "(":
            raise DigitalLinkError(f"expected '(' and an AI at position {pos + 1}")
        close = text.find(")", pos)
        if close < 0:
            raise DigitalLinkError(f"the AI at position {pos + 1} has no closing ')'")
        code = text[pos + 1 : close]
        ai = ais_table.lookup(code, unknown_ais=unknown_ais)
        if ai is None:
            raise DigitalLinkError(f"unknown AI {code}")
        pos = close + 1
        chars: list[str] = []
        while pos < len(text) and text[pos] != "(":
            if text[pos] == "\\" and text[pos + 1 : pos + 2] == "(":
                chars.append("(")
                pos += 2
                continue
            chars.append(text[pos])
            pos += 1
        found.append((ai, "".join(chars)))
    if not found:
        raise DigitalLinkError("there is no AI data")
    for ai, value in found:
        problem = digital_link_values.value_problem(ai, value)
        if problem:
            raise DigitalLinkError(problem)
    return [(ai.code, value) for ai, value in found]


def _key_path(ais: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The key and qualifiers the path gets: the first AI that is a primary key, then the
    longest list of its qualifiers that the data all has (the first such in GS1's order)."""
    key = next((code for code, _ in ais if code in ais_table.DL_KEYS), None)
    if key is None:
        raise DigitalLinkError("a Digital Link needs a primary key such as a GTIN (01)")
    present = {code for code, _ in ais}
    best: tuple[str, ...] = (key,)
    for sequence in ais_table.path_sequences():
        if sequence[0] == key and set(sequence) <= present and len(sequence) > len(best):
            best = sequence
    values = dict(reversed(ais))  # the first value of each AI
    return [(code, values[code]) for code in best]


def generate(
    ais: list[tuple[str, str]],
    stem: str | None = None,
    *,
    unknown_ai_not_attr: bool = True,
    path: list[tuple[str, str]] | None = None,
) -> str:
    """The Digital Link URI of the AI data under ``stem`` (GS1's ``https://id.gs1.org`` when
    None; a trailing ``/`` is dropped). ``path``: the path AIs to keep (from a parsed URI)."""
    in_path = path if path is not None else _key_path(ais)
    out = (CANONICAL_STEM if stem is None else stem).removesuffix("/")
    emitted = set()
    for code, value in in_path:
        out += f"/{code}/{escape(value, query=False)}"
        emitted.add(code)
    params = []
    for fixed in (True, False):
        for code, value in ais:
            ai = ais_table.lookup(code, unknown_ais=True)
            if ai is None or code in emitted or ai.fnc1 == fixed:
                continue
            if (ai.unknown and unknown_ai_not_attr) or (not ai.unknown and not ai.attribute):
                raise DigitalLinkError(f"AI ({code}) cannot be a data attribute of a Digital Link")
            params.append(f"{code}={escape(value, query=True)}")
            emitted.add(code)
    return out + ("?" + "&".join(params) if params else "")


def reformat(uri: str, stem: str | None = None, **options: bool) -> str:
    """A Digital Link URI written again under ``stem``, its path AIs kept in their order."""
    parsed = _parse(uri, Options(**options))
    return generate(parsed.ais, stem, path=parsed.ais[: parsed.path_count])
