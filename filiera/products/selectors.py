"""Reads behind the product pages: a firm's products, and the sites a step may name.

A step names the site doing the work, chosen among the sites the firm may know: its own sites;
every site of a supplier in its chain that shares its sites with it (``Consent.sites``); and the
site the firm itself recorded on a relation with one of its direct suppliers, when that supplier
shares anything with it. A firm outside the chain, or a supplier that shares nothing (or only
its grade, for its other sites), is never offered: what a supplier shares is read fresh on every
call, so revoking takes effect at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import get_language

from filiera.chains import facts as chain_facts
from filiera.chains.access import consents_to
from filiera.footprint.models import FootprintResult
from filiera.products import fibres
from filiera.products.models import (
    Batch,
    BatchEvent,
    Component,
    Product,
    ProductImage,
    ProductMaterial,
    ProductStep,
    Substance,
)
from filiera.registry import countries
from filiera.registry.models import Firm, Process, Site


def step_site_choices(brand: Firm) -> QuerySet[Site]:
    """The sites a step of ``brand``'s products may name: its own first, then by firm and name."""
    links = chain_facts.chain_graph(brand.pk).reachable(brand.pk)
    suppliers = {link.supplier for link in links} - {brand.pk}
    sharing = consents_to(brand.pk, suppliers) if suppliers else {}
    with_sites = [firm_id for firm_id, consent in sharing.items() if consent.sites]
    recorded = {
        link.site
        for link in links
        if link.client == brand.pk and link.site is not None and link.supplier in sharing
    }
    wanted = Q(firm_id=brand.pk) | Q(firm_id__in=with_sites)
    if recorded:
        wanted |= Q(pk__in=sorted(recorded), firm_id__in=list(sharing))
    return (
        Site.objects.filter(wanted)
        .select_related("firm", "municipality")
        .annotate(
            own=Case(When(firm_id=brand.pk, then=Value(0)), default=1, output_field=IntegerField())
        )
        .order_by("own", "firm__legal_name", "name", "id")
    )


def site_label(site: Site) -> str:
    """“site name — firm — country”, as the step's choice shows it."""
    return f"{site.name} — {site.firm.legal_name} — {countries.name(site.country)}"


def products_of(brand: Firm) -> QuerySet[Product]:
    """The firm's products with their stored footprint (one query)."""
    return Product.objects.filter(brand=brand).select_related("footprint").order_by("name", "id")


def product_of(brand: Firm, product_id: int) -> Product | None:
    return Product.objects.filter(brand=brand, pk=product_id).select_related("brand").first()


def footprint_of(product: Product) -> FootprintResult | None:
    """The stored footprint result, read fresh, or None (none computed yet, or the inputs are
    not complete)."""
    return FootprintResult.objects.filter(product=product).first()


def composition(product: Product) -> list[ProductMaterial]:
    return list(product.materials.order_by("-share", "id"))


FOOTPRINT_STAGES = tuple(
    (stage, label) for stage, label in ProductStep.Stage.choices if stage != "other"
)


@dataclass
class StepRow:
    """One step of a product as its page shows it."""

    stage: str
    label: str
    step: ProductStep | None
    site: Site | None  # only when the site is still one the firm may name
    hidden_site: bool  # a site is recorded but is no longer shared with the firm
    country: str  # the country the footprint uses ("" unknown)

    @property
    def country_name(self) -> str:
        return countries.name(self.country) if self.country else ""

    @property
    def process(self) -> Process | None:
        return self.step.process if self.step is not None and self.step.process_id else None

    @property
    def started_on(self) -> datetime.date | None:
        return self.step.started_on if self.step is not None else None

    @property
    def finished_on(self) -> datetime.date | None:
        return self.step.finished_on if self.step is not None else None


def _step_row(
    stage: str, label: str, step: ProductStep | None, allowed_site_ids: set[int]
) -> StepRow:
    site = step.site if step is not None and step.site_id else None
    shown = site if site is not None and site.pk in allowed_site_ids else None
    return StepRow(
        stage=stage,
        label=label,
        step=step,
        site=shown,
        hidden_site=site is not None and shown is None,
        country=step.effective_country if step is not None else "",
    )


def other_steps(product: Product) -> list[ProductStep]:
    """The product's other steps (not the four stages), by date, undated last."""
    steps = product.steps.filter(stage=ProductStep.Stage.OTHER).select_related(
        "site__firm", "site__municipality", "process"
    )
    return sorted(steps, key=lambda s: (s.started_on is None, s.started_on or 0, s.pk))


def step_rows(product: Product, allowed_site_ids: set[int] | None = None) -> list[StepRow]:
    """One row per stage of the footprint method, in the chain's order, then one per other
    step; a site only when it may be shown."""
    if allowed_site_ids is None:
        allowed_site_ids = set(step_site_choices(product.brand).values_list("id", flat=True))
    steps = {
        s.stage: s
        for s in product.steps.exclude(stage=ProductStep.Stage.OTHER).select_related(
            "site__firm", "site__municipality", "process"
        )
    }
    rows = [
        _step_row(stage, str(label), steps.get(stage), allowed_site_ids)
        for stage, label in FOOTPRINT_STAGES
    ]
    for step in other_steps(product):
        label = step.process.name if step.process_id and step.process else str(step)
        rows.append(_step_row(step.stage, label, step, allowed_site_ids))
    return rows


# The label and the passport data -------------------------------------------------------------


@dataclass
class FibreLine:
    key: str
    name: str  # the EU name in the current language
    percent: Decimal


@dataclass
class ComponentView:
    component: Component
    name: str  # in the current language (Italian when there is no English name)
    fibres: list[FibreLine]


def _english() -> bool:
    return (get_language() or "it").startswith("en")


def label_composition(product: Product) -> list[ComponentView]:
    """The fibre composition by component, with the EU fibre names in the current language."""
    english = _english()
    result = []
    for component in product.components.prefetch_related("fibres"):
        name = component.name_en if english and component.name_en else component.name
        lines = [
            FibreLine(f.fibre, fibres.name(f.fibre), f.percent) for f in component.fibres.all()
        ]
        result.append(ComponentView(component, name, lines))
    return result


def substances_of(product: Product) -> list[Substance]:
    return list(product.substances.all())


def images_of(product: Product) -> list[ProductImage]:
    return list(product.images.all())


def batches_of(product: Product) -> QuerySet[Batch]:
    """The product's batches, newest first, with their events and the events' steps."""
    return product.batches.prefetch_related(
        Prefetch(
            "events",
            queryset=BatchEvent.objects.select_related("step__process", "step__site"),
        )
    ).order_by(F("produced_on").desc(nulls_last=True), "lot", "id")


def wearer_text(product: Product, name: str) -> str:
    """One of the texts for the wearer (care, durability, end_of_life) in the current language,
    the Italian one when there is no English text."""
    italian = getattr(product, name)
    english = getattr(product, f"{name}_en")
    return english if _english() and english else italian
