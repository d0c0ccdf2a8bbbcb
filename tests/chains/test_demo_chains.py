"""The demo supply chains: the plan (plain Python) and what ``filiera demo`` writes."""

from __future__ import annotations

import io
import subprocess
import sys
from collections import deque

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from filiera.chains import demo
from filiera.chains.access import consents_to
from filiera.chains.demo_firms import templates
from filiera.chains.models import ChainAlert, Consent, Level, SupplyInvitation, SupplyRelation
from filiera.core.management.commands.demo import DEMO_PASSWORD
from filiera.registry import demo as registry_demo
from filiera.registry.countries import EU
from filiera.registry.models import Firm, FirmMembership, Site

# The plan ---------------------------------------------------------------------------------


def members(companies: int = 150, seed: int = 1) -> tuple[list[demo.Member], str]:
    records = registry_demo.generate(companies, seed)
    sub = next(r.vat for r in records if r.role == "subcontractor")
    return [demo.Member(r.vat, r.role, r.sites[0].processes) for r in records], sub


def test_the_same_seed_gives_the_same_chains():
    firms, sub = members()
    first = demo.plan(firms, 3, subcontractor=sub)
    assert first == demo.plan(firms, 3, subcontractor=sub)
    assert first.links != demo.plan(firms, 4, subcontractor=sub).links


def test_the_plan_gives_the_lead_brand_the_richest_deep_chain():
    firms, sub = members()
    plan = demo.plan(firms, 1, subcontractor=sub)
    lead, *others = plan.brands
    assert lead == next(m.key for m in firms if m.role == "brand")
    assert len(others) == 3
    chains = {b: plan.reachable(b) for b in plan.brands}
    assert all(max(chain.values()) >= 3 for chain in chains.values())
    assert len(chains[lead]) == max(len(c) for c in chains.values())
    assert sub in chains[lead]
    abroad = {f.key for f in plan.firms if f.country != "IT"}
    assert all(abroad & set(chain) for chain in chains.values())
    # Process codes and places come from the reference data.
    codes = registry_demo.process_codes()
    assert all(set(link.processes) <= codes and link.processes for link in plan.links)
    assert {f.country for f in plan.firms} >= {"IT", "PT", "ES", "TR", "EG", "CN"}


def test_small_districts_get_smaller_chains():
    assert demo.plan([demo.Member("IT1", "subcontractor", ("MU.SEWING",))], 1).links == ()
    firms, sub = members(3)
    plan = demo.plan(firms, 1, subcontractor=sub)
    assert plan.brands == (firms[0].key,)
    assert sub in plan.reachable(firms[0].key)
    assert all(i.supplier != sub for i in plan.invitations)  # no other brand to invite it


def test_outside_templates_are_valid():
    assert len(templates()) >= 15


def test_the_plan_does_not_import_django():
    code = (
        "import sys; from filiera.chains import demo; demo.plan([], 1); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# The command ------------------------------------------------------------------------------


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, "--password", DEMO_PASSWORD, stdout=out)
    return out.getvalue()


def login_firm(username: str) -> Firm:
    return FirmMembership.objects.get(user__username=username).firm


def reachable(brand_id: int) -> dict[int, int]:
    """Firms in the brand's chain (active relations) with their distance from the brand."""
    suppliers: dict[int, list[int]] = {}
    for client, supplier in SupplyRelation.objects.active().values_list("client", "supplier"):
        suppliers.setdefault(client, []).append(supplier)
    seen, queue = {brand_id: 0}, deque([brand_id])
    while queue:
        firm = queue.popleft()
        for supplier in suppliers.get(firm, ()):
            if supplier not in seen:
                seen[supplier] = seen[firm] + 1
                queue.append(supplier)
    del seen[brand_id]
    return seen


def snapshot() -> dict[str, list]:
    """What the demo wrote, without database ids and random tokens."""
    vat = dict(Firm.objects.values_list("id", "vat"))
    site = dict(Site.objects.values_list("id", "name"))
    return {
        "firms": sorted(
            Firm.objects.filter(districts__isnull=True).values_list("vat", "legal_name", "country")
        ),
        "sites": sorted(
            Site.objects.filter(firm__districts__isnull=True).values_list(
                "name", "country", "municipality", "lat", "lon"
            ),
            key=str,
        ),
        "relations": sorted(
            (
                vat[r.client_id],
                vat[r.supplier_id],
                r.tier,
                tuple(sorted(p.pk for p in r.processes.all())),
                site.get(r.site_id),
                r.since,
                r.until,
            )
            for r in SupplyRelation.objects.prefetch_related("processes")
        ),
        "consents": sorted(
            (vat[s], vat[c], *rest)
            for s, c, *rest in Consent.objects.values_list(
                "supplier", "client", "level", "profile", "sites", "requested_level"
            )
        ),
        "invitations": sorted(
            (vat[c], vat.get(s, ""), *rest)
            for c, s, *rest in SupplyInvitation.objects.values_list(
                "client", "supplier", "email", "tier", "status"
            )
        ),
        "alerts": sorted(ChainAlert.objects.values_list("kind", "detail__supplier"), key=str),
    }


@pytest.fixture
def demo_chains(db) -> str:
    return run_demo("--seed", "5")


