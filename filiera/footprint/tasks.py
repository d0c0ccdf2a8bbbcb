"""Background tasks of the footprint. Tasks take primary keys and are idempotent: a product
whose inputs did not change is left as it is."""

from __future__ import annotations

from django.tasks import task


def _refresh(product_ids) -> int:
    from filiera.footprint.services import refresh_footprint
    from filiera.products.models import Product

    count = 0
    for product in Product.objects.filter(pk__in=list(product_ids)).select_related("brand"):
        refresh_footprint(product)
        count += 1
    return count


@task
def refresh_site_products(site_id: int) -> int:
    """Compute again the footprint of every product with a step at the site."""
    from filiera.products.models import ProductStep

    ids = ProductStep.objects.filter(site_id=site_id).values_list("product_id", flat=True)
    return _refresh(set(ids))


@task
def refresh_products(product_ids: list[int]) -> int:
    """Compute again the footprint of these products (those still there)."""
    return _refresh(product_ids)
