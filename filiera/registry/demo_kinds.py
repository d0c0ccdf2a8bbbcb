"""Archetypes of the demo district's firms and the word lists their invented names come from.

Plain data for ``filiera.registry.demo``; every code here is checked against the reference data
when the generator first runs.
"""

from __future__ import annotations

from dataclasses import dataclass

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
