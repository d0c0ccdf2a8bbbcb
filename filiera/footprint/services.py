"""Storing a product's footprint: computed from its current inputs, kept with them, computed
again only when the inputs or the method version change."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.core import audit
from filiera.footprint import engine
from filiera.footprint.models import FootprintResult
from filiera.footprint.product_query import query_for
from filiera.products.models import Product, ProductMaterial

# What a person calls the query fields the method may complain about.
FIELD_NAMES = {
    "product": gettext_lazy("category"),
    "mass": gettext_lazy("mass (kg)"),
    "materials": gettext_lazy("composition"),
    "countrySpinning": gettext_lazy("country of spinning"),
    "countryFabric": gettext_lazy("country of weaving / knitting"),
    "countryDyeing": gettext_lazy("country of dyeing"),
    "countryMaking": gettext_lazy("country of making"),
    "printing": gettext_lazy("printing"),
    "price": gettext_lazy("retail price (€)"),
    "numberOfReferences": gettext_lazy("references in the catalogue"),
}
AUDITED = ["ecs", "version", "query_hash"]


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def query_hash(query: dict[str, Any]) -> str:
    """What a stored result was computed from: the query and the method's version."""
    text = canonical_json(query) + "|" + engine.METHOD + "|" + engine.VERSION
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _input_problem(product: Product) -> str | None:
    """Why the product's own data are not enough yet, before asking the method."""
    shares = list(ProductMaterial.objects.filter(product=product).values_list("share", flat=True))
    if not shares:
        return _("Add the composition: the footprint needs at least one material.")
    if len(shares) > engine.MAX_MATERIALS:
        return _(
            "The footprint method takes at most %(max)s materials; this product has %(count)s. "
            "Group the smallest ones with a similar material."
        ) % {"max": engine.MAX_MATERIALS, "count": len(shares)}
    total = sum(shares, Decimal(0))
    if total != 100:
        return _("The composition adds up to %(total)s %%, not 100 %%: correct the shares.") % {
            "total": number_format(total.normalize())
        }
    return None


def _method_problem(err: engine.QueryError) -> str:
    root = err.field.split("[", 1)[0].split(".", 1)[0]
    return _("The footprint cannot be computed: %(field)s: %(message)s") % {
        "field": FIELD_NAMES.get(root, err.field),
        "message": err.message,
    }


def current(product: Product) -> FootprintResult | None:
    return FootprintResult.objects.filter(product=product).first()


def is_fresh(stored: FootprintResult | None, query: dict[str, Any]) -> bool:
    return stored is not None and stored.query_hash == query_hash(query)


def footprint_problem(product: Product) -> str | None:
    """Why the footprint of ``product`` cannot be computed, in plain words; None when it can."""
    problem = _input_problem(product)
    if problem:
        return problem
    query = query_for(product)
    if is_fresh(current(product), query):
        return None
    try:
        engine.validate(query)
    except engine.QueryError as err:
        return _method_problem(err)
    return None


def _drop(actor, stored: FootprintResult | None, product: Product) -> None:
    if stored is None:
        return
    audit.record(
        actor,
        "delete",
        stored,
        changes={"ecs": [stored.ecs, None], "version": [stored.version, None]},
        firm_id=product.brand_id,
    )
    stored.delete()


def refresh_footprint(
    product: Product, *, force: bool = False, actor=None
) -> FootprintResult | None:
    """Compute and store the footprint of ``product`` when its inputs changed (or ``force``).

    Returns the stored result, or None when the product cannot be computed yet; then any stored
    result, now stale, is deleted. Audited only when the stored result changes.
    """
    with transaction.atomic():
        stored = FootprintResult.objects.select_for_update().filter(product=product).first()
        if _input_problem(product):
            _drop(actor, stored, product)
            return None
        query = query_for(product)
        digest = query_hash(query)
        if stored is not None and stored.query_hash == digest and not force:
            return stored
        try:
            result = engine.compute(query, detail=True)
        except engine.QueryError:
            _drop(actor, stored, product)
            return None
        if stored is not None and stored.query_hash == digest and stored.result == result:
            return stored  # forced, and nothing changed
        before = audit.snapshot(stored, AUDITED) if stored else {}
        if stored is None:
            stored = FootprintResult(product=product)
        stored.method = engine.METHOD
        stored.version = engine.VERSION
        stored.query = query
        stored.query_hash = digest
        stored.ecs = float(result["ecs"])
        stored.result = result
        stored.computed_at = timezone.now()
        stored.save()
        changes = audit.diff(before, audit.snapshot(stored, AUDITED)) or {
            "result": [None, "computed again"]
        }
        audit.record(
            actor,
            "update" if before else "create",
            stored,
            changes=changes,
            firm_id=product.brand_id,
        )
        return stored


def fresh_footprint(product: Product) -> FootprintResult | None:
    """The stored result, computed again first when it no longer matches the product."""
    stored = current(product)
    if stored is not None and is_fresh(stored, query_for(product)):
        return stored
    return refresh_footprint(product)