def test_brands_have_chains_of_three_tiers_or_more_reaching_abroad(demo_chains):
    assert "Supply chains of 4 brands" in demo_chains
    lead = login_firm("brand")
    brands = set(
        SupplyRelation.objects.filter(client__role="brand", client__districts__isnull=False)
        .values_list("client", flat=True)
        .distinct()
    )
    assert lead.pk in brands and len(brands) >= 3
    sizes, outside_eu = {}, set()
    for brand in brands:
        chain = reachable(brand)
        sizes[brand] = len(chain)
        assert max(chain.values()) >= 3
        abroad = Site.objects.filter(firm__in=chain).exclude(country="IT")
        assert abroad.exists() and not abroad.filter(municipality__isnull=False).exists()
        if abroad.exclude(country__in=EU).exists():
            outside_eu.add(brand)
    assert lead.pk in outside_eu and len(outside_eu) >= 3
    assert sizes[lead.pk] == max(sizes.values())
    # Suppliers shared between brands.
    chains = [set(reachable(b)) for b in brands]
    assert any(a & b for i, a in enumerate(chains) for b in chains[i + 1 :])


def test_firms_outside_the_district_have_one_real_site_each(demo_chains):
    outside = Firm.objects.filter(districts__isnull=True)
    assert outside.count() >= 12
    regions = set()
    for firm in outside.prefetch_related("sites__municipality"):
        (site,) = firm.sites.all()
        assert site.country == firm.country
        if firm.country == "IT":
            regions.add(site.municipality.region)
            assert firm.vat.startswith("IT")
        else:
            assert site.municipality is None
            assert site.lat and site.lon
    assert {"Piemonte", "Lombardia", "Toscana"} <= regions
    countries = set(outside.values_list("country", flat=True))
    assert countries & EU - {"IT"} and countries - EU


def test_the_brand_login_sees_shared_and_undisclosed_suppliers(demo_chains):
    lead = login_firm("brand")
    chain = reachable(lead.pk)
    shared = consents_to(lead.pk, chain)
    assert any(c.level >= Level.AREAS for c in shared.values())
    assert any(c.level == Level.GRADE for c in shared.values())
    assert any(c.level == Level.EVIDENCE for c in shared.values())
    assert set(chain) - set(shared)  # undisclosed suppliers
    assert {f for f, d in chain.items() if d >= 2} & set(shared)  # deeper ones sharing directly
    assert Consent.objects.filter(client=lead, revoked_at__isnull=False, level=Level.NONE).exists()
    requests = [
        c for c in Consent.objects.filter(client=lead, requested_at__isnull=False) if c.request_open
    ]
    assert len(requests) >= 2 and any(c.request_beyond_vsme for c in requests)
    # Traceability below 100 %, a cycle, an ended relation.
    relations = SupplyRelation.objects.active().filter(client__in=[lead.pk, *chain])
    assert relations.filter(site__isnull=True).exists()
    assert relations.filter(site__isnull=False).count() > relations.count() / 2
    pairs = set(relations.values_list("client", "supplier"))
    assert any((s, c) in pairs for c, s in pairs)
    assert SupplyRelation.objects.filter(client=lead, until__isnull=False).exists()
    # Pending invitations from the brand (one to a firm not registered yet) and alerts.
    pending = SupplyInvitation.objects.filter(client=lead, status="pending")
    assert pending.count() >= 2 and pending.filter(supplier__isnull=True).exists()
    assert ChainAlert.objects.filter(client=lead).count() >= 2
    sub = login_firm("subcontractor")
    invitation = SupplyInvitation.objects.get(supplier=sub, status="pending")
    assert invitation.client.role == "brand" and invitation.client != lead


def test_the_demo_logins_see_their_pages(demo_chains):
    lead, sub = login_firm("brand"), login_firm("subcontractor")
    client = Client()
    assert client.login(username="brand", password=DEMO_PASSWORD)
    assert client.get(f"/firms/{lead.pk}/chain/").status_code == 200
    client = Client()
    assert client.login(username="subcontractor", password=DEMO_PASSWORD)
    response = client.get(f"/firms/{sub.pk}/clients/")
    assert response.status_code == 200
    inviting = SupplyInvitation.objects.get(supplier=sub, status="pending").client
    assert escape(inviting.legal_name) in response.content.decode()


def test_a_second_run_changes_nothing_and_reset_gives_the_same_chains(demo_chains):
    before = snapshot()
    counts = (Firm.objects.count(), SupplyRelation.objects.count(), ChainAlert.objects.count())
    assert "already exists" in run_demo("--seed", "9")
    assert snapshot() == before
    old = set(SupplyRelation.objects.values_list("id", flat=True))
    out = run_demo("--seed", "5", "--reset")
    assert "firms outside the district" in out
    assert not old & set(SupplyRelation.objects.values_list("id", flat=True))
    assert (
        Firm.objects.count(),
        SupplyRelation.objects.count(),
        ChainAlert.objects.count(),
    ) == counts
    assert snapshot() == before
    run_demo("--seed", "6", "--reset", "--companies", "40")
    assert Firm.objects.filter(districts__isnull=True).count() <= len(templates())
    assert snapshot()["relations"] != before["relations"]


def test_no_assessments_means_no_chains(db):
    run_demo("--companies", "20", "--no-assessments")
    assert not SupplyRelation.objects.exists()
    assert not Firm.objects.filter(districts__isnull=True).exists()
