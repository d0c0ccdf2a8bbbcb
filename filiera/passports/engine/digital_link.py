"""GS1 Digital Link URIs: parse them into element strings and make them from product data.

``parse(uri)`` follows the GS1 Barcode Syntax Engine: scheme ``http``/``https`` (all lower or all
upper case), any domain and path stem, the right-most primary key of the path with its key
qualifiers in the permitted order, no trailing slash, percent-decoding (``+`` is a plus sign in
the path and a space in the query), non-numeric query parameters ignored and numeric ones that are
not AIs rejected, duplicate AIs rejected, AIs that belong in the path rejected in the query, every
value checked (length, characters, check digits, dates). Options mirror the engine's:
zero-suppressed GTINs, convenience alphas (``/gtin/``, ``/ser/``…), unknown AIs.

``parse_path(path)`` is the resolver's stricter reading of its own paths:
``/01/{gtin}[/10/{lot}][/21/{serial}]``. ``uri(base, gtin, lot, serial)`` makes one.
``generate(ais, stem)`` makes a Digital Link URI from any AI data, as the engine does.

Every rejection raises ``DigitalLinkError`` whose ``reason`` says what is wrong in plain English.
Plain Python: no Django.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from filiera.passports.engine import digital_link_ais as ais_table
from filiera.passports.engine.digital_link_ais import AI, lookup, valid_path
from filiera.passports.engine.digital_link_values import length_problem, value_problem

CANONICAL_STEM = "https://id.gs1.org"
_URI_CHARS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_BAD_DOMAIN_CHARS = frozenset("_~?#@!$&'()*+,;=%")
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_SCHEMES = ("https://", "HTTPS://", "http://", "HTTP://")

# Deprecated one-word names of AIs that some old Digital Links carry in their path.
CONVENIENCE_ALPHAS = {
    "cpid": "8010",
    "cpsn": "8011",
    "cpv": "22",
    "gcn": "255",
    "gdti": "253",
    "giai": "8004",
    "ginc": "401",
    "gln": "414",
    "glnx": "254",
    "gmn": "8013",
    "grai": "8003",
    "gsin": "402",
    "gsrn": "8018",
    "gsrnp": "8017",
    "gtin": "01",
    "itip": "8006",
    "lot": "10",
    "party": "417",
    "refno": "8020",
    "ser": "21",
    "srin": "8019",
    "sscc": "00",
}


class DigitalLinkError(ValueError):
    """Not a valid Digital Link (or AI data); ``reason`` says why, in plain English."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Link:
    """What a product link of the resolver names: a GTIN (14 digits), maybe a lot and serial."""

    gtin: str
    lot: str | None = None
    serial: str | None = None


@dataclass(frozen=True, slots=True)
class Options:
    zero_suppressed: bool = False
    convenience_alphas: bool = False
    unknown_ais: bool = False
    unknown_ai_not_attr: bool = True


@dataclass(slots=True)
class Parsed:
    ais: list[tuple[str, str]]  # path AIs first (key, qualifiers), then query attributes
    path_count: int


