"""The district symbiosis dashboard and the eco-district rules page: who may see and change
them, what they show on the hand-computed world of ``factories_district``, and that the
dashboard's queries do not grow with the district's firms."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Match, SymbiosisPolicy
from tests.conftest import PERSONAS, _firm
from tests.symbiosis import factories_district as fixtures
from tests.symbiosis.conftest import make_flow, make_match
from tests.symbiosis.factories_district import recent

heat_a, world = fixtures.heat_a, fixtures.world
STAFF = {"admin", "manager", "verifier"}
MANAGERS = {"admin", "manager"}
EN = {"accept-language": "en"}


def figure(html: str, key: str) -> str:
    found = re.search(
        rf'data-figure="{key}">\s*<th[^>]*>.*?</th>\s*<td[^>]*>(.*?)</td>', html, re.S
    )
    assert found, key
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def diverted(html: str) -> str:
    found = re.search(r'id="symbiosis-diverted" data-value="([^"]*)">([^<]*)<', html)
    assert found
    return found.group(2)


@pytest.fixture
def url(carpi):
    return reverse("district_symbiosis", args=[carpi.slug])


@pytest.fixture
def rules_url(carpi):
    return reverse("district_symbiosis_rules", args=[carpi.slug])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_district_staff_see_the_dashboard(client_for, request, url, persona):
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code == (200 if persona in STAFF else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_set_the_rules(client_for, request, rules_url, carpi, persona):
    client = client_for(request.getfixturevalue(persona))
    expected = 200 if persona in MANAGERS else 403 if persona in STAFF else 404
    assert client.get(rules_url).status_code == expected
    response = client.post(rules_url, {"min_grade": "C", "transport_kg_co2e_per_tkm": "0.1"})
    assert response.status_code == (302 if persona in MANAGERS else expected)
    assert SymbiosisPolicy.objects.filter(district=carpi).exists() == (persona in MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_run_the_allocation(client_for, request, carpi, persona, monkeypatch):
    from filiera.symbiosis.views import district as views

    calls = []
    monkeypatch.setattr(
        views, "run_allocation", lambda d, user: calls.append(d) or {"picked": 0, "pairs": 0}
    )
    url = reverse("district_symbiosis_allocate", args=[carpi.slug])
    client = client_for(request.getfixturevalue(persona))
    response = client.post(url)
    assert response.status_code == (
        302 if persona in MANAGERS else 403 if persona in STAFF else 404
    )
    assert calls == ([carpi] if persona in MANAGERS else [])
    assert client.get(url).status_code in (404, 405)


def test_anonymous_visitors_are_sent_to_sign_in(client_for, url, rules_url):
    for address in (url, rules_url):
        response = client_for(None).get(address)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_district_home_links_to_the_dashboard(client_for, manager, carpi, url):
    html = client_for(manager).get(reverse("district_home", args=[carpi.slug])).content.decode()
    assert f'href="{url}"' in html


def test_figures_of_the_world(client_for, manager, url, world):
    html = client_for(manager).get(url, headers=EN).content.decode()
    assert diverted(html) == "31.5"
    assert figure(html, "diverted_t") == "31.5 t"
    assert figure(html, "energy_mwh") == "50 MWh"
    assert figure(html, "cmu") == "75 %"
    assert figure(html, "outputs_matched") == "2.4 %"  # 3 of 123 t
    assert figure(html, "links") == "2"
    assert figure(html, "uncounted_t") == "31.5 t"
    assert figure(html, "co2e_avoided_t") == "10.1 t"  # 50 MWh x 0.202


def test_the_diverted_tonnes_change_with_a_new_delivery(client_for, manager, url, world):
    client = client_for(manager)
    assert diverted(client.get(url, headers=EN).content.decode()) == "31.5"
    recent(world["m_cut"], 8.5)
    assert diverted(client.get(url, headers=EN).content.decode()) == "40"


def test_sankey_map_and_their_tables(client_for, manager, url, world):
    html = client_for(manager).get(url, headers=EN).content.decode()
    assert "<svg" in html and 'id="symbiosis-sankey"' in html
    table = html[html.index('id="sector-table"') :]
    table = table[: table.index("</table>")]
    assert "14 Fabbricazione di articoli di abbigliamento" in table
    assert re.search(r'<td class="num">31.5</td><td class="num">2</td>', table)
    lines = json.loads(re.search(r'id="symbiosis-map-lines"[^>]*>(.*?)</script>', html, re.S)[1])
    assert len(lines) == 3
    assert {line["unit"] for line in lines} == {"t", "MWh"}
    exchanges = html[html.index('id="exchange-table"') :]
    assert "Cardatura Pratese S.r.l." in exchanges  # staff see names


def test_without_exchanges_the_page_says_so(client_for, verifier, url):
    html = client_for(verifier).get(url, headers=EN).content.decode()
    assert 'id="no-sector-flows"' in html and 'id="no-exchanges"' in html
    assert 'id="symbiosis-map"' not in html and 'id="run-allocation"' not in html
    assert 'id="no-rules"' in html


def test_allocation_picks(client_for, manager, url, flows):
    make_match(flows["offer_b"], flows["need_a"], allocated_amount=2.0)
    make_match(flows["offer_a"], flows["carder_need"], allocated_amount=120.0)
    make_match(flows["offer_a"], flows["need_a"], Match.Status.DECLINED, allocated_amount=9.0)
    html = client_for(manager).get(url, headers=EN).content.decode()
    assert "2 suggestions picked, 122 t/year in all." in html
    picks = html[html.index('id="pick-table"') :]
    assert picks.index("Cardatura Pratese") < picks.index("Ricamificio Beta")  # biggest first
    assert 'id="run-allocation"' in html
    allocated = client_for(manager).get(url + "?basis=allocated", headers=EN).content.decode()
    assert re.search(r'<td class="num">122</td><td class="num">2</td>', allocated)


def test_eligibility_table(client_for, manager, url, world, carpi, firm_a, firm_b):
    SymbiosisPolicy.objects.create(district=carpi, min_circular_outflow=30)
    html = client_for(manager).get(url, headers=EN).content.decode()
    assert "1 of 2 firms meet every rule." in html
    rows = dict(re.findall(r'data-firm="(\d+)" data-eligible="(yes|no)"', html))
    assert rows == {str(firm_a.pk): "no", str(firm_b.pk): "yes"}  # B: 1.5 of 3 t
    assert "Circular outflow: 25 % (minimum 30 %)" in html  # firm A: 30 of 120 t


def test_eligibility_filter(client_for, manager, url, world, carpi, firm_a, firm_b):
    SymbiosisPolicy.objects.create(district=carpi, min_circular_outflow=30)
    html = client_for(manager).get(url + "?eligible=yes", headers=EN).content.decode()
    assert re.findall(r'data-firm="(\d+)"', html) == [str(firm_b.pk)]
    html = client_for(manager).get(url + "?eligible=no", headers=EN).content.decode()
    assert re.findall(r'data-firm="(\d+)"', html) == [str(firm_a.pk)]


def test_rules_are_saved_and_audited(client_for, manager, rules_url, carpi):
    response = client_for(manager).post(
        rules_url,
        {
            "min_circular_inflow": "10",
            "min_circular_outflow": "",
            "min_grade": "C",
            "min_active_exchanges": "1",
            "transport_kg_co2e_per_tkm": "0.08",
        },
    )
    assert response.status_code == 302
    policy = SymbiosisPolicy.objects.get(district=carpi)
    assert (policy.min_circular_inflow, policy.min_circular_outflow, policy.min_grade) == (
        10,
        None,
        "C",
    )
    assert policy.transport_kg_co2e_per_tkm == 0.08 and policy.updated_by == manager
    event = AuditEvent.objects.get(object_type="symbiosis.symbiosispolicy")
    assert event.district_id == carpi.pk and event.actor == manager


def test_bad_rules_name_the_field_and_save_nothing(client_for, manager, rules_url, carpi):
    response = client_for(manager).post(
        rules_url,
        {"min_circular_inflow": "150", "transport_kg_co2e_per_tkm": "-1"},
        headers=EN,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"min_circular_inflow", "transport_kg_co2e_per_tkm"}
    assert not SymbiosisPolicy.objects.exists()


def test_rules_page_lists_the_factors(client_for, manager, rules_url, settings):
    settings.SYMBIOSIS_AVOIDED_FACTORS = {"paper": 0.9}
    html = client_for(manager).get(rules_url, headers=EN).content.decode()
    assert re.search(r'data-group="energy">.*?0.202 / MWh.*?IPCC', html, re.S)
    assert re.search(r'data-group="textiles">.*?not set', html, re.S)
    assert re.search(r'data-group="paper">.*?0.9 / t.*?set for this installation', html, re.S)


def _district_of(carpi, n, start):
    for i in range(n):
        firm = _firm(f"Filatura {i} S.r.l.", start + i, carpi)
        offer = make_flow(firm, "offer", "waste", "040222", quantity=10 + i)
        need = make_flow(firm, "need", "secondary_material", "150102", quantity=5)
        recent(make_match(offer, need, Match.Status.ACTIVE, allocated_amount=1.0), 1 + i)


def test_dashboard_queries_do_not_grow_with_the_firms(
    client_for, manager, url, carpi, django_assert_max_num_queries
):
    SymbiosisPolicy.objects.create(district=carpi, min_grade="C")
    client = client_for(manager)
    _district_of(carpi, 3, 6000)
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    _district_of(carpi, 40, 6100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_running_the_allocation_picks_suggestions(client_for, manager, carpi, url, flows):
    match = make_match(flows["offer_b"], flows["need_a"])  # 3 t offered, 2 t needed
    response = client_for(manager).post(
        reverse("district_symbiosis_allocate", args=[carpi.slug]), follow=True, headers=EN
    )
    assert response.redirect_chain[-1][0].endswith(url + "#allocation")
    match.refresh_from_db()
    assert match.allocated_amount == pytest.approx(2.0)
    html = response.content.decode()
    assert "Allocation done: 1 suggestion picked, 2 t/year diverted." in html
    assert "1 suggestion picked, 2 t/year in all." in html
    assert AuditEvent.objects.filter(action="run_allocation", actor=manager).exists()
