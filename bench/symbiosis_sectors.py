"""What firms of each sector offer and need, for the symbiosis benchmarks: flow templates with
their EWC codes, units, usual quantities and radii, and descriptions in Italian and English.

Placeholders in descriptions: {f}/{F} a fibre, {c}/{C} a colour, {k}/{K} a construction
(Italian/English). ``attrs`` says which attributes a flow gets: "cloth" (fibre, colour,
construction), "fibre" (fibre, colour) or none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    weight: float
    direction: str
    kind: str
    legal: str
    ewc: str
    unit: str
    period: str
    low: float  # quantity range in ``unit`` per ``period`` (drawn log-uniform)
    high: float
    radius: tuple[int, int]  # km
    it: str
    en: str
    attrs: str = ""
    accepted: tuple[str, ...] = ()
    hazardous: bool = False
    accepts_hazardous: bool = False


def offer(weight, kind, legal, ewc, unit, period, low, high, radius, it, en, **extra) -> Template:
    return Template(
        weight, "offer", kind, legal, ewc, unit, period, low, high, radius, it, en, **extra
    )


def need(weight, kind, legal, ewc, unit, period, low, high, radius, it, en, **extra) -> Template:
    return Template(
        weight, "need", kind, legal, ewc, unit, period, low, high, radius, it, en, **extra
    )


TEXTILE_CODES = ("040221", "040222", "200110", "200111", "191208", "150109")

# fmt: off
PACKAGING = [
    offer(1.2, "waste", "waste", "150101", "t", "year", 1, 80, (20, 80),
          "Imballaggi in cartone e tubi di cartone",
          "Cardboard packaging and paper tubes"),
    offer(0.9, "waste", "waste", "150102", "t", "year", 0.5, 40, (20, 100),
          "Film plastico e sacchi in polietilene",
          "Plastic film and polyethylene bags"),
    offer(0.6, "waste", "waste", "150103", "t", "year", 1, 30, (10, 60),
          "Pallet in legno rotti",
          "Broken wooden pallets"),
]
UTILITIES = [
    offer(0.5, "energy", "product", "", "MWh", "year", 100, 5000, (2, 15),
          "Calore di recupero dai fumi e dalle acque calde",
          "Waste heat from exhaust and hot water"),
    offer(0.3, "water", "product", "", "m3", "year", 1000, 100000, (2, 20),
          "Acqua di processo depurata",
          "Treated process water"),
    need(0.4, "energy", "product", "", "MWh", "year", 200, 8000, (2, 10),
         "Calore per asciugatura e riscaldamento",
         "Heat for drying and space heating"),
    need(0.3, "water", "product", "", "m3", "year", 2000, 150000, (2, 20),
         "Acqua industriale per il processo",
         "Industrial water for the process"),
    offer(0.15, "space", "product", "", "m2", "once", 100, 3000, (10, 50),
          "Magazzino coperto disponibile",
          "Covered warehouse space available"),
]
CLOTH = [
    offer(4.0, "waste", "waste", "040222", "t", "year", 2, 150, (30, 150),
          "Ritagli di {k} in {f} {c}",
          "{K} cuttings in {F}, {C}", attrs="cloth"),
    offer(1.0, "by_product", "by_product", "040222", "t", "year", 1, 60, (30, 200),
          "Sfridi di taglio in {f} {c} riutilizzabili",
          "Reusable {F} cutting scraps, {C}", attrs="cloth"),
    offer(2.0, "waste", "waste", "040222", "kg", "month", 100, 5000, (30, 150),
          "Cascami di filato {f} e rocche incomplete",
          "{F} yarn waste and part cones", attrs="fibre"),
    offer(0.7, "by_product", "by_product", "150102", "pcs", "year", 2000, 200000, (20, 150),
          "Coni in plastica per filati riutilizzabili",
          "Reusable plastic yarn cones"),
    offer(0.2, "equipment", "product", "", "pcs", "once", 1, 10, (50, 300),
          "Macchine per {k} dismesse",
          "Decommissioned {K} machines"),
    need(1.2, "secondary_material", "product", "040221", "t", "year", 10, 500, (50, 300),
         "Fibre rigenerate di {f} per filatura",
         "Recycled {F} fibre for spinning", attrs="fibre"),
    need(0.4, "secondary_material", "product", "150102", "pcs", "year", 5000, 100000, (20, 150),
         "Coni in plastica usati per ritorcitura",
         "Used plastic cones for twisting"),
    *PACKAGING, *UTILITIES,
]
SECTORS: dict[str, list[Template]] = {
    "knitwear": CLOTH,
    "apparel": CLOTH,
    "wool": [
        offer(2.0, "waste", "waste", "040221", "t", "year", 5, 300, (30, 200),
              "Cascami di pettinatura e cardatura di {f}",
              "{F} combing and carding waste", attrs="fibre"),
        *CLOTH,
    ],
    "silk": [
        offer(1.5, "waste", "waste", "040221", "kg", "month", 50, 2000, (30, 200),
              "Cascami di seta greggia",
              "Raw silk waste", attrs="fibre"),
        *CLOTH,
    ],
    "dyeing": [
        offer(3.0, "waste", "waste", "040220", "t", "year", 20, 800, (30, 200),
              "Fanghi di depurazione della tintoria",
              "Dyehouse effluent treatment sludge"),
        offer(0.3, "waste", "waste", "040219", "t", "year", 5, 200, (30, 300),
              "Fanghi di tintoria con sostanze pericolose",
              "Hazardous dyehouse sludge", hazardous=True),
        offer(0.8, "waste", "waste", "040217", "kg", "month", 20, 500, (30, 200),
              "Coloranti e paste da stampa esauste",
              "Spent dyes and printing pastes"),
        offer(0.5, "waste", "waste", "150110", "t", "year", 0.5, 10, (30, 200),
              "Fusti contaminati da prodotti chimici",
              "Drums contaminated by chemicals", hazardous=True),
        offer(2.0, "water", "product", "", "m3", "year", 5000, 200000, (2, 20),
              "Acqua di processo depurata dalla tintoria",
              "Treated dyehouse process water"),
        offer(1.5, "energy", "product", "", "MWh", "year", 300, 8000, (2, 15),
              "Calore dalle acque di scarico della tintoria",
              "Heat from dyehouse waste water"),
        *PACKAGING, *UTILITIES,
    ],
    "textile_recycling": [
        need(3.0, "waste", "waste", "", "t", "year", 50, 3000, (80, 300),
             "Ritiriamo ritagli e cascami di {f} per la cardatura",
             "We take {F} clips and waste for carding", attrs="fibre", accepted=TEXTILE_CODES),
        need(1.5, "waste", "waste", "", "t", "year", 100, 5000, (100, 400),
             "Scarti tessili misti per non tessuto e imbottiture",
             "Mixed textile waste for nonwovens and padding", accepted=TEXTILE_CODES[:5]),
        need(1.0, "by_product", "product", "040222", "t", "year", 20, 800, (50, 250),
             "Sfridi tessili come sottoprodotto per feltri",
             "Textile scraps as by-product for felts", attrs="fibre"),
        offer(1.5, "secondary_material", "end_of_waste", "", "t", "year", 50, 2000, (100, 500),
              "Lana rigenerata cardata {c}",
              "Carded recycled wool, {C}", attrs="fibre"),
        offer(0.8, "waste", "waste", "191212", "t", "year", 20, 500, (30, 150),
              "Scarti della selezione di stracci",
              "Rejects from rag sorting"),
        *PACKAGING,
    ],
    "packaging_recycling": [
        need(2.0, "waste", "waste", "", "t", "year", 200, 20000, (30, 120),
             "Ritiro carta e cartone da imballaggio",
             "Paper and cardboard packaging collection",
             accepted=("150101", "200101", "191201", "030308")),
        need(1.5, "waste", "waste", "", "t", "year", 100, 10000, (50, 200),
             "Recupero plastiche da imballaggio e sfridi",
             "Recovery of plastic packaging and scraps",
             accepted=("150102", "120105", "200139", "191204", "070213")),
        need(1.0, "waste", "waste", "", "t", "year", 50, 5000, (20, 80),
             "Ritiro pallet e legno da riparare",
             "Pallets and wood to repair or recycle",
             accepted=("150103", "170201", "191207", "200138")),
    ],
    "ceramics": [
        offer(2.0, "waste", "waste", "101201", "t", "year", 100, 5000, (10, 60),
              "Scarti crudi di impasto ceramico",
              "Unfired ceramic body scrap"),
        offer(2.0, "waste", "waste", "101208", "t", "year", 100, 8000, (10, 80),
              "Scarti cotti di piastrelle",
              "Fired tile scrap"),
        offer(1.5, "waste", "waste", "101213", "t", "year", 200, 6000, (10, 60),
              "Fanghi ceramici di levigatura e depurazione",
              "Ceramic polishing and effluent sludge"),
        offer(0.8, "waste", "waste", "101203", "t", "year", 20, 800, (10, 60),
              "Polveri di aspirazione ceramiche",
              "Ceramic extraction dust"),
        offer(0.5, "waste", "waste", "101212", "t", "year", 10, 300, (10, 60),
              "Scarti di smalto",
              "Glaze waste"),
        offer(1.0, "energy", "product", "", "MWh", "year", 1000, 20000, (2, 10),
              "Calore dai fumi dei forni",
              "Kiln exhaust heat"),
        need(2.0, "waste", "waste", "", "t", "year", 500, 20000, (10, 50),
             "Recuperiamo scarti ceramici nell'impasto",
             "We recycle ceramic scrap in the body mix",
             accepted=("101201", "101203", "101208", "101213", "101212")),
        need(0.8, "waste", "waste", "", "t", "year", 1000, 50000, (10, 40),
             "Inerti da scarti cotti per sottofondi",
             "Aggregates from fired scrap for road beds",
             accepted=("101208", "170101", "170102", "170103", "170107")),
        need(0.5, "secondary_material", "product", "101208", "t", "year", 200, 5000, (10, 80),
             "Chamotte da scarti cotti macinati",
             "Chamotte from ground fired scrap"),
        *PACKAGING, *UTILITIES,
    ],
    "tannery": [
        offer(2.0, "waste", "waste", "040108", "t", "year", 20, 2000, (20, 150),
              "Rasatura e rifili di cuoio conciato al cromo",
              "Chrome leather shavings and trimmings"),
        offer(1.5, "waste", "waste", "040107", "t", "year", 50, 3000, (20, 150),
              "Fanghi di depurazione della conceria",
              "Tannery effluent sludge"),
        offer(1.0, "waste", "waste", "040101", "t", "year", 50, 2000, (20, 100),
              "Carniccio da scarnatura",
              "Fleshings"),
        offer(0.8, "waste", "waste", "040109", "t", "year", 5, 300, (20, 150),
              "Ritagli di pelle finita",
              "Finished leather offcuts"),
        need(1.0, "waste", "waste", "", "t", "year", 200, 5000, (50, 250),
             "Rifili e rasatura di cuoio per pannelli di fibra",
             "Leather trimmings for fibreboard", accepted=("040108", "040109")),
        need(1.0, "waste", "waste", "", "t", "year", 500, 20000, (30, 150),
             "Carniccio e fanghi per fertilizzanti",
             "Fleshings and sludge for fertilisers", accepted=("040101", "040107", "020204")),
        *PACKAGING, *UTILITIES,
    ],
    "footwear": [
        offer(2.0, "waste", "waste", "040109", "t", "year", 2, 100, (20, 150),
              "Ritagli di pelle dal taglio tomaie",
              "Leather offcuts from upper cutting"),
        offer(1.5, "waste", "waste", "120105", "t", "year", 2, 80, (20, 150),
              "Sfridi di gomma e TPU da suole",
              "Rubber and TPU scraps from soles"),
        need(0.6, "secondary_material", "product", "120105", "t", "year", 10, 300, (30, 200),
             "Granulo di gomma rigenerata",
             "Recycled rubber granulate"),
        *PACKAGING, *UTILITIES,
    ],
    "furniture": [
        offer(2.0, "waste", "waste", "030105", "t", "year", 10, 1000, (20, 100),
              "Segatura e trucioli di legno",
              "Sawdust and wood shavings"),
        offer(1.5, "by_product", "by_product", "030105", "t", "year", 10, 800, (20, 120),
              "Segatura di legno vergine come sottoprodotto",
              "Virgin wood sawdust as by-product"),
        offer(0.5, "waste", "waste", "080112", "t", "year", 1, 30, (30, 200),
              "Vernici di scarto",
              "Waste paint"),
        need(1.0, "waste", "waste", "", "t", "year", 500, 30000, (50, 250),
             "Legno post-consumo e sfridi per pannelli truciolari",
             "Post-consumer wood and offcuts for chipboard",
             accepted=("030105", "150103", "170201", "191207", "200138", "030101")),
        need(0.8, "secondary_material", "product", "030105", "t", "year", 200, 5000, (30, 150),
             "Segatura come sottoprodotto per pellet",
             "Sawdust as by-product for pellets"),
        *PACKAGING, *UTILITIES,
    ],
    "metal": [
        offer(2.0, "waste", "waste", "120101", "t", "year", 5, 500, (20, 150),
              "Trucioli e tornitura di acciaio",
              "Steel swarf and turnings"),
        offer(1.5, "waste", "waste", "120103", "t", "year", 2, 200, (20, 200),
              "Trucioli di ottone e alluminio",
              "Brass and aluminium swarf"),
        offer(0.7, "waste", "waste", "120109", "t", "year", 2, 100, (30, 200),
              "Emulsioni oleose esauste da lavorazione",
              "Spent machining emulsions", hazardous=True),
        offer(0.5, "waste", "waste", "150104", "t", "year", 1, 20, (20, 100),
              "Fusti metallici vuoti",
              "Empty metal drums"),
        need(1.0, "waste", "waste", "", "t", "year", 1000, 50000, (50, 250),
             "Rottami e trucioli metallici per fonderia",
             "Metal scrap and swarf for the foundry",
             accepted=("120101", "120102", "120103", "170405", "191202", "191203", "150104")),
        need(0.6, "waste", "waste", "", "t", "year", 500, 20000, (50, 300),
             "Trattamento rifiuti pericolosi liquidi",
             "Treatment of hazardous liquid waste",
             accepted=("120109", "150110", "040219", "080111", "130205", "150202"), accepts_hazardous=True),
        *PACKAGING, *UTILITIES,
    ],
    "services": [
        offer(1.0, "logistics", "product", "", "t", "year", 100, 5000, (30, 300),
              "Capacità di trasporto camion in ritorno",
              "Return-load truck capacity"),
        offer(0.6, "space", "product", "", "m2", "once", 200, 5000, (10, 50),
              "Capannone disponibile per stoccaggio",
              "Shed available for storage"),
        offer(0.4, "skills", "product", "", "h", "year", 100, 2000, (10, 80),
              "Manutenzione macchinari tessili e industriali",
              "Maintenance of textile and industrial machines"),
        need(0.6, "logistics", "product", "", "t", "year", 50, 3000, (30, 300),
             "Trasporto di balle e sacchi verso i riciclatori",
             "Transport of bales and bags to recyclers"),
        need(0.4, "space", "product", "", "m2", "once", 100, 2000, (10, 50),
             "Spazio per stoccare materiali di recupero",
             "Space to store recovered materials"),
        *PACKAGING,
    ],
}
# fmt: on

FIBRES = [
    ("cotone", "cotton", 5),
    ("lana", "wool", 5),
    ("poliestere", "polyester", 3),
    ("viscosa", "viscose", 2),
    ("cashmere", "cashmere", 1),
    ("seta", "silk", 1),
    ("lino", "linen", 1),
    ("poliammide", "polyamide", 1),
    ("acrilico", "acrylic", 1),
    ("cotone ed elastan", "cotton and elastane", 1),
    ("lana e poliammide", "wool and polyamide", 1),
]
COLOURS = [
    ("bianco", "white", 3),
    ("nero", "black", 3),
    ("blu", "blue", 2),
    ("grigio", "grey", 2),
    ("rosso", "red", 1),
    ("colori misti", "mixed colours", 3),
    ("greggio", "undyed", 2),
    ("beige", "beige", 1),
]
CONSTRUCTIONS = [("maglia", "knitted", 3), ("tessuto", "woven", 3)]
SUFFIXES = [
    ("", "", 6),
    (" in balle", " in bales", 1),
    (" in sacchi", " in bags", 1),
    (" selezionati per colore", " sorted by colour", 1),
    (" da taglio capi", " from garment cutting", 1),
    (" puliti", " clean", 1),
    (" ritiro mensile", " monthly pick-up", 1),
]
