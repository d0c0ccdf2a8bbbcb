"""Reads behind the product pages: a firm's products, and the sites a step may name.

A step names the site doing the work, chosen among the sites the firm may know: its own sites;
every site of a supplier in its chain that shares its sites with it (``Consent.sites``); and the
site the firm itself recorded on a relation with one of its direct suppliers, when that supplier
shares anything with it. A firm outside the chain, or a supplier that shares nothing (or only
its grade, for its other sites), is never offered: what a supplier shares is read fresh on every
call, so revoking takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from filiera.chains import facts as chain_facts
from filiera.chains.access import consents_to
from filiera.footprint.models import FootprintResult
from filiera.products.models import Product, ProductMaterial, ProductStep
from filiera.registry import countries
from filiera.registry.models import Firm, Site


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


def step_rows(product: Product, allowed_site_ids: set[int] | None = None) -> list[StepRow]:
    """One row per stage, in the chain's order, with the site only when it may be shown."""
    if allowed_site_ids is None:
        allowed_site_ids = set(step_site_choices(product.brand).values_list("id", flat=True))
    steps = {s.stage: s for s in product.steps.select_related("site__firm", "site__municipality")}
    rows = []
    for stage, label in ProductStep.Stage.choices:
        step = steps.get(stage)
        site = step.site if step is not None and step.site_id else None
        shown = site if site is not None and site.pk in allowed_site_ids else None
        rows.append(
            StepRow(
                stage=stage,
                label=str(label),
                step=step,
                site=shown,
                hidden_site=site is not None and shown is None,
                country=step.effective_country if step is not None else "",
            )
        )
    return rows
