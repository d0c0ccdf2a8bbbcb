"""Demo products of the demo brand (the ``brand`` login's firm), after the demo supply chains.

``write(district, seed=…)`` writes the chains (``filiera.chains.demo_writer``), then four
products of the lead brand through the product services, so each gets its footprint: a cotton
T-shirt spun in the Bergamo valleys, knitted, dyed and made in the Carpi district; a merino
wool jumper spun at a mill of the chain (in Prato when the chain has a Prato mill sharing its
sites, else in Biella) and knitted in the district; jeans woven and dyed in Turkey and made in
the district; a printed recycled polyester swimsuit. Each step names a site of the brand's
chain that shares its sites with the brand, found by the processes the site performs; when the
chain has none, the step names only the country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from filiera.chains import demo_writer as chains_writer
from filiera.products import services
from filiera.products.models import Product
from filiera.products.selectors import step_site_choices
from filiera.registry.models import District, Firm, FirmMembership, Site

PRATO = "PO"  # the province of Prato (carded wool)
BERGAMO = "BG"  # the province of the cotton spinning mills


@dataclass(frozen=True)
class Step:
    stage: str
    processes: tuple[str, ...]  # a site doing one of these (first found wins)
    country: str  # when no such site is in the chain
    province: str = ""  # prefer a site in this province
    district: bool = False  # prefer a site in the district


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
            Step("spinning", ("YN.SPIN_COMBED",), "IT", province=BERGAMO),
            Step("fabric", ("FF.KNIT_WEFT",), "IT", district=True),
            Step("dyeing", ("MU.GARMENT_DYEING", "WP.FABRIC_DYEING"), "IT", district=True),
            Step("making", ("MU.SEWING", "MU.KNIT_TO_SHAPE"), "IT", district=True),
        ),
        {
            "fabric_process": "knitting-circular",
            "price_eur": Decimal("29.00"),
            "catalogue_references": 180,
        },
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
            Step("spinning", ("YN.SPIN_CARDED", "YN.SPIN_COMBED"), "IT", province=PRATO),
            Step("fabric", ("MU.KNIT_TO_SHAPE",), "IT", district=True),
            Step("dyeing", ("YN.YARN_DYEING", "FP.FIBRE_DYEING"), "IT", province=PRATO),
            Step("making", ("MU.KNIT_TO_SHAPE", "MU.SEWING"), "IT", district=True),
        ),
        {
            "fabric_process": "knitting-fully-fashioned",
            "making_complexity": "medium",
            "price_eur": Decimal("129.00"),
            "catalogue_references": 180,
            "repair_service": True,
        },
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
            Step("spinning", (), "TR"),
            Step("fabric", (), "TR"),
            Step("dyeing", (), "TR"),
            Step("making", ("MU.SEWING",), "IT", district=True),
        ),
        {
            "fabric_process": "weaving",
            "fading": True,
            "price_eur": Decimal("89.00"),
            "catalogue_references": 180,
        },
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
            Step("spinning", (), "CN"),
            Step("fabric", ("FF.KNIT_WARP", "FF.KNIT_WEFT"), "IT"),
            Step("dyeing", ("WP.PRINTING", "WP.FABRIC_DYEING"), "IT"),
            Step("making", ("MU.SEWING",), "IT", district=True),
        ),
        {
            "fabric_process": "knitting-circular",
            "printing": "pigment",
            "printing_ratio": Decimal("0.6"),
            "price_eur": Decimal("59.00"),
            "catalogue_references": 180,
        },
    ),
)


def lead_brand(district: District) -> Firm | None:
    """The demo brand login's firm in the district, else the district's first brand."""
    membership = (
        FirmMembership.objects.filter(user__username="brand", firm__districts=district)
        .select_related("firm")
        .order_by("firm_id")
        .first()
    )
    if membership is not None:
        return membership.firm
    return Firm.objects.filter(districts=district, role=Firm.Role.BRAND).order_by("id").first()


def pick_site(sites: Sequence[Site], step: Step, in_district: set[str]) -> Site | None:
    """The best site of the chain for a step: doing one of its processes (in that order),
    in the preferred province or district first."""
    for code in step.processes:
        doing = [s for s in sites if code in s.codes]  # type: ignore[attr-defined]
        if not doing:
            continue

        def rank(site: Site) -> tuple[int, int, int]:
            province = site.municipality.province if site.municipality else ""
            return (
                0 if step.province and province == step.province else 1,
                0 if step.district and site.municipality_id in in_district else 1,
                site.pk,
            )

        return min(doing, key=rank)
    return None


def write_products(district: District) -> int:
    """The demo products of the lead brand (those already there are left as they are)."""
    brand = lead_brand(district)
    if brand is None:
        return 0
    sites = list(step_site_choices(brand).prefetch_related("processes"))
    for site in sites:
        site.codes = {p.code for p in site.processes.all()}  # type: ignore[attr-defined]
    in_district = set(district.municipalities.values_list("istat_code", flat=True))
    existing = set(Product.objects.filter(brand=brand).values_list("model_code", flat=True))
    written = 0
    for spec in PRODUCTS:
        if spec.model_code in existing:
            continue
        product = services.create_product(
            None,
            brand,
            name=spec.name,
            name_en=spec.name_en,
            description=spec.description,
            description_en=spec.description_en,
            model_code=spec.model_code,
            category=spec.category,
            mass_kg=Decimal(spec.mass_kg),
            **spec.extra,
        )
        services.set_composition(None, product, list(spec.materials))
        rows = []
        for step in spec.steps:
            chosen = pick_site(sites, step, in_district)
            rows.append((step.stage, chosen, "" if chosen else step.country))
        services.set_steps(None, product, rows)
        written += 1
    return written


@transaction.atomic
def write(district: District, *, seed: int = 1) -> dict[str, int]:
    """The demo chains of the district's brands, then the lead brand's demo products."""
    result = chains_writer.write(district, seed=seed)
    result["products"] = write_products(district)
    return result
