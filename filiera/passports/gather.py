"""From the database to the UNTP builders' plain data, deciding what a passport may say.

The signed passport is public, so it carries only the public tier:

- a supplier's firm and site are named only when the firm consented (see ``gather_sites``);
  otherwise a step shows its process, the Filiera facility id of the site and its country;
- substances of concern by name only (their numbers, concentration and place are value-chain
  data, shown on the pages to those allowed);
- batch events as dates and steps, without quantities.

Texts of credentials are in English, falling back to the Italian text where a firm wrote none.
The readers use a product's related rows through ``.all()``, so a caller that prefetched them
(``PRODUCT_PREFETCH``) issues many passports without a query per product.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import translation

from filiera.footprint import engine as footprint_engine
from filiera.footprint.models import FootprintResult
from filiera.footprint.services import fresh_footprint
from filiera.passports.engine import untp
from filiera.passports.engine.untp_data import (
    Component,
    Event,
    Fibre,
    Footprint,
    Link,
    Party,
    ProductPassportData,
    Qualification,
    Standard,
    Step,
)
from filiera.passports.gather_sites import (
    SiteFacts,
    credential_url,
    english,
    facility_of,
    firm_party,
    qualification,
    site_url,
)
from filiera.products import fibres
from filiera.products.models import Batch, Product, ProductStep

IMAGE_LINK_TYPE = "https://schema.org/ImageObject"
STAGE_ORDER = {"spinning": 0, "fabric": 1, "dyeing": 2, "other": 3, "making": 4}
STEPS = ProductStep.objects.select_related(
    "site__firm", "site__municipality", "process"
).prefetch_related("site__processes")
PRODUCT_PREFETCH = (
    "components__fibres",
    Prefetch("steps", queryset=STEPS),
    "images",
    "substances",
)


# The passport ------------------------------------------------------------------------------


def ordered(steps: list[ProductStep]) -> list[ProductStep]:
    """Steps in the order of the chain: by start date when every step has one, else spinning,
    weaving or knitting, dyeing, other steps, making. Passports number their steps in this
    order (the passport page's anchors ``#step-1``, ``#step-2``…)."""
    if all(step.started_on for step in steps):
        return sorted(steps, key=lambda s: (s.started_on, STAGE_ORDER.get(s.stage, 3), s.pk))
    return sorted(
        steps, key=lambda s: (STAGE_ORDER.get(s.stage, 3), s.started_on or date.min, s.pk)
    )


def ordered_steps(product: Product) -> list[ProductStep]:
    """The product's steps, with their sites, firms and processes, in the order of the chain."""
    return ordered(list(STEPS.filter(product=product)))


def step_name(step: ProductStep) -> str:
    if step.process is not None:
        return step.process.name_en
    with translation.override("en"):
        return str(step.get_stage_display())


def footprint_of(stored: FootprintResult | None) -> Footprint | None:
    """The footprint claim's data from a stored result (None: no footprint claim)."""
    if stored is None:
        return None
    method = Standard(
        footprint_engine.SOURCE_URL,
        f"Ecobalyse textile method v{stored.version}",
        Party(footprint_engine.SOURCE_URL, footprint_engine.ATTRIBUTION),
    )
    return Footprint(
        score=stored.ecs,
        unit=footprint_engine.UNIT,
        method=method,
        version=stored.version,
        computed_on=stored.computed_at.date(),
        licence=footprint_engine.LICENCE,
    )


def current_footprint(product: Product) -> Footprint | None:
    """The product's footprint, computed again first when its inputs changed."""
    return footprint_of(fresh_footprint(product))


def label_components(product: Product) -> list:
    """The product's label components with their fibres (prefetched or read now)."""
    return list(product.components.all())


def _components(components: list) -> tuple[Component, ...]:
    known = fibres.fibres()
    result = []
    for component in components:
        shares = []
        for share in component.fibres.all():
            fibre = known.get(share.fibre)
            if fibre is not None:
                shares.append(Fibre(fibre.key, fibre.number, fibre.name_en, float(share.percent)))
        result.append(Component(english(component.name, component.name_en), tuple(shares)))
    return tuple(result)


def _image(product: Product) -> Link | None:
    image = next(iter(product.images.all()), None)
    if image is None or not image.image:
        return None
    return Link(site_url(image.image.url), english(image.alt, image.alt_en), IMAGE_LINK_TYPE)


def _percent(value) -> float | None:
    return float(value) if value is not None else None


def passport_data(
    product: Product,
    *,
    granularity: str,
    product_id: str,
    page_url: str,
    batch: Batch | None = None,
    serial: str = "",
    steps: list[ProductStep],
    facts: dict[int, SiteFacts],
    dccs: dict[int, Any],
    dfrs: dict[int, Any],
    components: list,
    footprint: Footprint | None,
) -> ProductPassportData:
    """The public passport of ``product`` (its model, a batch or an item)."""
    events: dict[int, list[Event]] = {}
    if batch is not None:
        for event in batch.events.all():
            events.setdefault(event.step_id, []).append(event)  # type: ignore[arg-type]
    step_data: list[Step] = []
    qualifications: list[Qualification] = []
    made_at: Step | None = None
    seen_sites: set[int] = set()
    for step in steps:
        name = step_name(step)
        site = step.site
        site_facts_ = facts.get(site.pk) if site is not None else None
        named = bool(site_facts_ and site_facts_.named)
        dfr = dfrs.get(site.pk) if site is not None else None
        built = Step(
            process=name,
            country=step.effective_country,
            facility_id=site.facility_id if site else "",
            facility_url=facility_of(site).id if site else "",
            facility_name=site.name if site and named else "",
            operator=site.firm.legal_name if site and named else "",
            started_on=step.started_on,
            finished_on=step.finished_on,
            facility_record=Link(
                credential_url(dfr),
                f"Facility record {site.facility_id} ({site.country})",
                untp.LINK_DFR,
                dfr.etag,
            )
            if site is not None and dfr is not None
            else None,
            events=tuple(
                Event(e.occurred_on, f"{page_url}#events", f"{e.occurred_on.isoformat()}: {name}")
                for e in events.get(step.pk, [])
            ),
        )
        step_data.append(built)
        if step.stage == ProductStep.Stage.MAKING and site is not None:
            made_at = built
        if site is not None and site_facts_ is not None and site.pk not in seen_sites:
            seen_sites.add(site.pk)
            claim_id = untp.part_id(product_id, f"qualification-{site.facility_id}")
            found = qualification(site_facts_, dccs.get(site.pk), claim_id, name)
            if found is not None:
                qualifications.append(found)
    making = next((s for s in steps if s.stage == ProductStep.Stage.MAKING), None)
    with translation.override("en"):
        category = str(product.get_category_display()) if product.category else ""
    return ProductPassportData(
        granularity=granularity,
        product_id=product_id,
        name=english(product.name, product.name_en),
        mass_kg=float(product.mass_kg),
        page_url=page_url,
        description=english(product.description, product.description_en),
        gtin=product.gtin,
        batch_number=batch.lot if batch is not None else "",
        serial_number=serial,
        commodity_code=product.commodity_code,
        category=category,
        producer=firm_party(product.brand),
        produced_at=made_at,
        production_date=batch.produced_on if batch is not None else None,
        country_of_production=making.effective_country if making else "",
        image=_image(product),
        further_information=(Link(page_url, "Product passport", untp.GS1_PIP),),
        components=_components(components if components is not None else label_components(product)),
        recycled_pre_consumer=_percent(product.recycled_pre_consumer),
        recycled_post_consumer=_percent(product.recycled_post_consumer),
        substances=tuple(substance.name for substance in product.substances.all()),
        footprint=footprint,
        steps=tuple(step_data),
        qualifications=tuple(qualifications),
        care=english(product.care, product.care_en),
        durability=english(product.durability, product.durability_en),
        end_of_life=english(product.end_of_life, product.end_of_life_en),
    )
