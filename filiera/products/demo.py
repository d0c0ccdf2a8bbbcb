"""Demo products of the demo brand (the ``brand`` login's firm), after the demo supply chains.

``write(district, seed=…)`` writes the chains (``filiera.chains.demo_writer``), then four
products of the lead brand through the product services, so each gets its footprint: a cotton
T-shirt spun in the Bergamo valleys, knitted, dyed and made in the Carpi district; a merino
wool jumper spun at a mill of the chain (in Prato when the chain has a Prato mill sharing its
sites, else in Biella) and knitted in the district; jeans woven and dyed in Turkey and made in
the district; a printed recycled polyester swimsuit. Each step names a site of the brand's
chain that shares its sites with the brand, found by the processes the site performs; when the
chain has none, the step names only the country.

This module is the one place for the demo products' data: besides the footprint inputs, each
product gets a GTIN, a customs commodity code, a label composition by component with EU fibre
names, care, durability and end-of-life texts in Italian and English, the process and dates of
each step (and other steps: quality control for the T-shirt, stone washing for the jeans); the
swimsuit its recycled content; the T-shirt a batch (lot with a serial range) with a
traceability event at each step. The passport demo only issues passports for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from filiera.chains import demo_writer as chains_writer
from filiera.products import services
from filiera.products.demo_data import PRODUCTS, DemoBatch, Step
from filiera.products.models import Product
from filiera.products.selectors import step_site_choices
from filiera.registry.models import District, Firm, FirmMembership, Site


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


def step_process(step: Step, site: Site | None) -> str:
    """The process a step records: the one given, else the one the chosen site does."""
    if step.process:
        return step.process
    codes: set[str] = getattr(site, "codes", set()) if site is not None else set()
    return next((code for code in step.processes if code in codes), "") or (
        step.processes[0] if step.processes else ""
    )


def write_batch(product: Product, spec: DemoBatch) -> None:
    batch = services.create_batch(
        None,
        product,
        lot=spec.lot,
        serial_first=spec.serials[0],
        serial_last=spec.serials[1],
        produced_on=spec.produced_on,
        quantity=spec.quantity,
    )
    steps = list(product.steps.all())
    for event in spec.events:
        step = next(
            (s for s in steps if s.stage == event.stage or s.process_id == event.stage), None
        )
        if step is None:
            continue
        services.add_batch_event(
            None,
            batch,
            step=step,
            occurred_on=event.date,
            quantity=event.quantity,
            note=event.note,
        )


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
    taken = set(
        Product.objects.filter(gtin__in=[spec.gtin for spec in PRODUCTS if spec.gtin]).values_list(
            "gtin", flat=True
        )
    )
    written = 0
    for spec in PRODUCTS:
        if spec.model_code in existing:
            continue
        gtin = spec.gtin if spec.gtin and spec.gtin.zfill(14) not in taken else ""
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
            gtin=gtin,
            commodity_code=spec.commodity_code,
            **spec.texts,
            **spec.extra,
        )
        services.set_composition(None, product, list(spec.materials))
        if spec.label:
            services.set_components(None, product, list(spec.label))
        rows = []
        for step in spec.steps:
            chosen = pick_site(sites, step, in_district)
            rows.append(
                {
                    "stage": step.stage,
                    "site": chosen,
                    "country": "" if chosen else step.country,
                    "process": step_process(step, chosen) or None,
                    "started_on": step.dates[0] or None,
                    "finished_on": step.dates[1] or None,
                }
            )
        services.set_steps(None, product, rows)
        if spec.batch is not None:
            write_batch(product, spec.batch)
        written += 1
    return written


@transaction.atomic
def write(district: District, *, seed: int = 1) -> dict[str, int]:
    """The demo chains of the district's brands, then the lead brand's demo products."""
    result = chains_writer.write(district, seed=seed)
    result["products"] = write_products(district)
    return result
