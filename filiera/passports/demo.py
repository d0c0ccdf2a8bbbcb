"""Demo passports of the demo brand's products (``filiera demo``, after the demo products).

``load(district, seed=…)`` lets most suppliers of the brand's chain be named in passports (every
firm doing a step of a demo product but one, so one step shows unnamed, and about four in five
of the others), then issues through the passport service, as the brand's owner: a model passport
of every demo product that can have one, a second version of the first product's passport (so
the first version shows as replaced), a batch passport and an item passport of each batch. The
suppliers with a verified qualification get their conformity credentials on the way; every site
of a step its facility record.

``clear(district)`` removes the passports and credentials of the district's firms, their
issuers and keys, so ``filiera demo --reset`` can delete the firms.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.db.models import Q

from filiera.chains.facts import chain_graph
from filiera.core import audit
from filiera.passports.models import Credential, Issuer, IssuerKey, Passport, StatusList
from filiera.passports.services.issue import IssueError, issue_passport
from filiera.products import demo as products_demo
from filiera.products.models import Product, ProductStep
from filiera.qualification.models import ScorecardPublication
from filiera.registry.models import District, Firm, FirmMembership

NAMED_SHARE = 0.8


def _consent(firm_ids: set[int]) -> int:
    """Let these firms be named in passports (audited as the firm's own choice)."""
    changed = 0
    for firm_id in sorted(firm_ids):
        publication, _created = ScorecardPublication.objects.get_or_create(firm_id=firm_id)
        if publication.in_passports:
            continue
        publication.in_passports = True
        publication.save(update_fields=["in_passports", "updated_at"])
        audit.record(
            None,
            "publish_scorecard",
            publication,
            changes={"in_passports": [False, True]},
            firm_id=firm_id,
        )
        changed += 1
    return changed


def _unnamed(steps: list[ProductStep]) -> int | None:
    """The firm left unnamed: the dyer of the first product if it has one, else its first."""
    with_site = [s for s in steps if s.site is not None]
    if not with_site:
        return None
    dyeing = next((s for s in with_site if s.stage == ProductStep.Stage.DYEING), with_site[0])
    assert dyeing.site is not None
    return dyeing.site.firm_id


def _issue(product: Product, user, **target) -> Passport | None:
    try:
        return issue_passport(product, user=user, **target)
    except IssueError:
        return None


@transaction.atomic
def load(district: District, *, seed: int = 1) -> dict[str, int]:
    """Consents and passports of the lead brand of ``district``; counts of what was made."""
    result = {"consents": 0, "passports": 0, "conformity": 0, "facilities": 0}
    brand = products_demo.lead_brand(district)
    if brand is None or Passport.objects.filter(product__brand=brand).exists():
        return result
    products = list(Product.objects.filter(brand=brand).order_by("id"))
    steps = list(
        ProductStep.objects.filter(product__in=products).select_related("site").order_by("id")
    )
    step_firms = {s.site.firm_id for s in steps if s.site is not None}
    first = [s for s in steps if products and s.product_id == products[0].pk]
    unnamed = _unnamed(first)
    rng = random.Random(seed)
    suppliers = {link.supplier for link in chain_graph(brand.pk).reachable(brand.pk)}
    others = {pk for pk in sorted(suppliers - step_firms) if rng.random() < NAMED_SHARE}
    result["consents"] = _consent((step_firms | others) - {unnamed, brand.pk})

    owner = (
        FirmMembership.objects.filter(firm=brand, role=FirmMembership.Role.OWNER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    user = owner.user if owner else None
    issued: list[Passport | None] = []
    for index, product in enumerate(products):
        issued.append(_issue(product, user, granularity="model"))
        if index == 0:
            issued.append(_issue(product, user, granularity="model"))
        for batch in product.batches.order_by("lot"):
            issued.append(_issue(product, user, granularity="batch", batch=batch))
            if batch.serial_first:
                issued.append(
                    _issue(
                        product, user, granularity="item", batch=batch, serial=batch.serial_first
                    )
                )
    result["passports"] = sum(1 for p in issued if p is not None)
    linked = Credential.objects.filter(linked_from__product__brand=brand).distinct()
    result["conformity"] = linked.filter(kind=Credential.Kind.DCC).count()
    result["facilities"] = linked.filter(kind=Credential.Kind.DFR).count()
    return result


@transaction.atomic
def clear(district: District) -> int:
    """Delete the passports of the district's firms, every credential their issuers signed or
    that is about their sites, and their issuers with keys and status lists. Returns how many
    passports were deleted."""
    firms = Firm.objects.filter(districts=district)
    passports = Passport.objects.filter(product__brand__in=firms)
    passports.update(supersedes=None)
    _total, deleted = passports.delete()
    issuers = Issuer.objects.filter(firm__in=firms)
    ids = list(
        Credential.objects.filter(Q(issuer__in=issuers) | Q(site__firm__in=firms)).values_list(
            "pk", flat=True
        )
    )
    Credential.objects.filter(supersedes_id__in=ids).update(supersedes=None)
    Credential.objects.filter(pk__in=ids).delete()
    StatusList.objects.filter(issuer__in=issuers).delete()
    IssuerKey.objects.filter(issuer__in=issuers).delete()
    issuers.delete()
    return deleted.get("passports.Passport", 0)