def unescape(text: str, *, query: bool) -> str:
    """Percent-decode ``text``; in a query ``+`` is a space. A ``%`` not followed by two
    hexadecimal digits stays as it is. A decoded NUL is refused."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if (
            char == "%"
            and i < len(text) - 2
            and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1 : i + 3])
        ):
            code = int(text[i + 1 : i + 3], 16)
            if code == 0:
                raise DigitalLinkError("a value contains a NUL character (%00)")
            out.append(chr(code))
            i += 3
            continue
        out.append(" " if query and char == "+" else char)
        i += 1
    return "".join(out)


def escape(value: str, *, query: bool) -> str:
    """Percent-encode every character but the unreserved ones (a space is ``+`` in a query)."""
    out = []
    for char in value:
        if char in _UNRESERVED:
            out.append(char)
        elif query and char == " ":
            out.append("+")
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode())
    return "".join(out)


def _path_ai(segment: str, options: Options) -> AI | None:
    """The AI a path segment names (a convenience alpha too, when they are allowed)."""
    if options.convenience_alphas and 3 <= len(segment) <= 5 and not segment[0].isdigit():
        alpha = CONVENIENCE_ALPHAS.get(segment)
        if alpha:
            return lookup(alpha)
    return lookup(segment, unknown_ais=options.unknown_ais)


def _split(uri: str) -> tuple[str, str | None]:
    """The path and the query string (None when absent) of a Digital Link URI."""
    for char in uri:
        if char not in _URI_CHARS:
            raise DigitalLinkError(f"the URI contains a character that is not allowed: {char!r}")
    scheme = next((s for s in _SCHEMES if uri.startswith(s)), None)
    if scheme is None:
        raise DigitalLinkError("a Digital Link URI starts with http:// or https://")
    rest = uri[len(scheme) :]
    slash = rest.find("/")
    domain = rest if slash < 0 else rest[:slash]
    bad = next((c for c in domain if c in _BAD_DOMAIN_CHARS), None)
    if bad is not None:
        raise DigitalLinkError(f"the domain name contains a character that is not allowed: {bad!r}")
    if not domain:
        raise DigitalLinkError("the domain name is missing")
    if slash < 0:
        raise DigitalLinkError("the URI has no path")
    path = rest[slash:].split("#", 1)[0]
    path, mark, query = path.partition("?")
    return path, (query if mark else None)


def _parse(uri: str, options: Options) -> Parsed:
    path, query = _split(uri)
    if path.endswith("/"):
        raise DigitalLinkError("trailing slash: the path must not end with '/'")
    segments = path[1:].split("/")

    # The right-most primary key, walking back over "/AI/value" pairs.
    start = None
    index = len(segments) - 2
    while index >= 0:
        ai = _path_ai(segments[index], options)
        if ai is None:
            break
        if ai.key:
            start = index
            break
        index -= 2
    if start is None:
        raise DigitalLinkError(
            "no GS1 key found in the path (a Digital Link has, for example, /01/ and a GTIN)"
        )

    found: list[tuple[AI, str]] = []
    for index in range(start, len(segments), 2):
        ai = _path_ai(segments[index], options)
        assert ai is not None  # the walk back has read every AI from here
        raw = segments[index + 1]
        if not raw:
            raise DigitalLinkError(f"{ai.label} has no value in the path")
        found.append((ai, _value(ai, unescape(raw, query=False), options)))
    path_count = len(found)

    for param in (query or "").split("&"):
        if not param or "=" not in param:
            continue  # a parameter without a value is not AI data
        key, _mark, raw = param.partition("=")
        if key and not key.isdigit():
            continue  # other parameters (linkType…) are not AI data
        ai = lookup(key, unknown_ais=options.unknown_ais)
        if ai is None:
            shown = key or "(a parameter without a name)"
            raise DigitalLinkError(f"unknown AI {shown} in the query string")
        if not raw:
            raise DigitalLinkError(f"{ai.label} has no value in the query string")
        found.append((ai, _value(ai, unescape(raw, query=True), options)))

    _check_structure(found, path_count, options)
    for ai, value in found:
        problem = value_problem(ai, value)
        if problem:
            raise DigitalLinkError(problem)
    return Parsed([(ai.code, value) for ai, value in found], path_count)


def _value(ai: AI, value: str, options: Options) -> str:
    if options.zero_suppressed and ai.code == "01" and len(value) in (8, 12, 13):
        value = value.zfill(14)
    problem = length_problem(ai, value)
    if problem:
        raise DigitalLinkError(problem)
    return value


def _check_structure(found: list[tuple[AI, str]], path_count: int, options: Options) -> None:
    path = tuple(ai.code for ai, _ in found[:path_count])
    if not valid_path(path):
        raise DigitalLinkError(ais_table.path_problem(path))
    codes = [ai.code for ai, _ in found]
    for code in sorted(codes):
        if codes.count(code) > 1:
            raise DigitalLinkError(f"AI ({code}) appears more than once")
    for ai in sorted((ai for ai, _ in found[path_count:]), key=lambda ai: ai.code):
        if ai.unknown and options.unknown_ai_not_attr:
            raise DigitalLinkError(f"unknown AI {ai.code} cannot be a data attribute")
        if not ai.unknown and not ai.attribute:
            raise DigitalLinkError(f"AI ({ai.code}) cannot be a data attribute in the query string")
        for position in range(1, len(path) + 1):
            if valid_path((*path[:position], ai.code, *path[position:])):
                raise DigitalLinkError(
                    f"AI ({ai.code}) belongs in the path, not in the query string"
                )


def parse(
    uri: str,
    *,
    zero_suppressed: bool = False,
    convenience_alphas: bool = False,
    unknown_ais: bool = False,
    unknown_ai_not_attr: bool = True,
) -> list[tuple[str, str]]:
    """The element strings of a Digital Link URI as (AI, value) pairs: path, then query."""
    options = Options(zero_suppressed, convenience_alphas, unknown_ais, unknown_ai_not_attr)
    return _parse(uri, options).ais


def element_string(ais: list[tuple[str, str]]) -> str:
    """The AI data as one element string, ``^`` standing for FNC1 (first, and after each
    variable-length AI that another AI follows)."""
    out = ["^"]
    for index, (code, value) in enumerate(ais):
        out.append(code + value)
        ai = lookup(code, unknown_ais=True)
        if index < len(ais) - 1 and (ai is None or ai.fnc1):
            out.append("^")
    return "".join(out)


def bracketed(ais: list[tuple[str, str]]) -> str:
    """The AI data in the human-readable bracketed form ``(01)…(10)…``."""
    return "".join(f"({code}){value.replace('(', chr(92) + '(')}" for code, value in ais)


# The resolver's product links --------------------------------------------------------------

_QUALIFIERS = {"10": "lot", "21": "serial"}
_LINK_HELP = "a product link is /01/{gtin}, optionally followed by /10/{lot} and /21/{serial}"


def _gtin(value: str) -> str:
    if not value:
        raise DigitalLinkError("the GTIN is missing after /01/")
    problem = value_problem(ais_table.known("01"), value)
    if problem:
        raise DigitalLinkError(problem)
    return value


def parse_path(path: str) -> Link:
    """The GTIN, lot and serial of a resolver path such as ``/01/09506000134352/10/ABC%2F1``
    (still percent-encoded: ``%2F`` is a ``/`` inside the lot). Accepts ``/01/{gtin}``, then
    ``/10/{lot}`` and/or ``/21/{serial}`` in that order; a query string or fragment is ignored.
    Anything else raises ``DigitalLinkError`` naming the problem."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/01/") and path != "/01":
        raise DigitalLinkError(f"the path must start with /01/: {_LINK_HELP}")
    if path.endswith("/"):
        raise DigitalLinkError("trailing slash: the path must not end with '/'")
    bad = next((c for c in path if c not in _URI_CHARS), None)
    if bad is not None:
        raise DigitalLinkError(f"the path contains a character that is not allowed: {bad!r}")
    segments = path[1:].split("/")
    if len(segments) % 2:
        raise DigitalLinkError(f"AI {segments[-1]} has no value: {_LINK_HELP}")
    values: dict[str, str] = {}
    order: list[str] = []
    for index in range(0, len(segments), 2):
        code, raw = segments[index], segments[index + 1]
        if index == 0:
            values["01"] = _gtin(unescape(raw, query=False))
            continue
        if code == "22":
            raise DigitalLinkError(
                f"the consumer product variant (22) is not supported here: {_LINK_HELP}"
            )
        if code not in _QUALIFIERS:
            if code == "01" or code in ais_table.DL_KEYS:
                raise DigitalLinkError(f"a product link has only one key: AI ({code}) repeats it")
            raise DigitalLinkError(f"unknown AI {code}: {_LINK_HELP}")
        if code in values:
            raise DigitalLinkError(f"AI ({code}) appears twice in the path")
        if order and order[-1] == "21":
            raise DigitalLinkError("qualifier (10) must come before (21)")
        if not raw:
            raise DigitalLinkError(f"the {ais_table.NAMES[code]} is missing after /{code}/")
        value = unescape(raw, query=False)
        problem = value_problem(ais_table.known(code), value)
        if problem:
            raise DigitalLinkError(problem)
        values[code] = value
        order.append(code)
    return Link(values["01"], values.get("10"), values.get("21"))


def uri(base: str, gtin: str, lot: str | None = None, serial: str | None = None) -> str:
    """The Digital Link URI of a product (``base/01/{gtin}``), batch (``…/10/{lot}``) or item
    (``…/10/{lot}/21/{serial}``, or ``…/21/{serial}`` without a lot), percent-encoded as GS1
    tools write it. A GTIN of 8, 12 or 13 digits is written in its 14-digit form."""
    digits = gtin.strip()
    if digits.isdigit() and len(digits) in (8, 12, 13):
        digits = digits.zfill(14)
    parts = [base.rstrip("/"), "/01/", _gtin(digits)]
    for code, value in (("10", lot), ("21", serial)):
        if value is None or value == "":
            continue
        problem = value_problem(ais_table.known(code), value)
        if problem:
            raise DigitalLinkError(problem)
        parts.append(f"/{code}/{escape(value, query=False)}")
    return "".join(parts)
