"""Plain data of the symbiosis demo: the receiving firms and the flows the district's firms declare.

Names are invented. Quantities are drawn within the ranges given (per year unless said), so the
district's suggestions make sense to a person from a knitwear district: knitting and cutting
scraps to a carding mill and a nonwoven maker in Prato, dyehouse sludge to a ceramics plant and
packaging to a recycler in the ceramics district of Formigine and Sassuolo, waste heat and
treated water between neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FlowTemplate:
    direction: str
    kind: str
    description: str
    description_en: str
    unit: str
    low: float
    high: float
    period: str = "year"
    ewc: str = ""
    max_distance_km: int = 50
    attributes: dict = field(default_factory=dict)
    accepted_ewc: tuple[str, ...] = ()
    accepts_hazardous: bool = False
    ref: str = ""


@dataclass(frozen=True)
class Receiver:
    key: str
    serial: int  # VAT serial (with the province's tax office)
    office: int
    legal_name: str
    district: str  # key of NEIGHBOURS: the receivers sit in the districts around
    municipality: str
    role: str
    ateco: str
    processes: tuple[str, ...]
    employees: int
    site_name: str
    address: str
    description_it: str
    description_en: str
    flows: tuple[FlowTemplate, ...]


def _wool_cuttings(ref: str) -> FlowTemplate:
    return FlowTemplate(
        "need",
        "waste",
        "Ritagli e cascami di maglieria in lana e fibre animali, anche colori misti",
        "Knitting cuttings and scraps of wool and animal fibres, mixed colours accepted",
        "t",
        2500,
        2500,
        ewc="040222",
        max_distance_km=250,
        attributes={"fibre": "wool", "colour": "mixed"},
        accepted_ewc=("040221", "040222", "200110", "200111"),
        ref=ref,
    )


# The districts around the demo district where the receivers are (made by the demo when
# missing): key → (slug, name, municipalities).
NEIGHBOURS = {
    "prato": ("prato-demo", "Distretto tessile di Prato (dimostrativo)", ("100005", "100003")),
    "formigine": (
        "formigine-demo",
        "Distretto ceramico di Formigine e Sassuolo (dimostrativo)",
        ("036015", "036040"),
    ),
}

RECEIVERS: tuple[Receiver, ...] = (
    Receiver(
        key="carding",
        serial=9_700_101,
        office=100,
        legal_name="Cardatura Rigenerati Bisenzio S.r.l.",
        district="prato",
        municipality="100005",
        role="material_supplier",
        ateco="13.10.00",
        processes=("RM.RECOVERY", "FP.MECH_RECYCLING", "YN.SPIN_CARDED"),
        employees=34,
        site_name="Cardatura Bisenzio — Stabilimento di Prato",
        address="Via di Cantagallo 212",
        description_it="Sfilacciatura e cardatura di ritagli tessili in lana rigenerata, Prato.",
        description_en="Tearing and carding of textile cuttings into regenerated wool, Prato.",
        flows=(
            _wool_cuttings("DEMO-CARD-IN"),
            FlowTemplate(
                "need",
                "logistics",
                "Trasporto dei ritagli dai maglifici emiliani a Prato (viaggi di ritorno)",
                "Transport of cuttings from Emilian knitting mills to Prato (return trips)",
                "t",
                600,
                600,
                max_distance_km=200,
                ref="DEMO-CARD-TRUCK",
            ),
        ),
    ),
    Receiver(
        key="nonwoven",
        serial=9_700_102,
        office=35,
        legal_name="Non Tessuti Bisenzio S.p.A.",
        district="prato",
        municipality="100003",
        role="manufacturer",
        ateco="13.95.00",
        processes=("FF.NONWOVEN",),
        employees=58,
        site_name="Non Tessuti Bisenzio — Montemurlo",
        address="Via di Oste 18",
        description_it="Feltri e imbottiture agugliate da fibre rigenerate per arredo e auto.",
        description_en="Needle-punched felts and paddings from regenerated fibres.",
        flows=(
            FlowTemplate(
                "need",
                "waste",
                "Ritagli tessili di cotone, viscosa e misti per sfilacciatura e feltri",
                "Cotton, viscose and blended textile cuttings for tearing into felts",
                "t",
                900,
                900,
                ewc="040222",
                max_distance_km=150,
                attributes={"fibre": "cotton viscose mixed"},
                accepted_ewc=("040221", "040222", "200110", "200111", "191208"),
                ref="DEMO-NW-IN",
            ),
            FlowTemplate(
                "need",
                "water",
                "Acqua di processo depurata per l'idroagugliatura",
                "Treated process water for hydro-entanglement",
                "m3",
                12000,
                12000,
                max_distance_km=30,
                ref="DEMO-NW-WATER",
            ),
        ),
    ),
    Receiver(
        key="ceramics",
        serial=9_700_103,
        office=36,
        legal_name="Ceramiche Fiorano Formigine S.p.A.",
        district="formigine",
        municipality="036015",
        role="manufacturer",
        ateco="23.31.00",
        processes=(),
        employees=210,
        site_name="Ceramiche Fiorano Formigine — Stabilimento di Formigine",
        address="Via Radici in Piano 501",
        description_it="Piastrelle in gres porcellanato; recupera fanghi negli impasti (R5).",
        description_en="Porcelain stoneware tiles; recovers sludges in its ceramic bodies (R5).",
        flows=(
            FlowTemplate(
                "need",
                "waste",
                "Fanghi di depurazione non pericolosi da recuperare negli impasti ceramici",
                "Non-hazardous treatment sludge to recover in ceramic bodies",
                "t",
                700,
                700,
                ewc="040220",
                max_distance_km=70,
                accepted_ewc=("040220", "190814", "101203", "080202"),
                ref="DEMO-CER-SLUDGE",
            ),
            FlowTemplate(
                "offer",
                "energy",
                "Calore di recupero dai forni (aria calda a 120-200 °C)",
                "Waste heat from the kilns (hot air at 120-200 °C)",
                "MWh",
                6000,
                6000,
                max_distance_km=5,
                ref="DEMO-CER-HEAT",
            ),
        ),
    ),
    Receiver(
        key="recycler",
        serial=9_700_104,
        office=36,
        legal_name="Secchia Recuperi Imballaggi S.r.l.",
        district="formigine",
        municipality="036040",
        role="service",
        ateco="38.21",
        processes=("RM.RECOVERY",),
        employees=16,
        site_name="Secchia Recuperi — Piattaforma di Sassuolo",
        address="Via dell'Ecologia 4",
        description_it="Piattaforma di selezione e recupero di carta, cartone e film plastici.",
        description_en="Sorting and recovery platform for paper, cardboard and plastic film.",
        flows=(
            FlowTemplate(
                "need",
                "waste",
                "Imballaggi in carta, cartone e plastica da selezionare",
                "Paper, cardboard and plastic packaging for sorting",
                "t",
                5000,
                5000,
                ewc="150101",
                max_distance_km=60,
                accepted_ewc=("150101", "150102", "150105", "150106", "200101"),
                ref="DEMO-REC-PACK",
            ),
        ),
    ),
)

# Flows of the district's firms by what the firm does (a process of its main site).
FIBRES = ("wool", "cotton", "viscose", "cashmere", "mixed")
CUTTINGS = FlowTemplate(
    "offer",
    "waste",
    "Ritagli di maglieria da taglio e rimagliatura, {fibre_it}",
    "Knitting cuttings from cutting and linking, {fibre_en}",
    "t",
    3,
    40,
    ewc="040222",
    max_distance_km=150,
    attributes={"construction": "knitted", "colour": "mixed"},
)
FABRIC_CUTTINGS = FlowTemplate(
    "offer",
    "waste",
    "Sfridi di taglio di tessuto a maglia, {fibre_it}",
    "Fabric cutting scraps, knitted, {fibre_en}",
    "t",
    5,
    60,
    ewc="040222",
    max_distance_km=120,
    attributes={"construction": "knitted"},
)
CONES = FlowTemplate(
    "offer",
    "by_product",
    "Coni e rocche vuoti dei filati (cartone e plastica), puliti",
    "Empty yarn cones and bobbins (cardboard and plastic), clean",
    "t",
    0.3,
    2.5,
    ewc="150102",
    max_distance_km=40,
)
CONES_NEED = FlowTemplate(
    "need",
    "secondary_material",
    "Coni per filati usati da rendere alle filature",
    "Used yarn cones to return to the spinners",
    "t",
    2,
    6,
    ewc="150102",
    max_distance_km=60,
)
SLUDGE = FlowTemplate(
    "offer",
    "waste",
    "Fanghi del depuratore interno della tintoria, non pericolosi",
    "Sludge from the dyehouse's own effluent treatment, non-hazardous",
    "t",
    20,
    150,
    ewc="040220",
    max_distance_km=80,
)
HEAT = FlowTemplate(
    "offer",
    "energy",
    "Calore di recupero dai bagni di tintura (acqua a 60-80 °C)",
    "Waste heat from the dye baths (water at 60-80 °C)",
    "MWh",
    200,
    1500,
    max_distance_km=5,
)
HEAT_NEED = FlowTemplate(
    "need",
    "energy",
    "Calore per il vapore del reparto stiro",
    "Heat for the pressing room's steam",
    "MWh",
    100,
    600,
    max_distance_km=5,
)
WATER = FlowTemplate(
    "offer",
    "water",
    "Acqua di processo depurata, riutilizzabile",
    "Treated process water, fit for reuse",
    "m3",
    2000,
    20000,
    max_distance_km=30,
)
WATER_NEED = FlowTemplate(
    "need",
    "water",
    "Acqua per il prelavaggio e il risciacquo dei capi",
    "Water for pre-washing and rinsing garments",
    "m3",
    1000,
    8000,
    max_distance_km=30,
)
CARDBOARD = FlowTemplate(
    "offer",
    "waste",
    "Imballaggi in cartone dei filati e dei capi",
    "Cardboard packaging from yarns and garments",
    "t",
    2,
    30,
    ewc="150101",
    max_distance_km=50,
)
FILM = FlowTemplate(
    "offer",
    "waste",
    "Film e sacchi in plastica degli imballaggi",
    "Plastic film and bags from packaging",
    "t",
    1,
    10,
    ewc="150102",
    max_distance_km=50,
)
TRUCKS = FlowTemplate(
    "offer",
    "logistics",
    "Spazio libero sui camion di ritorno verso la Toscana",
    "Free space on the return trucks to Tuscany",
    "t",
    300,
    900,
    max_distance_km=200,
)
MACHINE = FlowTemplate(
    "offer",
    "equipment",
    "Macchina rettilinea Shima Seiki usata, funzionante",
    "Used Shima Seiki flat knitting machine, working",
    "pcs",
    1,
    2,
    period="once",
    max_distance_km=100,
)
MACHINE_NEED = FlowTemplate(
    "need",
    "equipment",
    "Macchina rettilinea usata per campionatura",
    "Used flat knitting machine for sampling",
    "pcs",
    1,
    1,
    period="once",
    max_distance_km=100,
)
# (process of the main site, share of those firms that declare it, templates)
BY_PROCESS: tuple[tuple[str, float, tuple[FlowTemplate, ...]], ...] = (
    ("MU.KNIT_TO_SHAPE", 0.6, (CUTTINGS, CONES)),
    ("FF.KNIT_WEFT", 0.6, (FABRIC_CUTTINGS,)),
    ("MU.CUTTING", 0.6, (FABRIC_CUTTINGS, CARDBOARD)),
    ("MU.GARMENT_DYEING", 1.0, (SLUDGE, HEAT, WATER)),
    ("MU.GARMENT_DYEING", 0.5, (WATER_NEED,)),
    ("MU.PRESSING", 0.6, (HEAT_NEED,)),
    ("MU.PACKAGING", 0.5, (CARDBOARD, FILM)),
    ("MU.DEVELOPMENT", 0.25, (CARDBOARD,)),
    ("SV.LOGISTICS", 0.5, (TRUCKS,)),
)
# The yarn merchants collect cones; a few firms sell or look for a machine.
YARN_ATECO = "46.41.20"
EXTRA = ((YARN_ATECO, 0.6, (CONES_NEED,)),)
# The demo "subcontractor" login's firm: flows with suggestions to look at.
FEATURED = (
    FlowTemplate(
        "offer",
        "waste",
        "Ritagli di maglieria in lana merinos e cashmere, colori misti",
        "Merino wool and cashmere knitting cuttings, mixed colours",
        "t",
        18,
        18,
        ewc="040222",
        max_distance_km=150,
        attributes={"fibre": "wool 80 cashmere 20", "colour": "mixed", "construction": "knitted"},
        ref="DEMO-CUTTINGS",
    ),
    FlowTemplate(
        "offer",
        "waste",
        "Cartoni degli imballaggi dei filati",
        "Cardboard packaging of the yarns",
        "t",
        6,
        6,
        ewc="150101",
        max_distance_km=50,
        ref="DEMO-CARDBOARD",
    ),
    FlowTemplate(
        "offer",
        "by_product",
        "Coni vuoti in plastica dei filati",
        "Empty plastic yarn cones",
        "t",
        0.8,
        0.8,
        ewc="150102",
        max_distance_km=40,
        ref="DEMO-CONES",
    ),
    MACHINE,
)
DECLINE_REASON = "Colori troppo misti per la nostra cardatura: ci servono lotti per colore."
