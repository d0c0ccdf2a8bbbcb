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

# Archetypes -----------------------------------------------------------------------------------

FIBRES = [
    ("lana merinos", "merino wool"),
    ("cashmere", "cashmere"),
    ("cotone", "cotton"),
    ("viscosa", "viscose"),
    ("filati misti", "blended yarns"),
    ("lino", "linen"),
    ("cotone biologico", "organic cotton"),
    ("lana riciclata", "recycled wool"),
]


@dataclass(frozen=True)
class Kind:
    key: str
    role: str
    weight: float
    prefixes: tuple[str, ...]
    ateco: tuple[str, ...]  # primary first; an optional second code is drawn from ``ateco_extra``
    processes: tuple[str, ...]  # always on the main site
    extra_processes: tuple[str, ...]  # each added with probability 0.35
    median_employees: float
    max_employees: int
    turnover_per_head: tuple[int, int]
    text_it: str
    text_en: str
    ateco_extra: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind(
        key="brand",
        role="brand",
        weight=9,
        prefixes=("Atelier", "Collezioni", "Maglieria", "Moda"),
        ateco=("14.10.20",),
        processes=("MU.DEVELOPMENT", "MU.QC"),
        extra_processes=("MU.PACKAGING", "SV.LOGISTICS"),
        median_employees=14,
        max_employees=400,
        turnover_per_head=(180_000, 420_000),
        text_it=(
            "Marchio proprio di maglieria e abbigliamento {target_it}: progetta le collezioni a "
            "{town} e le produce con i terzisti del distretto. Fibra di punta: {fibre_it}."
        ),
        text_en=(
            "Own-label brand of knitwear and clothing {target_en}: designs its collections in "
            "{town} and makes them with the district's subcontractors. Signature fibre: {fibre_en}."
        ),
        ateco_extra=("14.21.10", "46.42.10"),
    ),
    Kind(
        key="manufacturer",
        role="manufacturer",
        weight=7,
        prefixes=("Maglificio", "Maglieria", "Industria Maglieria"),
        ateco=("14.10.20",),
        processes=("MU.DEVELOPMENT", "MU.KNIT_TO_SHAPE", "MU.SEWING", "MU.PRESSING"),
        extra_processes=("MU.QC", "MU.PACKAGING", "MU.CUTTING"),
        median_employees=18,
        max_employees=250,
        turnover_per_head=(90_000, 180_000),
        text_it=(
            "Maglificio a ciclo completo, dal campionario al capo stirato e imbustato, con "
            "{machines} macchine rettilinee; lavora soprattutto {fibre_it} per marchi italiani ed "
            "europei."
        ),
        text_en=(
            "Full-cycle knitwear maker, from samples to the pressed and bagged garment, with "
            "{machines} flat knitting machines; works mostly {fibre_en} for Italian and European "
            "brands."
        ),
        ateco_extra=("14.21.10",),
    ),
    Kind(
        key="knitting",
        role="subcontractor",
        weight=18,
        prefixes=("Maglificio", "Maglieria", "Maglificio Artigiano"),
        ateco=("14.10.20",),
        processes=("MU.KNIT_TO_SHAPE",),
        extra_processes=("FF.KNIT_WEFT", "MU.QC"),
        median_employees=5,
        max_employees=60,
        turnover_per_head=(55_000, 95_000),
        text_it=(
            "Maglificio conto terzi con {machines} macchine rettilinee elettroniche, finezze dalla "
            "{gauge_low} alla {gauge_high}; lavora {fibre_it} per i marchi del distretto."
        ),
        text_en=(
            "Knitting subcontractor with {machines} electronic flat knitting machines, gauges "
            "{gauge_low} to {gauge_high}; knits {fibre_en} for the district's brands."
        ),
    ),
    Kind(
        key="cutting",
        role="subcontractor",
        weight=7,
        prefixes=("Taglio", "Centro Taglio", "Taglio e Stesura"),
        ateco=("14.29.00",),
        processes=("MU.CUTTING",),
        extra_processes=("MU.DEVELOPMENT",),
        median_employees=4,
        max_employees=30,
        turnover_per_head=(50_000, 85_000),
        text_it=(
            "Stesura e taglio conto terzi di tessuti e teli di maglia, con {cutting_it}; consegna "
            "i pezzi tagliati ai laboratori di confezione della zona di {town}."
        ),
        text_en=(
            "Spreading and cutting subcontractor for fabrics and knitted panels, with "
            "{cutting_en}; delivers cut pieces to the sewing workshops around {town}."
        ),
        ateco_extra=("14.21.10",),
    ),
    Kind(
        key="sewing",
        role="subcontractor",
        weight=17,
        prefixes=("Confezioni", "Laboratorio", "Confezioni Maglieria"),
        ateco=("14.21.10",),
        processes=("MU.SEWING",),
        extra_processes=("MU.CUTTING", "MU.PRESSING", "MU.QC"),
        median_employees=6,
        max_employees=80,
        turnover_per_head=(45_000, 80_000),
        text_it=(
            "Laboratorio di confezione conto terzi: cucito, rimagliatura e rifinitura di capi in "
            "{fibre_it}, da piccoli lotti di campionario alla produzione di serie."
        ),
        text_en=(
            "Sewing subcontractor: stitching, linking and finishing of garments in {fibre_en}, "
            "from small sample lots to series production."
        ),
        ateco_extra=("14.10.20", "14.29.00"),
    ),
    Kind(
        key="embroidery",
        role="subcontractor",
        weight=6,
        prefixes=("Ricamificio", "Ricami", "Ricamificio Artistico"),
        ateco=("13.99.10",),
        processes=("MU.EMBROIDERY",),
        extra_processes=("MU.DEVELOPMENT",),
        median_employees=4,
        max_employees=40,
        turnover_per_head=(55_000, 100_000),
        text_it=(
            "Ricamificio con {heads} teste di ricamo e applicazione di paillettes e perline su "
            "capi di maglieria e tessuto."
        ),
        text_en=(
            "Embroidery workshop with {heads} embroidery heads, applying sequins and beads on "
            "knitwear and woven garments."
        ),
    ),
    Kind(
        key="dyeing",
        role="subcontractor",
        weight=4,
        prefixes=("Tintoria", "Tintoria Industriale", "Tinture"),
        ateco=("13.30.00",),
        processes=("MU.GARMENT_DYEING",),
        extra_processes=("WP.FABRIC_DYEING", "MU.GARMENT_WASH"),
        median_employees=9,
        max_employees=90,
        turnover_per_head=(80_000, 140_000),
        text_it=(
            "Tintoria conto terzi per capi finiti e teli di maglia in {fibre_it}, con impianto di "
            "depurazione delle acque e ricette a basso consumo."
        ),
        text_en=(
            "Dyehouse for finished garments and knitted panels in {fibre_en}, with its own "
            "wastewater treatment and low-consumption recipes."
        ),
    ),
    Kind(
        key="pressing",
        role="subcontractor",
        weight=7,
        prefixes=("Stireria", "Stireria Industriale", "Stiro"),
        ateco=("14.29.00",),
        processes=("MU.PRESSING",),
        extra_processes=("MU.QC", "MU.PACKAGING"),
        median_employees=4,
        max_employees=40,
        turnover_per_head=(40_000, 70_000),
        text_it=(
            "Stireria conto terzi: stiro a vapore, controllo misure, piegatura e imbustamento dei "
            "capi pronti per la spedizione."
        ),
        text_en=(
            "Pressing subcontractor: steam pressing, measurement checks, folding and bagging of "
            "garments ready to ship."
        ),
        ateco_extra=("82.92.20",),
    ),
    Kind(
        key="finishing",
        role="subcontractor",
        weight=3,
        prefixes=("Rifiniture", "Controllo Qualità", "Finissaggi Capi"),
        ateco=("14.29.00",),
        processes=("MU.QC", "MU.PACKAGING"),
        extra_processes=("MU.PRESSING",),
        median_employees=5,
        max_employees=40,
        turnover_per_head=(45_000, 75_000),
        text_it=(
            "Controllo qualità, etichettatura e confezionamento finale di capi per conto dei "
            "marchi del distretto."
        ),
        text_en=(
            "Quality control, labelling and final packing of garments on behalf of the "
            "district's brands."
        ),
        ateco_extra=("82.92.20",),
    ),
    Kind(
        key="yarn",
        role="material_supplier",
        weight=5,
        prefixes=("Filati", "Filatura", "Lane e Filati"),
        ateco=("46.41.20",),
        processes=(),
        extra_processes=("YN.YARN_DYEING", "YN.TWISTING"),
        median_employees=6,
        max_employees=60,
        turnover_per_head=(250_000, 600_000),
        text_it=(
            "Commercio di filati per maglieria ({fibre_it}) con magazzino a pronto e servizio di "
            "roccatura per i maglifici della zona."
        ),
        text_en=(
            "Knitting-yarn merchant ({fibre_en}) with stock service and winding for the knitting "
            "mills in the area."
        ),
        ateco_extra=("13.10.00",),
    ),
    Kind(
        key="fabric",
        role="material_supplier",
        weight=3,
        prefixes=("Tessuti", "Jersey", "Tessuti a Maglia"),
        ateco=("13.91.00",),
        processes=("FF.KNIT_WEFT",),
        extra_processes=("SV.CONVERTER",),
        median_employees=8,
        max_employees=80,
        turnover_per_head=(150_000, 350_000),
        text_it=(
            "Produzione e commercio di tessuti a maglia circolare in {fibre_it} per la confezione "
            "di abbigliamento."
        ),
        text_en="Maker and merchant of circular-knitted fabrics in {fibre_en} for clothing makers.",
        ateco_extra=("46.41.10",),
    ),
    Kind(
        key="trims",
        role="material_supplier",
        weight=3,
        prefixes=("Accessori Moda", "Merceria Industriale", "Bottoni"),
        ateco=("46.41.20",),
        processes=("CO.TRIMS",),
        extra_processes=(),
        median_employees=4,
        max_employees=40,
        turnover_per_head=(200_000, 450_000),
        text_it=(
            "Accessori per l'abbigliamento: bottoni, cerniere, etichette e nastri, con consegna "
            "rapida nel distretto."
        ),
        text_en="Clothing trims: buttons, zips, labels and tapes, delivered quickly across the district.",
    ),
    Kind(
        key="logistics",
        role="service",
        weight=4,
        prefixes=("Logistica", "Trasporti", "Servizi Logistici"),
        ateco=("52.10.10",),
        processes=("SV.LOGISTICS",),
        extra_processes=("MU.PACKAGING",),
        median_employees=7,
        max_employees=120,
        turnover_per_head=(70_000, 130_000),
        text_it=(
            "Magazzino conto terzi e trasporti tra i laboratori del distretto, con giri di "
            "raccolta e consegna quotidiani da {town}."
        ),
        text_en=(
            "Contract warehousing and transport between the district's workshops, with daily "
            "pick-up and delivery rounds from {town}."
        ),
        ateco_extra=("49.41.00",),
    ),
    Kind(
        key="design",
        role="service",
        weight=4,
        prefixes=("Studio", "Modelleria", "Studio Stile"),
        ateco=("74.14.09",),
        processes=("MU.DEVELOPMENT",),
        extra_processes=(),
        median_employees=2,
        max_employees=15,
        turnover_per_head=(45_000, 90_000),
        text_it=(
            "Studio di modelleria e sviluppo taglie per maglieria e abbigliamento, con "
            "prototipia e schede tecniche."
        ),
        text_en=(
            "Pattern-making and grading studio for knitwear and clothing, with prototypes and "
            "tech packs."
        ),
    ),
    Kind(
        key="repair",
        role="service",
        weight=3,
        prefixes=("Sartoria", "Riparazioni Sartoriali", "Rammendo"),
        ateco=("95.29.30",),
        processes=("SV.REPAIR",),
        extra_processes=("MU.SEWING",),
        median_employees=2,
        max_employees=12,
        turnover_per_head=(35_000, 60_000),
        text_it=(
            "Rammendo, riparazione e ripristino di capi di maglieria, anche per i resi e le "
            "seconde scelte dei marchi."
        ),
        text_en=(
            "Mending, repair and refurbishment of knitwear, including brands' returns and seconds."
        ),
    ),
)
# The first firms follow this order, so even a tiny district has a brand and a subcontractor.
OPENING_KINDS = ("brand", "knitting", "sewing", "manufacturer", "embroidery", "dyeing", "pressing")

