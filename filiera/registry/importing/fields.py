"""Parsers for single cells (plain Python). Each returns the clean value or raises ``UserError``."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from filiera.core.usererror import N_, UserError
from filiera.registry import countries, municipalities
from filiera.registry.reference import ateco_code, process_rows

ROLES = ("brand", "manufacturer", "subcontractor", "material_supplier", "service")
MAX_INT = 2_147_483_647  # positive integer columns of the database
MAX_TURNOVER = 10**14 - 1  # 14 digits

_SPLIT = re.compile(r"[|,;\s]+")
_THOUSANDS = re.compile(r"^\d{1,3}([.,' ]\d{3})+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_HOST = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_OSH_ID = re.compile(r"^[A-Za-z0-9]{4,20}$")


def text(raw: str, max_length: int) -> str:
    value = " ".join(raw.split())
    # An export protects formula-like text with a leading apostrophe; drop it again.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    if len(value) > max_length:
        raise UserError(N_("too long: at most %(max)s characters"), max=max_length)
    return value


def split_codes(raw: str) -> list[str]:
    return [part for part in _SPLIT.split(raw.strip()) if part]


def count(raw: str, maximum: int = MAX_INT) -> int:
    """A non-negative whole number; ``1.500`` and ``1,500`` read as thousands."""
    value = re.sub(r"[.,]0{1,2}$", "", raw.strip().replace("\u00a0", " "))  # 12,00 → 12
    if _THOUSANDS.match(value):
        value = re.sub(r"[.,' ]", "", value)
    if not value.isdigit():
        raise UserError(N_("“%(value)s” is not a whole number of 0 or more"), value=raw.strip())
    number = int(value)
    if number > maximum:
        raise UserError(N_("%(value)s is too large"), value=raw.strip())
    return number


def workers_range(raw: str) -> int:
    """Open Supply Hub writes ranges such as ``101-500``: keep the lower bound."""
    match = re.fullmatch(r"\s*(\d[\d.,]*)\s*[-\u2013]\s*\d[\d.,]*\s*", raw)
    return count(match.group(1)) if match else count(raw.lstrip("<>~ "))


def coordinate(raw: str, limit: float) -> float:
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        raise UserError(N_("“%(value)s” is not a number"), value=raw.strip()) from None
    if not -limit <= value <= limit:
        raise UserError(N_("must be between -%(limit)s and %(limit)s"), limit=int(limit))
    return value


def email(raw: str) -> str:
    value = raw.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise UserError(N_("“%(value)s” is not an e-mail address"), value=value)
    return value


def website(raw: str) -> str:
    """A web address; ``www.example.it`` becomes ``https://www.example.it``."""
    value = raw.strip()
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    host = re.split(r"[/?#:]", value.split("://", 1)[1], maxsplit=1)[0]
    if len(value) > 200 or not _HOST.match(host):
        raise UserError(N_("“%(value)s” is not a web address"), value=raw.strip())
    return value


def role(raw: str) -> str:
    value = re.sub(r"[\s-]+", "_", raw.strip().lower())
    if value not in ROLES:
        raise UserError(
            N_("“%(value)s” is not a role: write one of %(roles)s"),
            value=raw.strip(),
            roles=", ".join(ROLES),
        )
    return value


def osh_id(raw: str) -> str:
    value = raw.strip().upper()
    if not _OSH_ID.match(value):
        raise UserError(N_("“%(value)s” is not an Open Supply Hub ID"), value=raw.strip())
    return value


def vat_text(raw: str) -> str:
    """Restore the leading zeros a spreadsheet drops from an Italian P.IVA typed as a number."""
    value = raw.strip()
    return value.zfill(11) if value.isdigit() and 8 <= len(value) < 11 else value


@cache
def _ateco(raw: str) -> str | None:
    return ateco_code(raw)


def ateco_codes(raw: str) -> list[str]:
    codes, unknown = [], []
    for part in split_codes(raw):
        code = _ateco(part)
        (codes.append(code) if code else unknown.append(part))
    if unknown:
        raise UserError(N_("unknown ATECO 2025 code: %(codes)s"), codes=", ".join(unknown))
    return list(dict.fromkeys(codes))


# Processes -----------------------------------------------------------------------------------


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())


@cache
def taxonomy() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """(code in upper case → code, group codes, name key → code).

    A process is named by its English or Italian name, with or without the part in brackets.
    """
    codes, groups, names = {}, set(), {}
    for row in process_rows():
        codes[row["code"].upper()] = row["code"]
        if row["level"] == "group":
            groups.add(row["code"])
        else:
            for name in (row["name_en"], row["name_it"]):
                names[_key(name)] = names[_key(re.sub(r"\(.*?\)", "", name))] = row["code"]
    return codes, frozenset(groups), names


def process_codes(raw: str) -> list[str]:
    codes, groups, _names = taxonomy()
    found, unknown, grouped = [], [], []
    for part in split_codes(raw):
        code = codes.get(part.upper())
        if code is None:
            unknown.append(part)
        elif code in groups:
            grouped.append(part)
        else:
            found.append(code)
    if unknown:
        raise UserError(N_("unknown process code: %(codes)s"), codes=", ".join(unknown))
    if grouped:
        raise UserError(
            N_("%(codes)s is a group of processes: write the processes themselves"),
            codes=", ".join(grouped),
        )
    return list(dict.fromkeys(found))


def processing_types(raw: str) -> tuple[list[str], list[str]]:
    """Open Supply Hub free text: (process codes it names, the parts that name none)."""
    codes, groups, names = taxonomy()
    found, ignored = [], []
    for part in filter(None, (p.strip() for p in re.split(r"[|;,]", raw))):
        code = codes.get(part.upper()) or names.get(_key(part))
        (found.append(code) if code and code not in groups else ignored.append(part))
    return list(dict.fromkeys(found)), ignored


# Places --------------------------------------------------------------------------------------

_CAP_TAIL = re.compile(r"\b\d{5}\s+(?P<name>[^\d,]+?)(?:\s+\(?(?P<prov>[A-Z]{2})\)?)?\s*$")
_PROVINCE_TAIL = re.compile(r"^(?P<name>.+?)\s+\(?(?P<prov>[A-Z]{2})\)?$")


def municipality(raw: str) -> str:
    return municipalities.resolve(raw).istat_code


def municipality_in_address(address: str) -> str | None:
    """The municipality named at the end of an Italian address (``… 41012 Carpi MO``)."""
    attempts = []
    match = _CAP_TAIL.search(address)
    if match:
        attempts.append(_with_province(match["name"], match["prov"]))
    for part in reversed([p.strip() for p in address.split(",") if p.strip()]):
        part = re.sub(r"^\d{5}\s+|\s+\d{5}$", "", part)
        tail = _PROVINCE_TAIL.match(part)
        attempts.append(_with_province(tail["name"], tail["prov"]) if tail else part)
        attempts.append(part)
    for attempt in attempts:
        try:
            return municipalities.resolve(attempt).istat_code
        except municipalities.MunicipalityError:
            continue
    return None


def _with_province(name: str, province: str | None) -> str:
    return f"{name.strip()} ({province})" if province else name.strip()


def country(raw: str) -> str:
    """An ISO 3166-1 alpha-2 code; English and Italian country names are understood too."""
    code = countries.lookup(raw)
    if code is None:
        raise UserError(
            N_("“%(value)s” is not a country: write its two-letter ISO code, e.g. PT"),
            value=raw.strip(),
        )
    return code
