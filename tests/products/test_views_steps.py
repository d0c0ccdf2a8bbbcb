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


def test_a_step_gets_a_process_and_dates(client_for, owner_a, composed, firm_a):
    site = firm_a.sites.get()
    data = steps(making=(site.pk, "")) | {
        "making-process": "MU.KNIT_TO_SHAPE",
        "making-started_on": "2025-03-01",
        "making-finished_on": "2025-03-20",
    }
    response = client_for(owner_a).post(url(composed), data)
    assert response.status_code == 302
    making = composed.steps.get()
    assert (making.process_id, str(making.started_on), str(making.finished_on)) == (
        "MU.KNIT_TO_SHAPE",
        "2025-03-01",
        "2025-03-20",
    )
    page = client_for(owner_a).get(url(composed))
    row = next(r for r in page.context["rows"] if r["stage"] == "making")
    assert row["form"]["process"].value() == "MU.KNIT_TO_SHAPE"
    assert 'value="2025-03-01"' in page.content.decode()
    choices = [
        code for _group, items in row["form"].fields["process"].choices[1:] for code, _n in items
    ]
    assert "MU.SEWING" in choices and "RM.HIDES" not in choices and "MU" not in choices


def test_dates_out_of_order_mark_the_step(client_for, owner_a, composed):
    data = steps(dyeing=("", "IT")) | {
        "dyeing-started_on": "2025-03-10",
        "dyeing-finished_on": "2025-03-01",
    }
    response = client_for(owner_a).post(url(composed), data)
    assert response.status_code == 200
    dyeing = next(r for r in response.context["rows"] if r["stage"] == "dyeing")
    assert list(dyeing["form"].errors) == ["finished_on"]
    assert not composed.steps.exists()


def test_add_other_steps_then_remove_one(client_for, owner_a, composed, supply_chain):
    client = client_for(owner_a)
    response = client.post(url(composed), steps() | {"others": "0", "add_other": "1"})
    assert response.status_code == 200 and len(response.context["other_rows"]) == 1
    assert not composed.steps.exists()  # adding a row saves nothing
    embroiderer = supply_chain["b"].sites.get()
    data = steps(making=("", "IT")) | {
        "others": "2",
        "other-1-process": "MU.EMBROIDERY",
        "other-1-site": str(embroiderer.pk),
        "other-1-started_on": "2025-03-05",
        "other-2-process": "WP.PRINTING",
        "other-2-country": "PT",
    }
    assert client.post(url(composed), data).status_code == 302
    others = list(composed.steps.filter(stage="other").order_by("id"))
    assert [(s.process_id, s.site_id, s.country) for s in others] == [
        ("MU.EMBROIDERY", embroiderer.pk, ""),
        ("WP.PRINTING", None, "PT"),
    ]
    page = client.get(url(composed))
    assert [r["form"]["id"].value() for r in page.context["other_rows"]] == [
        others[0].pk,
        others[1].pk,
    ]
    removal = data | {
        "other-1-id": str(others[0].pk),
        "other-2-id": str(others[1].pk),
        "other-2-remove": "on",
    }
    assert client.post(url(composed), removal).status_code == 302
    assert list(composed.steps.filter(stage="other").values_list("id", flat=True)) == [others[0].pk]


def test_an_other_step_without_a_process_marks_its_row(client_for, owner_a, composed):
    data = steps() | {"others": "2", "other-2-country": "IT"}
    response = client_for(owner_a).post(url(composed), data)
    assert response.status_code == 200
    second = response.context["other_rows"][1]
    assert list(second["form"].errors) == ["process"]
    assert not response.context["other_rows"][0]["form"].errors


def test_a_step_with_events_cannot_be_removed_on_the_page(client_for, owner_a, traced):
    printing = traced.steps.get(stage="other")
    data = steps() | {
        "others": "1",
        "other-1-id": str(printing.pk),
        "other-1-process": "WP.PRINTING",
        "other-1-country": "IT",
    }
    response = client_for(owner_a).post(url(traced), data)  # the making step is left out
    assert response.status_code == 200 and "L-01" in response.context["error"]
    assert traced.steps.filter(stage="making").exists()
