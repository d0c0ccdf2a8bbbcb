"""The steps page: the sites of the firm and of its sharing chain only, a country when no site
is known, the zone each country counts as, and refusals naming the step."""

from __future__ import annotations

from django.urls import reverse

STAGES = ("spinning", "fabric", "dyeing", "making")


def steps(**chosen) -> dict:
    data = {}
    for stage in STAGES:
        site, country = chosen.get(stage, ("", ""))
        data |= {f"{stage}-site": str(site), f"{stage}-country": country}
    return data


def url(product) -> str:
    return reverse("product_steps", args=[product.brand_id, product.pk])


def test_the_page_offers_only_the_sites_the_firm_may_name(
    client_for, owner_a, composed, firm_a, supply_chain
):
    response = client_for(owner_a).get(url(composed))
    offered = {int(s["id"]) for s in response.context["sites"]}
    assert firm_a.sites.get().pk in offered
    assert supply_chain["spinner"].sites.get().pk in offered
    for who in ("dyer", "outside"):
        assert not offered & set(supply_chain[who].sites.values_list("id", flat=True))
    body = response.content.decode()
    for who in ("dyer", "outside"):
        assert supply_chain[who].legal_name not in body
    label = next(s["label"] for s in response.context["sites"] if s["own"])
    assert firm_a.legal_name in label and "—" in label
    assert [row["stage"] for row in response.context["rows"]] == list(STAGES)
    assert {row["zone"] for row in response.context["rows"]} == {"---"}


def test_saving_sites_and_countries(client_for, owner_a, composed, supply_chain, firm_a):
    spinner_site = supply_chain["spinner"].sites.get()
    data = steps(
        spinning=(spinner_site.pk, ""),
        fabric=("", "PL"),
        making=(firm_a.sites.get().pk, "CN"),
    )
    response = client_for(owner_a).post(url(composed), data)
    assert response.status_code == 302 and response["Location"] == composed.get_absolute_url()
    saved = {s.stage: (s.site_id, s.country) for s in composed.steps.all()}
    assert saved == {
        "spinning": (spinner_site.pk, ""),
        "fabric": (None, "PL"),
        "making": (firm_a.sites.get().pk, ""),
    }
    page = client_for(owner_a).get(url(composed))
    zones = {row["stage"]: row["zone"] for row in page.context["rows"]}
    assert zones == {"spinning": "REO", "fabric": "REE", "dyeing": "---", "making": "REO"}


def test_a_site_outside_the_chain_is_refused(client_for, owner_a, composed, supply_chain):
    client_for(owner_a).post(url(composed), steps(making=("", "IT")))
    for who in ("dyer", "outside"):
        site = supply_chain[who].sites.order_by("id").last()
        response = client_for(owner_a).post(url(composed), steps(dyeing=(site.pk, "")))
        assert response.status_code == 200 and response.context["error"]
        dyeing = next(r for r in response.context["rows"] if r["stage"] == "dyeing")
        assert list(dyeing["form"].errors) == ["site"]
        assert list(composed.steps.values_list("stage", "site", "country")) == [
            ("making", None, "IT")
        ]


def test_a_site_no_longer_shared_is_not_shown(client_for, owner_a, composed, supply_chain):
    from filiera.chains.models import Consent

    spinner = supply_chain["spinner"]
    client_for(owner_a).post(url(composed), steps(spinning=(spinner.sites.get().pk, "")))
    Consent.objects.filter(supplier=spinner).update(sites=False)
    response = client_for(owner_a).get(url(composed))
    spinning = response.context["rows"][0]
    assert spinning["hidden_site"]
    assert spinner.legal_name not in response.content.decode()
    detail = client_for(owner_a).get(composed.get_absolute_url())
    row = next(s["row"] for s in detail.context["steps"] if s["row"].stage == "spinning")
    assert row.hidden_site and row.site is None
    assert spinner.sites.get().name not in detail.content.decode()
