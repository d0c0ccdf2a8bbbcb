"""A firm's circularity page: who sees it and who changes the yearly totals, its figures,
eligibility with reasons, and positions that appear only among at least 5 firms and never
show another firm."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import CircularityProfile, Match, SymbiosisPolicy
from tests.conftest import PERSONAS, _firm
from tests.symbiosis import factories_district as fixtures
from tests.symbiosis.conftest import make_flow, make_match
from tests.symbiosis.factories_district import recent, scored

heat_a, world = fixtures.heat_a, fixtures.world
SEES_A = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
EDITS_A = {"admin", "owner_a", "editor_a"}
EN = {"accept-language": "en"}


def figure(html: str, key: str) -> str:
    found = re.search(
        rf'data-figure="{key}">\s*<th[^>]*>.*?</th>\s*<td[^>]*>(.*?)</td>', html, re.S
    )
    assert found, key
    return found.group(1).strip()


def position(html: str, measure: str) -> list[str]:
    """The cells of a position row as text: mine, district median, percentile."""
    row = re.search(rf'data-measure="{measure}">(.*?)</tr>', html, re.S)
    assert row, measure
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


@pytest.fixture
def url(firm_a):
    return reverse("firm_circularity", args=[firm_a.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_page(client_for, request, url, persona):
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code == (200 if persona in SEES_A else 404)
    if response.status_code == 200:
        assert ('id="profile-form"' in response.content.decode()) == (persona in EDITS_A)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_changes_the_yearly_totals(client_for, request, url, firm_a, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url, {"material_inflow_t": "40", "material_outflow_t": ""}
    )
    expected = 302 if persona in EDITS_A else 403 if persona in SEES_A else 404
    assert response.status_code == expected
    saved = CircularityProfile.objects.filter(firm=firm_a).first()
    assert (saved is not None) == (persona in EDITS_A)
    if saved is not None:
        assert saved.material_inflow_t == 40 and saved.material_outflow_t is None


def test_anonymous_visitors_are_sent_to_sign_in(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_my_figures(client_for, owner_a, url, world):
    html = client_for(owner_a).get(url, headers=EN).content.decode()
    assert figure(html, "inflow_share") == "75 %"  # 1.5 of the 2 t declared
    assert figure(html, "outflow_share") == "25 %"  # 30 of 120 t
    assert figure(html, "diverted_t") == "30 t"
    assert figure(html, "received_t") == "1.5 t"
    assert figure(html, "energy_mwh") == "50 MWh"
    assert figure(html, "exchanges") == "2" and figure(html, "partners") == "2"


def test_no_other_firm_is_named(client_for, owner_a, url, world):
    html = client_for(owner_a).get(url, headers=EN).content.decode()
    assert "Cardatura" not in html and "Ricamificio" not in html


def test_yearly_totals_change_the_shares_and_are_audited(client_for, owner_a, url, world, firm_a):
    client = client_for(owner_a)
    assert (
        client.post(url, {"material_inflow_t": "10", "material_outflow_t": "300"}).status_code
        == 302
    )
    html = client.get(url, headers=EN).content.decode()
    assert figure(html, "inflow_share") == "15 %"
    assert figure(html, "outflow_share") == "10 %"
    event = AuditEvent.objects.get(object_type="symbiosis.circularityprofile")
    assert event.firm_id == firm_a.pk and event.actor == owner_a


def test_bad_totals_name_the_field(client_for, owner_a, url):
    response = client_for(owner_a).post(url, {"material_inflow_t": "-5"}, headers=EN)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"material_inflow_t"}
    assert not CircularityProfile.objects.exists()


def test_eligibility_with_reasons(client_for, owner_a, url, world, carpi, firm_a):
    SymbiosisPolicy.objects.create(
        district=carpi, min_circular_outflow=20, min_grade="B", min_active_exchanges=3
    )
    scored(firm_a, "A")
    html = client_for(owner_a).get(url, headers=EN).content.decode()
    assert 'data-eligible="no"' in html
    assert re.search(r'class="met">.*?Circular outflow: 25 % \(minimum 20 %\)', html)
    assert re.search(r'class="met">.*?Qualification grade: A \(minimum B\)', html)
    assert re.search(r'class="unmet">.*?Exchanges in progress or completed: 2 \(minimum 3\)', html)


def test_without_rules_the_page_says_so(client_for, owner_a, url):
    html = client_for(owner_a).get(url, headers=EN).content.decode()
    assert "The district has not set eco-district rules yet." in html


def _peers(carpi, shares):
    """Firms of Carpi offering 100 t each and sending ``share`` of it to the next one."""
    firms = [_firm(f"Maglificio {i} S.r.l.", 8000 + i, carpi) for i in range(len(shares))]
    for i, (firm, share) in enumerate(zip(firms, shares, strict=True)):
        offer = make_flow(firm, "offer", "waste", "040222", quantity=100)
        other = firms[(i + 1) % len(firms)]
        need = make_flow(other, "need", "waste", "040222", quantity=500, accepted_ewc=["040222"])
        recent(make_match(offer, need, Match.Status.ACTIVE), 100 * share)
    return firms


def test_positions_need_five_firms(client_for, owner_a, url, carpi, firm_a):
    _peers(carpi, [0.1, 0.2, 0.3])
    make_flow(firm_a, "offer", "waste", "040222", quantity=100)
    html = client_for(owner_a).get(url, headers=EN).content.decode()
    assert "fewer than 5 comparable firms" in position(html, "circular_performance")[2]


def test_positions_among_five_firms(client_for, make_user, carpi):
    firms = _peers(carpi, [0.1, 0.2, 0.3, 0.4, 0.5])
    owner = make_user("owner_peer")
    firms[2].memberships.create(user=owner, role="owner")
    html = (
        client_for(owner)
        .get(reverse("firm_circularity", args=[firms[2].pk]), headers=EN)
        .content.decode()
    )
    # Each firm: outflow 10..50 % of 100 t; inflow the previous firm's tonnes over 500 t.
    mine, median, percentile = position(html, "circular_performance")
    assert percentile == "50" and mine == median
    assert position(html, "industrial_symbiosis")[2] == "50"  # all have 2 partners


def test_a_firm_without_district(client_for, carder, carder_owner, carder_need):
    carder.districts.clear()
    html = (
        client_for(carder_owner)
        .get(reverse("firm_circularity", args=[carder.pk]), headers=EN)
        .content.decode()
    )
    assert "Your firm belongs to no district yet" in html
    assert figure(html, "inflow_share") == "0 %"  # 0 of the 150 t declared
