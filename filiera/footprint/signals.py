"""Recompute the footprint of products whose inputs change outside the product's own pages.

A site's country decides the zone of every product step done there: when it changes, the
products with a step at that site are computed again in the background. A deleted site leaves
its steps without a site, so those products are computed again too, once the deletion is
committed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


def _product_ids_at(site_id: int) -> list[int]:
    from filiera.products.models import ProductStep

    return sorted(
        set(ProductStep.objects.filter(site_id=site_id).values_list("product_id", flat=True))
    )


def site_before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    """Remember the country the site had, to compare after the save."""
    if raw or instance.pk is None:
        instance._footprint_old_country = None
        return
    instance._footprint_old_country = (
        sender.objects.filter(pk=instance.pk).values_list("country", flat=True).first()
    )


def site_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or created:
        return
    old = getattr(instance, "_footprint_old_country", None)
    if old is None or old == instance.country:
        return
    if not _product_ids_at(instance.pk):
        return
    from filiera.footprint.tasks import refresh_site_products

    refresh_site_products.enqueue(instance.pk)


def site_before_delete(sender, instance, **kwargs) -> None:
    instance._footprint_products = _product_ids_at(instance.pk)


def site_deleted(sender, instance, **kwargs) -> None:
    product_ids = getattr(instance, "_footprint_products", None)
    if not product_ids:
        return
    from filiera.footprint.tasks import refresh_products

    # After the commit: a firm's deletion may remove these products in the same transaction.
    transaction.on_commit(lambda: refresh_products.enqueue(product_ids))


def connect() -> None:
    """Wired in ``FootprintConfig.ready``."""
    from filiera.registry.models import Site

    pre_save.connect(site_before_save, sender=Site, dispatch_uid="footprint_site_before_save")
    post_save.connect(site_saved, sender=Site, dispatch_uid="footprint_site_saved")
    pre_delete.connect(site_before_delete, sender=Site, dispatch_uid="footprint_site_before_del")
    post_delete.connect(site_deleted, sender=Site, dispatch_uid="footprint_site_deleted")