TARGETS = [
    ("donna", "for women"),
    ("uomo", "for men"),
    ("donna e uomo", "for women and men"),
    ("bambino", "for children"),
]
CUTTING = [
    (
        "un carrello di stesura e un taglio automatico a lama",
        "a spreading cart and an automatic knife cutter",
    ),
    ("tavoli di stesura e taglio manuale", "spreading tables and manual cutting"),
    ("un taglio laser per piccoli lotti", "a laser cutter for small lots"),
]

# Invented names: syllables that sound Italian without being common surnames.
SYL_START = (
    "Bre",
    "Cal",
    "Dom",
    "Fal",
    "Gar",
    "Lor",
    "Mal",
    "Nar",
    "Pav",
    "Quar",
    "Riv",
    "Sar",
    "Tar",
    "Vad",
    "Zol",
    "Bor",
    "Fen",
    "Grav",
    "Lun",
    "Mor",
    "Ol",
    "Pes",
    "Ruv",
    "Sel",
    "Tev",
    "Ulv",
    "Vel",
    "Zarn",
    "Camp",
    "Dres",
)
SYL_MIDDLE = ("a", "e", "i", "o", "ag", "el", "ur", "ist")
SYL_END = (
    "vetti",
    "lini",
    "moni",
    "ducci",
    "relli",
    "gardi",
    "naschi",
    "zotti",
    "vazzi",
    "tieri",
    "desi",
    "gugli",
    "sconi",
    "bardi",
)
WORD_FIRST = (
    "Luna",
    "Nebbia",
    "Filo",
    "Trama",
    "Punto",
    "Nodo",
    "Lana",
    "Spola",
    "Cima",
    "Brezza",
    "Onda",
    "Fiocco",
    "Gomitolo",
    "Riva",
    "Tela",
    "Rocca",
    "Vela",
    "Ago",
    "Seta",
    "Lieve",
)
WORD_SECOND = (
    "verde",
    "chiara",
    "fine",
    "viva",
    "nova",
    "blu",
    "bianca",
    "ferma",
    "lunga",
    "rara",
    "dolce",
    "antica",
    "fiorita",
    "serena",
    "alta",
)
FIRST_NAMES = (
    "Anna",
    "Marco",
    "Giulia",
    "Luca",
    "Paola",
    "Stefano",
    "Elena",
    "Davide",
    "Silvia",
    "Franco",
    "Laura",
    "Giorgio",
    "Chiara",
    "Andrea",
    "Rita",
    "Sergio",
    "Marta",
    "Ivano",
)
STREETS = (
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Via del Lavoro",
    "Via della Tecnica",
    "Via dei Tessitori",
    "Via della Maglia",
    "Via delle Filande",
    "Via Emilia",
    "Via Roma",
    "Via Giuseppe Mazzini",
    "Via Giuseppe Garibaldi",
    "Via Guglielmo Marconi",
    "Via Alessandro Volta",
    "Via Galileo Galilei",
    "Via Enrico Fermi",
    "Via dei Mille",
    "Via della Cooperazione",
    "Via dell'Agricoltura",
    "Via Don Minzoni",
    "Via XXV Aprile",
)
OFFICE_BY_PROVINCE = {"MO": 36, "RE": 35}
LEGAL_SUFFIX = {
    "srl": "S.r.l.",
    "srls": "S.r.l.s.",
    "spa": "S.p.A.",
    "snc": "S.n.c.",
    "sas": "S.a.s.",
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


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


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
