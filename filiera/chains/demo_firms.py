"""The demo chains' firms outside the district (plain data for ``filiera.chains.demo``).

Spinners, weavers, dyers and silk throwers in other Italian textile districts (Biella, Como,
Prato, the Bergamo valleys) and raw-material firms abroad (wool tops in Portugal, merino wool in
Spain, cotton in Turkey and Egypt, raw silk in China). Names are drawn at random from invented
syllables; places are real: Italian municipalities by ISTAT code, towns abroad by coordinates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from stdnum.cn import uscc
from stdnum.es import cif
from stdnum.pt import nif
from stdnum.tr import vkn

from filiera.registry import municipalities
from filiera.registry.demo import jitter, process_codes
from filiera.registry.demo_kinds import STREETS, SYL_END, SYL_MIDDLE, SYL_START
from filiera.registry.identifiers import italian_vat
from filiera.registry.reference import ateco_code


@dataclass(frozen=True)
class Template:
    key: str
    role: str
    country: str  # ISO 3166-1 alpha-2
    place: str  # ISTAT code in Italy; the town abroad
    prefix: str  # what the name starts with ("Filatura", "Lanas" …)
    legal: str  # the legal-form suffix of the name
    legal_form: str  # Firm.LegalForm value
    processes: tuple[str, ...]  # of its site
    ateco: str
    employees: tuple[int, int]
    text_it: str
    text_en: str
    lat: float = 0.0  # the town abroad (Italy: the municipality's point)
    lon: float = 0.0
    street: str = ""  # abroad: the street, written before the town


TEMPLATES: tuple[Template, ...] = (
    # Biella (Piemonte): wool spinning, weaving and fibre dyeing.
    Template(
        "biella_spinner",
        "material_supplier",
        "IT",
        "096004",
        "Filatura",
        "S.p.A.",
        "spa",
        ("YN.SPIN_COMBED", "YN.TWISTING"),
        "13.10.00",
        (60, 180),
        "Filatura pettinata di lana merinos e cashmere per la maglieria.",
        "Worsted spinning of merino wool and cashmere yarns for knitwear.",
    ),
    Template(
        "biella_spinner_2",
        "material_supplier",
        "IT",
        "096088",
        "Filatura",
        "S.r.l.",
        "srl",
        ("YN.SPIN_COMBED", "YN.YARN_DYEING"),
        "13.10.00",
        (25, 90),
        "Filati pettinati di lana e misti lana, tinti in rocca.",
        "Worsted wool and wool-blend yarns, package dyed.",
    ),
    Template(
        "biella_weaver",
        "material_supplier",
        "IT",
        "096020",
        "Lanificio",
        "S.p.A.",
        "spa",
        ("FF.WEAVING", "WP.FULLING", "WP.FINISH_MECH"),
        "13.20.00",
        (50, 160),
        "Lanificio: tessuti di lana pettinata e cardata per capispalla.",
        "Wool mill: worsted and woollen fabrics for outerwear.",
    ),
    Template(
        "biella_dyer",
        "subcontractor",
        "IT",
        "096076",
        "Tintoria in Fiocco",
        "S.r.l.",
        "srl",
        ("FP.FIBRE_DYEING",),
        "13.30.00",
        (12, 40),
        "Tintoria conto terzi di fibre in fiocco e in nastro per le filature.",
        "Commission dyeing of loose fibre and tops for the spinning mills.",
    ),
    # Bergamo valleys (Lombardia): cotton spinning.
    Template(
        "bergamo_spinner",
        "material_supplier",
        "IT",
        "016004",
        "Cotonificio",
        "S.p.A.",
        "spa",
        ("YN.SPIN_COMBED",),
        "13.10.00",
        (80, 220),
        "Filatura di cotone pettinato e cotone biologico per maglieria e tessitura.",
        "Combed cotton and organic cotton spinning for knitting and weaving.",
    ),
    # Como (Lombardia): silk.
    Template(
        "como_weaver",
        "material_supplier",
        "IT",
        "013075",
        "Tessitura Serica",
        "S.r.l.",
        "srl",
        ("FF.WEAVING", "WP.FINISH_MECH"),
        "13.20.00",
        (30, 110),
        "Tessitura serica: crêpe, twill e raso di seta per camiceria e foulard.",
        "Silk weaving: crêpe, twill and satin for blouses and scarves.",
    ),
    Template(
        "como_printer",
        "subcontractor",
        "IT",
        "013102",
        "Stamperia",
        "S.r.l.",
        "srl",
        ("WP.PRINTING", "WP.FINISH_CHEM"),
        "13.30.00",
        (20, 70),
        "Stamperia conto terzi di tessuti di seta e viscosa, finissaggio.",
        "Commission printing and finishing of silk and viscose fabrics.",
    ),
    Template(
        "como_thrower",
        "subcontractor",
        "IT",
        "013138",
        "Torcitura",
        "S.n.c.",
        "snc",
        ("YN.TWISTING",),
        "13.10.00",
        (6, 25),
        "Torcitura della seta greggia in organzino e trama.",
        "Throwing of raw silk into organzine and tram yarns.",
    ),
    # Prato (Toscana): carded wool, recycling and dyeing.
    Template(
        "prato_weaver",
        "material_supplier",
        "IT",
        "100005",
        "Lanificio",
        "S.r.l.",
        "srl",
        ("FF.WEAVING", "WP.FINISH_MECH"),
        "13.20.00",
        (20, 90),
        "Tessuti di lana cardata e rigenerata per cappotti e giacche.",
        "Carded and recycled wool fabrics for coats and jackets.",
    ),
    Template(
        "prato_recycler",
        "material_supplier",
        "IT",
        "100006",
        "Rigenerazione Lane",
        "S.r.l.",
        "srl",
        ("FP.MECH_RECYCLING", "FP.CARBONISING", "YN.SPIN_CARDED"),
        "13.10.00",
        (10, 45),
        "Sfilacciatura di stracci e ritagli, carbonizzo e filatura cardata di lana rigenerata.",
        "Garnetting of rags and clippings, carbonising and carded spinning of recycled wool.",
    ),
    Template(
        "prato_dyer",
        "subcontractor",
        "IT",
        "100003",
        "Tintoria",
        "S.r.l.",
        "srl",
        ("WP.FABRIC_DYEING", "YN.YARN_DYEING"),
        "13.30.00",
        (15, 60),
        "Tintoria conto terzi di tessuti e filati di lana.",
        "Commission dyeing of wool fabrics and yarns.",
    ),
    Template(
        "prato_rags",
        "service",
        "IT",
        "100005",
        "Cernita Stracci",
        "S.n.c.",
        "snc",
        ("RM.RECOVERY",),
        "46.87",
        (4, 15),
        "Raccolta e cernita per colore e fibra di indumenti usati e ritagli di lana.",
        "Collection and sorting by colour and fibre of used garments and wool clippings.",
    ),
    # Abroad: wool, cotton and silk.
    Template(
        "pt_tops",
        "material_supplier",
        "PT",
        "Covilhã",
        "Penteação",
        "Lda.",
        "other",
        ("FP.SCOURING", "RM.ANIMAL"),
        "13.10.00",
        (40, 150),
        "Lavaggio e pettinatura di lana sucida: nastri pettinati (top) per le filature.",
        "Scouring and combing of greasy wool: wool tops for the spinning mills.",
        40.2806,
        -7.5040,
        "Rua da Indústria",
    ),
    Template(
        "es_wool",
        "material_supplier",
        "ES",
        "Cáceres",
        "Lanas",
        "S.L.",
        "other",
        ("RM.ANIMAL",),
        "01.45.00",
        (5, 30),
        "Cooperativa di allevatori: raccolta e classificazione di lana merinos.",
        "Sheep breeders' cooperative: collection and grading of merino wool.",
        39.4753,
        -6.3724,
        "Carretera de Mérida",
    ),
    Template(
        "tr_cotton",
        "material_supplier",
        "TR",
        "Şanlıurfa",  # noqa: RUF001 - the town's name
        "Pamuk",
        "A.Ş.",
        "other",
        ("RM.PLANT", "FP.GINNING"),
        "01.16.00",
        (30, 120),
        "Coltivazione e sgranatura del cotone nella piana di Harran.",
        "Cotton farming and ginning on the Harran plain.",
        37.1591,
        38.7969,
        "Organize Sanayi Bölgesi",
    ),
    Template(
        "eg_cotton",
        "material_supplier",
        "EG",
        "Kafr El Sheikh",
        "Delta Cotton",
        "S.A.E.",
        "other",
        ("RM.PLANT", "FP.GINNING"),
        "01.16.00",
        (40, 200),
        "Cotone egiziano a fibra extra lunga: raccolta dai coltivatori e sgranatura.",
        "Extra-long staple Egyptian cotton: collection from the growers and ginning.",
        31.1107,
        30.9388,
        "Industrial Zone",
    ),
    Template(
        "cn_silk",
        "material_supplier",
        "CN",
        "Huzhou",
        "Silk Filature",
        "Co., Ltd.",
        "other",
        ("RM.ANIMAL",),
        "13.10.00",
        (60, 250),
        "Bachicoltura con i coltivatori della zona e trattura della seta greggia.",
        "Sericulture with the local growers and reeling of raw silk.",
        30.8703,
        120.0933,
        "Silk Road Industrial Park",
    ),
)


@dataclass(frozen=True)
class SiteRecord:
    name: str
    address: str
    country: str
    municipality: str  # ISTAT code in Italy, "" abroad
    lat: float
    lon: float
    workers: int
    processes: tuple[str, ...]


@dataclass(frozen=True)
class FirmRecord:
    """A firm outside the district, with its one site."""

    key: str  # its VAT number
    template: str
    legal_name: str
    country: str
    legal_form: str
    role: str
    employees: int
    turnover_eur: int
    ateco: str
    description_it: str
    description_en: str
    email: str
    website: str
    site: SiteRecord


@cache
def templates() -> tuple[Template, ...]:
    """The outside firms' templates with every code and place checked against the data."""
    valid, comuni = process_codes(), municipalities.index().by_code
    for t in TEMPLATES:
        bad = [p for p in t.processes if p not in valid]
        if bad or ateco_code(t.ateco) != t.ateco:
            raise ValueError(f"demo chain firm {t.key}: bad codes {bad or t.ateco}")
        if t.country == "IT" and t.place not in comuni:
            raise ValueError(f"demo chain firm {t.key}: no municipality {t.place}")
    return TEMPLATES


