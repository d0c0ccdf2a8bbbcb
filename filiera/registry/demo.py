"""Demo district generator (plain Python, no Django): invented firms and sites as plain records.

``generate(companies, seed, district)`` returns the same list for the same arguments. Names are
invented from syllables and common words, so they belong to no real firm or person; web and
e-mail addresses use the reserved ``.example`` domain. VAT numbers are well-formed P.IVA built
with ``italian_vat``; ATECO codes and process codes are checked against the shipped reference
data, so a record never carries a code the registry would refuse.

The ``demo`` management command writes these records to the database.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from functools import cache

from filiera.registry import municipalities
from filiera.registry.demo_kinds import (
    CUTTING,
    FIBRES,
    FIRST_NAMES,
    KINDS,
    LEGAL_SUFFIX,
    OFFICE_BY_PROVINCE,
    OPENING_KINDS,
    STREETS,
    SYL_END,
    SYL_MIDDLE,
    SYL_START,
    TARGETS,
    WORD_FIRST,
    WORD_SECOND,
    Kind,
)
from filiera.registry.identifiers import italian_vat
from filiera.registry.reference import ateco_code, process_rows

JITTER_KM = 3.0
KM_PER_DEGREE_LAT = 111.32


@dataclass(frozen=True)
class SiteRecord:
    name: str
    address: str
    municipality: str  # ISTAT code
    lat: float
    lon: float
    workers: int
    processes: tuple[str, ...]


@dataclass(frozen=True)
class FirmRecord:
    legal_name: str
    vat: str
    legal_form: str
    role: str
    kind: str  # the archetype, e.g. ``knitting``
    employees: int
    turnover_eur: int
    ateco: tuple[str, ...]  # primary first
    rea: str
    description_it: str
    description_en: str
    email: str
    website: str
    sites: tuple[SiteRecord, ...]


@dataclass(frozen=True)
class DistrictRecord:
    slug: str
    name: str
    managing_body: str
    description_it: str
    description_en: str
    municipalities: tuple[tuple[str, str, int], ...]  # (ISTAT code, expected name, weight)
    sectors: tuple[str, ...]
    contact_email: str
    website: str

    @property
    def municipality_codes(self) -> list[str]:
        return [code for code, _name, _weight in self.municipalities]


DISTRICTS: dict[str, DistrictRecord] = {
    "carpi": DistrictRecord(
        slug="carpi",
        name="Distretto della maglieria di Carpi",
        managing_body="Comune di Carpi — Ufficio Distretto della Maglieria (dati dimostrativi)",
        description_it=(
            "Distretto dimostrativo della maglieria e dell'abbigliamento di Carpi: marchi propri, "
            "maglifici, laboratori di taglio e confezione, ricamifici, tintorie e stirerie conto "
            "terzi tra le province di Modena e Reggio Emilia. Le imprese sono inventate."
        ),
        description_en=(
            "Demo district of Carpi knitwear and clothing: own-label brands, knitting mills, "
            "cutting and sewing workshops, embroiderers, dyers and pressing subcontractors across "
            "the provinces of Modena and Reggio Emilia. The firms are invented."
        ),
        municipalities=(
            ("036005", "Carpi", 40),
            ("036028", "Novi di Modena", 6),
            ("036044", "Soliera", 7),
            ("036003", "Campogalliano", 5),
            ("036023", "Modena", 10),
            ("035020", "Correggio", 7),
            ("035034", "Rio Saliceto", 3),
            ("035021", "Fabbrico", 3),
            ("035035", "Rolo", 3),
            ("035037", "San Martino in Rio", 3),
            ("035033", "Reggio nell'Emilia", 6),
            ("036009", "Cavezzo", 2),
            ("036010", "Concordia sulla Secchia", 2),
            ("036022", "Mirandola", 2),
            ("036038", "San Possidonio", 1),
        ),
        sectors=("14.10", "14.21", "14.29", "13.30", "13.99"),
        contact_email="distretto@carpi-maglieria.example",
        website="https://www.carpi-maglieria.example",
    )
}


@cache
def process_codes() -> frozenset[str]:
    """Codes of the shipped process taxonomy that a site may perform (not the groups)."""
    return frozenset(r["code"] for r in process_rows() if r["level"] != "group")


@cache
def _kinds() -> tuple[Kind, ...]:
    """The archetypes with every ATECO and process code checked against the reference data."""
    valid = process_codes()
    checked = []
    for kind in KINDS:
        bad = [p for p in kind.processes + kind.extra_processes if p not in valid]
        if bad:
            raise ValueError(f"demo kind {kind.key}: unknown process codes {bad}")
        ateco = tuple(c for c in (ateco_code(code) for code in kind.ateco) if c)
        extra = tuple(c for c in (ateco_code(code) for code in kind.ateco_extra) if c)
        if not ateco:
            raise ValueError(f"demo kind {kind.key}: no valid ATECO code")
        checked.append(replace(kind, ateco=ateco, ateco_extra=extra))
    return tuple(checked)


def district_spec(slug: str) -> DistrictRecord:
    try:
        spec = DISTRICTS[slug]
    except KeyError:
        raise ValueError(
            f"no demo district “{slug}”; known: {', '.join(sorted(DISTRICTS))}"
        ) from None
    idx = municipalities.index().by_code
    for code, name, _weight in spec.municipalities:
        comune = idx.get(code)
        if comune is None or comune.istat_code != code or comune.name != name:
            found = comune.name if comune else "nothing"
            raise ValueError(f"demo district {slug}: ISTAT {code} is {found}, expected {name}")
    return spec


# Generation ------------------------------------------------------------------------------------


def generate(
    companies: int, seed: int = 1, district: str = "carpi", avoid_vats: Collection[str] = ()
) -> list[FirmRecord]:
    """``companies`` invented firms of the district; the same arguments give the same list."""
    return list(iter_firms(companies, seed, district, avoid_vats))


def iter_firms(
    companies: int, seed: int = 1, district: str = "carpi", avoid_vats: Collection[str] = ()
) -> Iterator[FirmRecord]:
    spec = district_spec(district)
    rng = random.Random(f"filiera-demo:{district}:{seed}")
    kinds = _kinds()
    by_key = {k.key: k for k in kinds}
    kind_weights = [k.weight for k in kinds]
    codes = [code for code, _name, _weight in spec.municipalities]
    town_weights = [weight for _code, _name, weight in spec.municipalities]
    used_names: set[str] = set()
    used_serials: set[int] = set()
    avoid = set(avoid_vats)
    for i in range(companies):
        if i < len(OPENING_KINDS):
            kind = by_key[OPENING_KINDS[i]]
        else:
            kind = rng.choices(kinds, kind_weights)[0]
        home = rng.choices(codes, town_weights)[0]
        yield _firm(rng, kind, home, codes, town_weights, used_names, used_serials, avoid)


def _firm(rng, kind, home, codes, town_weights, used_names, used_serials, avoid) -> FirmRecord:
    comune = municipalities.index().by_code[home]
    employees = _employees(rng, kind)
    per_head = rng.randint(*kind.turnover_per_head)
    turnover = round(employees * per_head * rng.uniform(0.8, 1.2), -3) or 1000
    legal_form = _legal_form(rng, employees, kind)
    short_name, legal_name = _name(rng, kind, legal_form, used_names)
    office = OFFICE_BY_PROVINCE.get(comune.province, 36)
    vat = _vat(rng, office, used_serials, avoid)
    ateco = kind.ateco
    if kind.ateco_extra and rng.random() < 0.3:
        ateco = (*ateco, rng.choice(kind.ateco_extra))
    fibre_it, fibre_en = rng.choice(FIBRES)
    target_it, target_en = rng.choice(TARGETS)
    cutting_it, cutting_en = rng.choice(CUTTING)
    gauge_low = rng.choice((3, 5, 7, 12))
    fill = {
        "town": comune.name,
        "fibre_it": fibre_it,
        "fibre_en": fibre_en,
        "target_it": target_it,
        "target_en": target_en,
        "cutting_it": cutting_it,
        "cutting_en": cutting_en,
        "machines": max(2, employees // 2 + rng.randint(1, 6)),
        "heads": rng.choice((6, 8, 12, 15, 20, 24)),
        "gauge_low": gauge_low,
        "gauge_high": gauge_low + rng.choice((2, 4, 6, 9)),
    }
    slug = _slug(short_name)
    email = f"info@{slug}.example" if rng.random() < (0.7 if kind.role == "brand" else 0.4) else ""
    website = (
        f"https://www.{slug}.example"
        if rng.random() < (0.85 if kind.role == "brand" else 0.2)
        else ""
    )
    return FirmRecord(
        legal_name=legal_name,
        vat=vat,
        legal_form=legal_form,
        role=kind.role,
        kind=kind.key,
        employees=employees,
        turnover_eur=int(turnover),
        ateco=ateco,
        rea=f"{comune.province}-{rng.randint(150_000, 420_000)}",
        description_it=kind.text_it.format(**fill),
        description_en=kind.text_en.format(**fill),
        email=email,
        website=website,
        sites=_sites(rng, kind, short_name, employees, home, codes, town_weights),
    )


def _employees(rng: random.Random, kind: Kind) -> int:
    """Log-normal headcount around the kind's median: most firms are micro or small."""
    value = rng.lognormvariate(math.log(kind.median_employees), 0.8)
    return max(1, min(kind.max_employees, round(value)))


