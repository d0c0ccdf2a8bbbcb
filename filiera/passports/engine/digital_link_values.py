"""Checks of GS1 AI values beyond their length and characters (which biip's AI table gives):
check digits and check character pairs, dates and times, percent-encoded text, the GS1 Company
Prefix at the start of some keys, and a few more, after the GS1 Barcode Syntax Dictionary.
Country, currency and package-type code lists and coupon contents are not checked.

Plain Python: no Django.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import cache

from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS as _BIIP

from filiera.passports.engine.digital_link_ais import AI, CSET82

_CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _csum(ai: AI, part: str, value: str) -> str | None:
    expected = gs1_standard_check_digit(part[:-1])
    if part[-1] != str(expected):
        return f"{ai.name} {value}: wrong check digit, expected {expected}"
    return None


def check_pair(data: str) -> str:
    """The GS1 check character pair of ``data`` (CSET 82 characters)."""
    total = 0
    for position, char in enumerate(reversed(data)):
        total += CSET82.index(char) * _PRIMES[position]
    total %= 1021
    return _CSET32[total >> 5] + _CSET32[total & 31]


def _primes(count: int) -> tuple[int, ...]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
        candidate += 1
    return tuple(found)


_PRIMES = _primes(97)


def _csumalpha(ai: AI, part: str, value: str) -> str | None:
    if len(part) < 2 or len(part) > len(_PRIMES) + 2:
        return f"{ai.name} {value}: too short for its check characters"
    expected = check_pair(part[:-2])
    if part[-2:] != expected:
        return f"{ai.name} {value}: wrong check characters, expected {expected}"
    return None


def _gcp(ai: AI, part: str, value: str) -> str | None:
    if len(part) < 4 or not part[:4].isdigit():
        return f"{ai.name} {value}: must start with a GS1 Company Prefix (digits)"
    return None


def _date(part: str, *, century: bool, day_zero: bool) -> str | None:
    if century:
        year = int(part[:4])
        month, day = int(part[4:6]), int(part[6:8])
    else:
        yy = int(part[:2])
        this = datetime.date.today().year % 100
        year = (1900 if yy - this >= 51 else 2000) + yy
        month, day = int(part[2:4]), int(part[4:6])
    if not 1 <= month <= 12:
        return "the month must be 01 to 12"
    if day == 0 and day_zero:
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:
        return f"day {day:02d} does not exist in that month"
    return None


def _dater(
    *, century: bool = False, day_zero: bool = False
) -> Callable[[AI, str, str], str | None]:
    def lint(ai: AI, part: str, value: str) -> str | None:
        problem = _date(part, century=century, day_zero=day_zero)
        return f"{ai.name} {value}: not a valid date: {problem}" if problem else None

    return lint


def _clock(limits: tuple[int, ...]) -> Callable[[AI, str, str], str | None]:
    def lint(ai: AI, part: str, value: str) -> str | None:
        numbers = [int(part[i : i + 2]) for i in range(0, len(part), 2)]
        if any(n > top for n, top in zip(numbers, limits, strict=False)):
            return f"{ai.name} {value}: not a valid time"
        return None

    return lint


def _pcenc(ai: AI, part: str, value: str) -> str | None:
    if re.search(r"%(?![0-9A-Fa-f]{2})", part):
        return f"{ai.name} {value}: a % must be followed by two hexadecimal digits"
    return None


def _nonzero(ai: AI, part: str, value: str) -> str | None:
    return f"{ai.name} {value}: a part must not be zero" if not part.strip("0") else None


def _choice(allowed: str, what: str) -> Callable[[AI, str, str], str | None]:
    def lint(ai: AI, part: str, value: str) -> str | None:
        return None if part in allowed.split() else f"{ai.name} {value}: {what}"

    return lint


def _piece_of_total(ai: AI, part: str, value: str) -> str | None:
    half = len(part) // 2
    piece, total = int(part[:half]), int(part[half:])
    if piece == 0 or total == 0 or piece > total:
        return f"{ai.name} {value}: the piece number must be 1 to the total number of pieces"
    return None


def _position(ai: AI, part: str, value: str) -> str | None:
    match = re.fullmatch(r"([1-9][0-9]*)/([1-9][0-9]*)", part)
    if not match or int(match[1]) > int(match[2]):
        return f"{ai.name} {value}: expected a position such as 1/2"
    return None


def _most(top: int, what: str) -> Callable[[AI, str, str], str | None]:
    def lint(ai: AI, part: str, value: str) -> str | None:
        return f"{ai.name} {value}: not a valid {what}" if int(part) > top else None

    return lint


def _iban(ai: AI, part: str, value: str) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[0-9A-Z]{1,30}", part):
        return f"{ai.name} {value}: not an IBAN"
    digits = "".join(str(int(c, 36)) for c in part[4:] + part[:4])
    return None if int(digits) % 97 == 1 else f"{ai.name} {value}: wrong IBAN check digits"


def _no_zero_prefix(ai: AI, part: str, value: str) -> str | None:
    return f"{ai.name} {value}: must not start with 0" if len(part) > 1 and part[0] == "0" else None


def _has_nondigit(ai: AI, part: str, value: str) -> str | None:
    return f"{ai.name} {value}: must contain a non-digit" if part.isdigit() else None


Lint = Callable[[AI, str, str], str | None]
_YYMMDD = _dater()
_YYMMD0 = _dater(day_zero=True)
_YYYYMMDD = _dater(century=True)
_HHMI = _clock((23, 59))
_MEDIA = " ".join(f"{n:02d}" for n in [*range(1, 11), *range(80, 100)])

# Extra checks of parts of a value: (start, end, check). A part past the value's end is skipped.
_LINTS: dict[str, tuple[tuple[int, int, Lint], ...]] = {
    "00": ((0, 18, _csum),),
    **{code: ((0, 14, _csum),) for code in ("01", "02", "03")},
    **{code: ((0, 6, _YYMMD0),) for code in ("11", "12", "13", "15", "16", "17")},
    "253": ((0, 13, _csum),),
    "255": ((0, 13, _csum),),
    "401": ((0, 30, _gcp),),
    "402": ((0, 17, _csum),),
    **{f"41{n}": ((0, 13, _csum),) for n in range(8)},
    **{f"43{n:02d}": ((0, 70, _pcenc),) for n in [*range(7), *range(10, 17), 20]},
    "4309": (
        (0, 10, _most(1_800_000_000, "latitude")),
        (10, 20, _most(3_600_000_000, "longitude")),
    ),
    "4324": ((0, 6, _YYMMD0), (6, 10, _HHMI)),
    "4325": ((0, 6, _YYMMD0), (6, 10, _HHMI)),
    "4326": ((0, 6, _YYMMDD),),
    "7003": ((0, 6, _YYMMDD), (6, 10, _HHMI)),
    "7006": ((0, 6, _YYMMDD),),
    "7007": ((0, 6, _YYMMDD), (6, 12, _YYMMDD)),
    "7011": ((0, 6, _YYMMDD), (6, 10, _HHMI)),
    "7023": ((0, 30, _gcp),),
    "7241": ((0, 2, _choice(_MEDIA, "not a known media type")),),
    "7250": ((0, 8, _YYYYMMDD),),
    "7251": ((0, 8, _YYYYMMDD), (8, 12, _HHMI)),
    "7252": ((0, 1, _choice("0 1 2 9", "not a sex code (0, 1, 2 or 9)")),),
    **{code: ((0, 90, _pcenc),) for code in ("7253", "7254", "7256", "7257", "7259")},
    "7258": ((0, 3, _position),),
    "8001": (
        (0, 4, _nonzero),
        (4, 9, _nonzero),
        (9, 12, _nonzero),
        (12, 13, _choice("0 1 9", "the winding direction must be 0, 1 or 9")),
    ),
    "8003": ((1, 14, _csum),),
    "8004": ((0, 30, _gcp),),
    "8006": ((0, 14, _csum), (14, 18, _piece_of_total)),
    "8007": ((0, 34, _iban),),
    "8008": ((0, 6, _YYMMDD), (6, 8, _clock((23,))), (8, 12, _clock((59, 59)))),
    "8010": ((0, 30, _gcp),),
    "8011": ((0, 12, _no_zero_prefix),),
    "8013": ((0, 25, _gcp), (0, 25, _csumalpha)),
    "8014": ((0, 25, _gcp), (0, 25, _csumalpha), (0, 25, _has_nondigit)),
    "8017": ((0, 18, _csum),),
    "8018": ((0, 18, _csum),),
    "8026": ((0, 14, _csum), (14, 18, _piece_of_total)),
}


def _numeric(ai: AI) -> bool:
    """Whether the value is all digits (biip formats read like "N2+N14")."""
    entry = _BIIP.get(ai.code)
    return entry is not None and re.fullmatch(r"N\d\+N[\d.]+(\+N[\d.]+)*", entry.format) is not None


# Value lengths the probe below cannot find (a value of zeros does not fit them).
_LENGTHS = {"4330": (6, 7), "4331": (6, 7), "4332": (6, 7), "4333": (6, 7), "7258": (3, 3)}


@cache
def lengths(ai: AI) -> tuple[int, int]:
    """The shortest and longest value ``ai`` takes."""
    if ai.code in _LENGTHS:
        return _LENGTHS[ai.code]
    fits = [n for n in range(1, 100) if ai.pattern.fullmatch(ai.code + "0" * n)]
    return (fits[0], fits[-1]) if fits else (1, 90)


def length_problem(ai: AI, value: str) -> str | None:
    shortest, longest = lengths(ai)
    if len(value) < shortest:
        if ai.code == "01" and len(value) in (8, 12, 13) and value.isdigit():
            return (
                f"GTIN {value} has {len(value)} digits: a Digital Link uses the 14-digit "
                f"form {value.zfill(14)}"
            )
        exact = "exactly" if shortest == longest else "at least"
        return f"{ai.name} {value}: too short, {exact} {shortest} characters"
    if len(value) > longest:
        exact = "exactly" if shortest == longest else "at most"
        return f"{ai.name} {value}: too long, {exact} {longest} characters"
    return None


def value_problem(ai: AI, value: str) -> str | None:
    """Why ``value`` is not a valid value of ``ai``, or None."""
    problem = length_problem(ai, value)
    if problem:
        return problem
    if not ai.pattern.fullmatch(ai.code + value):
        if _numeric(ai) and not (value.isdigit() and value.isascii()):
            return f"{ai.name} {value}: digits only"
        bad = next((c for c in value if c not in CSET82), None)
        if bad is not None:
            return f"{ai.name} {value}: the character {bad!r} is not allowed"
        try:  # a date or a time out of range: say which
            problem = _lint(ai, value)
        except ValueError:
            problem = None
        return problem or f"{ai.name} {value}: not in the expected format"
    return _lint(ai, value)


def _lint(ai: AI, value: str) -> str | None:
    for start, end, lint in _LINTS.get(ai.code, ()):
        part = value[start:end]
        if part:
            problem = lint(ai, part, value)
            if problem:
                return problem
    return None