def surname(rng: random.Random) -> str:
    return rng.choice(SYL_START) + rng.choice(SYL_MIDDLE) + rng.choice(SYL_END)


def _vat(rng: random.Random, t: Template, taken: set[str]) -> str:
    while True:
        digits = "".join(rng.choice("0123456789") for _ in range(9))
        if t.country == "IT":
            vat = italian_vat(rng.randint(1_000_000, 9_999_999), int(t.place[:3]))
        elif t.country == "PT":
            vat = "PT5" + digits[:7] + nif.calc_check_digit("5" + digits[:7])
        elif t.country == "ES":
            body = "B" + digits[:7]
            vat = "ES" + body + cif.calc_check_digits(body)[0]
        elif t.country == "TR":
            vat = "TR" + digits + vkn.calc_check_digit(digits)
        elif t.country == "CN":
            body = "91330500" + digits
            vat = "CN" + body + uscc.calc_check_digit(body)
        else:
            vat = t.country + digits
        if vat not in taken:
            taken.add(vat)
            return vat


def outside_firm(rng: random.Random, t: Template, taken: set[str]) -> FirmRecord:
    core = surname(rng)
    name_first = t.country in ("TR", "EG", "CN")
    short = f"{core} {t.prefix}" if name_first else f"{t.prefix} {core}"
    employees = rng.randint(*t.employees)
    slug = "".join(ch for ch in f"{t.prefix}{core}".lower() if ch.isascii() and ch.isalnum())
    number = rng.randint(1, 120)
    if t.country == "IT":
        comune = municipalities.index().by_code[t.place]
        lat, lon = jitter(rng, comune.lat, comune.lon)
        site_name, address, municipality = (
            f"{short} — Stabilimento di {comune.name}",
            f"{rng.choice(STREETS)} {number}",
            t.place,
        )
    else:
        lat, lon = jitter(rng, t.lat, t.lon, km=6)
        site_name, address, municipality = (
            f"{short} — {t.place}",
            f"{t.street} {number}, {t.place}",
            "",
        )
    return FirmRecord(
        key=_vat(rng, t, taken),
        template=t.key,
        legal_name=f"{short} {t.legal}",
        country=t.country,
        legal_form=t.legal_form,
        role=t.role,
        employees=employees,
        turnover_eur=int(round(employees * rng.randint(90_000, 220_000), -3)),
        ateco=t.ateco,
        description_it=t.text_it,
        description_en=t.text_en,
        email=f"info@{slug}.example",
        website=f"https://www.{slug}.example" if rng.random() < 0.7 else "",
        site=SiteRecord(
            name=site_name,
            address=address,
            country=t.country,
            municipality=municipality,
            lat=lat,
            lon=lon,
            workers=employees,
            processes=t.processes,
        ),
    )