def _legal_form(rng: random.Random, employees: int, kind: Kind) -> str:
    coop = 6 if kind.key in {"sewing", "cutting", "finishing"} else 0
    if employees <= 2:
        options = {"sole": 45, "snc": 25, "srls": 20, "sas": 10}
    elif employees < 10:
        options = {"srl": 45, "snc": 25, "sas": 12, "srls": 12, "coop": coop}
    elif employees < 50:
        options = {"srl": 80, "spa": 4, "snc": 6, "coop": coop * 2}
    else:
        options = {"srl": 50, "spa": 50}
    forms = list(options)
    return rng.choices(forms, [options[f] for f in forms])[0]


def _surname(rng: random.Random) -> str:
    return rng.choice(SYL_START) + rng.choice(SYL_MIDDLE) + rng.choice(SYL_END)


def _core(rng: random.Random, attempt: int) -> tuple[str, str]:
    """(name core, the surname in it or "")."""
    draw = rng.random()
    if attempt > 3 or draw < 0.12:
        first = _surname(rng)
        return f"{first} & {_surname(rng)}", first
    if draw < 0.35:
        return rng.choice(WORD_FIRST) + rng.choice(WORD_SECOND), ""
    surname = _surname(rng)
    return surname, surname


def _name(rng: random.Random, kind: Kind, legal_form: str, used: set[str]) -> tuple[str, str]:
    """(short name, legal name), both unique in the district."""
    for attempt in range(50):
        prefix = rng.choice(kind.prefixes)
        core, surname = _core(rng, attempt)
        short = f"{prefix} {core}"
        legal = _legal_name(rng, prefix, short, core, surname, legal_form)
        if short.lower() not in used and legal.lower() not in used:
            break
    else:  # pragma: no cover - needs far more firms than any district has
        short = f"{short} {len(used)}"
        legal = f"{legal} {len(used)}"
    used.update((short.lower(), legal.lower()))
    return short, legal


