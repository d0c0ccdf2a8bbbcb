"""The demo products' data: footprint inputs, identifiers, label, texts for the wearer, steps
(with the processes a chain site should perform, the country when there is none, the dates) and
the T-shirt's batch. ``filiera.products.demo`` writes them through the product services."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PRATO = "PO"  # the province of Prato (carded wool)
BERGAMO = "BG"  # the province of the cotton spinning mills


@dataclass(frozen=True)
class Step:
    stage: str
    processes: tuple[str, ...]  # a site doing one of these (first found wins)
    country: str  # when no such site is in the chain
    province: str = ""  # prefer a site in this province
    district: bool = False  # prefer a site in the district
    process: str = ""  # the process recorded; empty: the one the chosen site does, else the first
    dates: tuple[str, str] = ("", "")  # started on, finished on (ISO)


@dataclass(frozen=True)
class Event:
    stage: str  # the step (for other steps: its process code)
    date: str
    quantity: int | None = None
    note: str = ""


@dataclass(frozen=True)
class DemoBatch:
    lot: str
    serials: tuple[str, str]
    produced_on: str
    quantity: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Spec:
    model_code: str
    name: str
    name_en: str
    description: str
    description_en: str
    category: str
    mass_kg: str
    materials: tuple[tuple[str, str, str], ...]
    steps: tuple[Step, ...]
    extra: dict = field(default_factory=dict)
    gtin: str = ""
    commodity_code: str = ""
    label: tuple[tuple[str, str, str, str], ...] = ()  # rows for services.set_components
    texts: dict = field(default_factory=dict)  # care, durability, end of life (IT and EN)
    batch: DemoBatch | None = None


CARE_COTTON = (
    "Lavare a 30 °C con colori simili, rovescio. Non candeggiare. Asciugare all'aria, stirare "
    "a temperatura media.",
    "Wash at 30 °C with similar colours, inside out. Do not bleach. Line dry, iron at medium "
    "temperature.",
)
END_OF_LIFE = (
    "Se è ancora in buono stato, regalalo o portalo in un negozio dell'usato. Altrimenti "
    "conferiscilo nei contenitori per la raccolta differenziata dei tessili del tuo Comune.",
    "If it is still in good condition, give it away or take it to a second-hand shop. "
    "Otherwise put it in your municipality's textile collection bins.",
)


def texts(care: tuple[str, str], durability: tuple[str, str]) -> dict[str, str]:
    return {
        "care": care[0],
        "care_en": care[1],
        "durability": durability[0],
        "durability_en": durability[1],
        "end_of_life": END_OF_LIFE[0],
        "end_of_life_en": END_OF_LIFE[1],
    }


PRODUCTS: tuple[Spec, ...] = (
    Spec(
        "DEMO-TS-01",
        "T-shirt girocollo in jersey di cotone",
        "Crew-neck cotton jersey T-shirt",
        "Jersey di cotone pettinato, tinto in capo e confezionato nel distretto di Carpi.",
        "Combed cotton jersey, garment dyed and made in the Carpi district.",
        "tshirt",
        "0.17",
        (("ei-coton", "100", "EG"),),
        (
            Step(
                "spinning",
                ("YN.SPIN_COMBED",),
                "IT",
                province=BERGAMO,
                dates=("2025-01-13", "2025-01-24"),
            ),
            Step(
                "fabric", ("FF.KNIT_WEFT",), "IT", district=True, dates=("2025-01-27", "2025-02-07")
            ),
            Step(
                "dyeing",
                ("MU.GARMENT_DYEING", "WP.FABRIC_DYEING"),
                "IT",
                district=True,
                dates=("2025-02-17", "2025-02-21"),
            ),
            Step(
                "making",
                ("MU.SEWING", "MU.KNIT_TO_SHAPE"),
                "IT",
                district=True,
                dates=("2025-02-24", "2025-03-14"),
            ),
            Step(
                "other",
                ("MU.QC", "MU.PACKAGING"),
                "IT",
                district=True,
                process="MU.QC",
                dates=("2025-03-17", "2025-03-19"),
            ),
        ),
        {
            "fabric_process": "knitting-circular",
            "price_eur": Decimal("29.00"),
            "catalogue_references": 180,
        },
        gtin="9506000000107",  # GTINs under GS1's prefix for examples (950 6000)
        commodity_code="61091000",
        label=(("corpo", "body", "5", "100"),),
        texts=texts(
            CARE_COTTON,
            (
                "Jersey compatto da 180 g/m²: mantiene la forma dopo 50 lavaggi. Cuciture "
                "rinforzate su spalle e collo; per piccole riparazioni scrivici.",
                "Dense 180 g/m² jersey: keeps its shape after 50 washes. Reinforced seams on "
                "shoulders and neck; write to us for small repairs.",
            ),
        ),
        batch=DemoBatch(
            "TS2503A",
            ("000001", "000500"),
            "2025-03-19",
            500,
            (
                Event("spinning", "2025-01-20", note="lotto filato F-2501"),
                Event("fabric", "2025-02-03", note="pezza 1-12"),
                Event("dyeing", "2025-02-19", 500),
                Event("making", "2025-03-07", 500),
                Event("MU.QC", "2025-03-18", 500),
            ),
        ),
    ),
    Spec(
        "DEMO-PU-02",
        "Maglione girocollo in lana merino",
        "Merino wool crew-neck jumper",
        "Maglia calata in lana merino, filata in Italia e lavorata nel distretto di Carpi.",
        "Fully-fashioned merino wool knit, spun in Italy and knitted in the Carpi district.",
        "pull",
        "0.38",
        (("ei-laine-par-defaut", "100", "ES"),),
        (
            Step(
                "spinning",
                ("YN.SPIN_CARDED", "YN.SPIN_COMBED"),
                "IT",
                province=PRATO,
                dates=("2024-10-07", "2024-10-25"),
            ),
            Step(
                "fabric",
                ("MU.KNIT_TO_SHAPE",),
                "IT",
                district=True,
                dates=("2024-11-04", "2024-11-22"),
            ),
            Step(
                "dyeing",
                ("YN.YARN_DYEING", "FP.FIBRE_DYEING"),
                "IT",
                province=PRATO,
                dates=("2024-10-28", "2024-10-31"),
            ),
            Step(
                "making",
                ("MU.KNIT_TO_SHAPE", "MU.SEWING"),
                "IT",
                district=True,
                dates=("2024-11-25", "2024-12-06"),
            ),
        ),
        {
            "fabric_process": "knitting-fully-fashioned",
            "making_complexity": "medium",
            "price_eur": Decimal("129.00"),
            "catalogue_references": 180,
            "repair_service": True,
        },
        gtin="9506000000206",
        commodity_code="61101130",
        label=(("corpo", "body", "1", "100"),),
        texts=texts(
            (
                "Lavare a mano in acqua fredda o in lavatrice con programma lana. Asciugare "
                "in piano, lontano da fonti di calore. Non usare l'asciugatrice.",
                "Hand wash in cold water or machine wash on the wool cycle. Dry flat, away "
                "from heat. Do not tumble dry.",
            ),
            (
                "Maglia calata senza cuciture laterali. Offriamo la riparazione di buchi e "
                "smagliature nel nostro laboratorio di Carpi.",
                "Fully-fashioned knit without side seams. We repair holes and ladders in our "
                "Carpi workshop.",
            ),
        ),
    ),
    Spec(
        "DEMO-JE-03",
        "Jeans cinque tasche slavato",
        "Five-pocket stone-washed jeans",
        "Denim di cotone elasticizzato tessuto e tinto in Turchia, confezionato a Carpi.",
        "Stretch cotton denim woven and dyed in Turkey, made in Carpi.",
        "jean",
        "0.45",
        (("ei-coton", "98", "TR"), ("elasthane", "2", "")),
        (
            Step(
                "spinning", (), "TR", process="YN.SPIN_CARDED", dates=("2024-09-02", "2024-09-13")
            ),
            Step("fabric", (), "TR", process="FF.WEAVING", dates=("2024-09-23", "2024-10-04")),
            Step("dyeing", (), "TR", process="YN.YARN_DYEING", dates=("2024-09-16", "2024-09-20")),
            Step("making", ("MU.SEWING",), "IT", district=True, dates=("2024-10-21", "2024-11-08")),
            Step(
                "other",
                ("MU.GARMENT_WASH",),
                "IT",
                district=True,
                process="MU.GARMENT_WASH",
                dates=("2024-11-11", "2024-11-15"),
            ),
        ),
        {
            "fabric_process": "weaving",
            "fading": True,
            "price_eur": Decimal("89.00"),
            "catalogue_references": 180,
        },
        gtin="9506000000305",
        commodity_code="62034231",
        label=(
            ("tessuto", "fabric", "5", "98"),
            ("", "", "43", "2"),
            ("tasche", "pocketing", "35", "65"),
            ("", "", "5", "35"),
        ),
        texts=texts(
            (
                "Lavare a 30 °C, rovescio, con colori scuri. Non candeggiare. Stirare a "
                "temperatura media sul rovescio.",
                "Wash at 30 °C, inside out, with dark colours. Do not bleach. Iron at medium "
                "temperature inside out.",
            ),
            (
                "Denim da 12 oz con rivetti sulle tasche. Orli e cerniere si sostituiscono "
                "in qualunque sartoria.",
                "12 oz denim with riveted pockets. Hems and zips can be replaced by any tailor.",
            ),
        ),
    ),
    Spec(
        "DEMO-SW-04",
        "Costume intero stampato",
        "Printed one-piece swimsuit",
        "Tessuto in poliestere riciclato ed elastan, stampato e confezionato in Italia.",
        "Recycled polyester and elastane fabric, printed and made in Italy.",
        "maillot-de-bain",
        "0.12",
        (("ei-pet-r", "82", ""), ("elasthane", "18", "")),
        (
            Step(
                "spinning", (), "CN", process="YN.TEXTURISING", dates=("2025-01-06", "2025-01-17")
            ),
            Step(
                "fabric", ("FF.KNIT_WARP", "FF.KNIT_WEFT"), "IT", dates=("2025-02-03", "2025-02-14")
            ),
            Step(
                "dyeing",
                ("WP.PRINTING", "WP.FABRIC_DYEING"),
                "IT",
                dates=("2025-02-17", "2025-02-21"),
            ),
            Step("making", ("MU.SEWING",), "IT", district=True, dates=("2025-03-03", "2025-03-14")),
        ),
        {
            "fabric_process": "knitting-circular",
            "printing": "pigment",
            "printing_ratio": Decimal("0.6"),
            "price_eur": Decimal("59.00"),
            "catalogue_references": 180,
            "recycled_post_consumer": Decimal("82"),
        },
        gtin="9506000000404",
        commodity_code="61124110",
        label=(
            ("tessuto esterno", "shell", "35", "82"),
            ("", "", "43", "18"),
            ("fodera", "lining", "30", "100"),
        ),
        texts=texts(
            (
                "Sciacquare in acqua dolce dopo ogni bagno. Lavare a mano a 30 °C. Non "
                "strizzare, asciugare all'ombra.",
                "Rinse in fresh water after each swim. Hand wash at 30 °C. Do not wring, dry "
                "in the shade.",
            ),
            (
                "Tessuto resistente al cloro e alla salsedine; elastan protetto dai raggi UV.",
                "Fabric resistant to chlorine and salt water; UV-protected elastane.",
            ),
        ),
    ),
)
