"""Which sites a step may name: the firm's own, those of suppliers sharing their sites, the
site recorded on a relation with a direct supplier that shares something; nothing else."""

from __future__ import annotations

import pytest

from filiera.chains.models import Consent, Level
from filiera.products import selectors, services
from filiera.products.services import ProductError
from tests.conftest import _firm


def ids(queryset) -> set[int]:
    return set(queryset.values_list("id", flat=True))


def test_own_sites_and_sites_shared_by_the_chain_are_offered(firm_a, supply_chain):
    offered = ids(selectors.step_site_choices(firm_a))
    assert set(firm_a.sites.values_list("id", flat=True)) <= offered
    assert set(supply_chain["b"].sites.values_list("id", flat=True)) <= offered
    # A supplier's supplier sharing its sites with the firm directly.
    assert set(supply_chain["spinner"].sites.values_list("id", flat=True)) <= offered


def test_a_supplier_sharing_only_its_grade_offers_only_the_site_recorded_on_the_relation(
    firm_a, supply_chain
):
    weaver = supply_chain["weaver"]
    first, warehouse = weaver.sites.order_by("id")
    offered = ids(selectors.step_site_choices(firm_a))
    assert first.pk in offered  # recorded by firm A on its relation with the weaver
    assert warehouse.pk not in offered  # its other sites are not shared


def test_a_supplier_that_shares_nothing_is_not_offered(firm_a, supply_chain):
    dyer = supply_chain["dyer"]
    assert not ids(selectors.step_site_choices(firm_a)) & set(
        dyer.sites.values_list("id", flat=True)
    )


def test_a_firm_outside_the_chain_is_not_offered(firm_a, supply_chain, brand_c):
    assert not ids(selectors.step_site_choices(firm_a)) & set(
        brand_c.sites.values_list("id", flat=True)
    )


def test_a_deeper_relation_site_of_a_supplier_not_sharing_sites_is_not_offered(
    firm_a, firm_b, supply_chain, relate, carpi
):
    """The site firm B recorded on its own relation with its supplier is firm B's record: firm
    A sees it only if that supplier shares its sites with firm A."""
    knitter = _firm("Maglieria Eta S.r.l.", 1014, carpi, processes=("FF.KNIT_WEFT",))
    relate(firm_b, knitter, tier=2, processes=("FF.KNIT_WEFT",))
    Consent.objects.create(supplier=knitter, client=firm_a, level=Level.AREAS, sites=False)
    site = knitter.sites.get()
    assert site.pk not in ids(selectors.step_site_choices(firm_a))
    Consent.objects.filter(supplier=knitter, client=firm_a).update(sites=True)
    assert site.pk in ids(selectors.step_site_choices(firm_a))


def test_revoking_the_sites_takes_effect_at_once(firm_a, supply_chain):
    spinner = supply_chain["spinner"]
    site = spinner.sites.get()
    assert site.pk in ids(selectors.step_site_choices(firm_a))
    Consent.objects.filter(supplier=spinner, client=firm_a).update(sites=False)
    assert site.pk not in ids(selectors.step_site_choices(firm_a))


def test_an_ended_relation_leaves_the_chain(firm_a, supply_chain):
    from datetime import timedelta

    from django.utils import timezone

    from filiera.chains.models import SupplyRelation

    SupplyRelation.objects.filter(client=firm_a, supplier=supply_chain["b"]).update(
        until=timezone.localdate() - timedelta(days=1)
    )
    offered = ids(selectors.step_site_choices(firm_a))
    assert not offered & set(supply_chain["b"].sites.values_list("id", flat=True))
    # The spinner was reached through firm B only.
    assert not offered & set(supply_chain["spinner"].sites.values_list("id", flat=True))


def test_own_sites_come_first_and_labels_name_site_firm_and_country(firm_a, supply_chain):
    sites = list(selectors.step_site_choices(firm_a))
    assert sites[0].firm_id == firm_a.pk
    label = selectors.site_label(sites[0])
    assert sites[0].name in label and firm_a.legal_name in label


@pytest.mark.parametrize("who", ["dyer", "outside"])
def test_a_step_naming_a_site_not_offered_is_refused(composed, owner_a, supply_chain, who):
    site = supply_chain[who].sites.order_by("id").last()
    with pytest.raises(ProductError) as caught:
        services.set_steps(owner_a, composed, [("making", site, "")])
    assert caught.value.field == "site" and caught.value.row == 1
    assert not composed.steps.exists()