def _legal_name(rng, prefix: str, short: str, core: str, surname: str, legal_form: str) -> str:
    if legal_form == "sole":
        return f"{prefix} di {surname or _surname(rng)} {rng.choice(FIRST_NAMES)}"
    if legal_form == "coop":
        return f"{short} Società Cooperativa"
    if legal_form in {"snc", "sas"} and " & " not in core:
        return f"{short} & C. {LEGAL_SUFFIX[legal_form]}"
    return f"{short} {LEGAL_SUFFIX[legal_form]}"


def _vat(rng: random.Random, office: int, used: set[int], avoid: set[str]) -> str:
    while True:
        serial = rng.randint(1_000_000, 9_999_999)
        if serial in used:
            continue
        used.add(serial)
        vat = italian_vat(serial, office)
        if vat not in avoid:
            return vat


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in ascii_text if ch.isalnum())[:40] or "demo"


def jitter(
    rng: random.Random, lat: float, lon: float, km: float = JITTER_KM
) -> tuple[float, float]:
    """A point uniformly distributed in a disc of radius ``km`` around (lat, lon)."""
    distance = km * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(angle) / KM_PER_DEGREE_LAT
    dlon = distance * math.sin(angle) / (KM_PER_DEGREE_LAT * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


SITE_LABELS = {
    "brand": ("Sede", "Magazzino"),
    "service": ("Sede", "Deposito"),
    "material_supplier": ("Sede", "Magazzino"),
}


def _sites(rng, kind, short_name, employees, home, codes, town_weights) -> tuple[SiteRecord, ...]:
    two = rng.random() < (0.35 if employees >= 20 else 0.1)
    main_processes = list(kind.processes) + [p for p in kind.extra_processes if rng.random() < 0.35]
    labels = SITE_LABELS.get(kind.role, ("Sede", "Laboratorio"))
    places = [home]
    if two:
        places.append(home if rng.random() < 0.5 else rng.choices(codes, town_weights)[0])
    main_workers = max(1, round(employees * (0.7 if two else 1.0)))
    sites = []
    for n, code in enumerate(places):
        comune = municipalities.index().by_code[code]
        lat, lon = jitter(rng, comune.lat, comune.lon)
        if n == 0:
            processes, workers = main_processes, main_workers
        else:
            processes = [rng.choice(main_processes)] if main_processes else []
            if kind.role == "brand":
                processes = ["MU.PACKAGING", "SV.LOGISTICS"]
            workers = max(1, employees - main_workers)
        sites.append(
            SiteRecord(
                name=f"{short_name} — {labels[n]} di {comune.name}",
                address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                municipality=code,
                lat=lat,
                lon=lon,
                workers=workers,
                processes=tuple(dict.fromkeys(processes)),
            )
        )
    return tuple(sites)
