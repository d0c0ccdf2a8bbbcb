"""The district allocation written on the matches: a case with a known optimum."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Match, SymbiosisPolicy
from filiera.symbiosis.services.allocation import run_allocation
from tests.symbiosis.conftest import make_flow, make_match

Status = Match.Status


@pytest.fixture
def case(firm_a, firm_b, carder):
    """Offers A (100 t) and B (50 t); needs X (80 t) and Y (80 t). B can only go to Y, so the
    optimum diverts 150 t: A→X 80, A→Y 20, B→Y 50."""
    a = make_flow(firm_a, "offer", "by_product", "", "Filati di scarto", 100)
    b = make_flow(firm_a, "offer", "by_product", "", "Cimose", 50)
    x = make_flow(firm_b, "need", "secondary_material", "", "Fibra", 80)
    y = make_flow(carder, "need", "secondary_material", "", "Fibra", 80)
    return {
        "ax": make_match(a, x, distance_km=10),
        "ay": make_match(a, y, distance_km=50),
        "by": make_match(b, y, Status.ACTIVE, distance_km=5),
    }


def test_known_optimum(case, carpi, manager):
    totals = run_allocation(carpi, user=manager)
    assert totals["status"] == "optimal"
    assert totals["pairs"] == 3 and totals["picked"] == 3
    assert totals["diverted_t"] == pytest.approx(150)
    # 0.1 kg CO2e per t·km: (80·10 + 20·50 + 50·5) t·km = 2,050 t·km → 0.205 t CO2e
    assert totals["transport_t_co2e"] == pytest.approx(0.205)
    amounts = {key: Match.objects.get(pk=m.pk).allocated_amount for key, m in case.items()}
    assert amounts == pytest.approx({"ax": 80, "ay": 20, "by": 50})
    event = AuditEvent.objects.get(action="run_allocation")
    assert event.district_id == carpi.pk and event.actor == manager


def test_left_out_pairs_and_a_new_run_clears_old_amounts(case, carpi):
    run_allocation(carpi)
    case["ay"].status = Status.DECLINED
    case["ay"].save()
    case["by"].status = Status.CLOSED
    case["by"].save()
    totals = run_allocation(carpi)
    assert totals["pairs"] == 1 and totals["diverted_t"] == pytest.approx(80)
    assert Match.objects.get(pk=case["ax"].pk).allocated_amount == pytest.approx(80)
    assert Match.objects.get(pk=case["ay"].pk).allocated_amount is None


def test_only_tonnes_and_the_districts_factor(case, carpi, firm_a, firm_b):
    heat = make_match(
        make_flow(firm_a, "offer", "energy", "", "Calore", 500, "MWh"),
        make_flow(firm_b, "need", "energy", "", "Calore", 300, "MWh"),
        distance_km=2,
    )
    # At 500 kg CO2e per t·km, moving a tonne 10 km costs more than it saves: nothing goes.
    SymbiosisPolicy.objects.create(district=carpi, transport_kg_co2e_per_tkm=500)
    totals = run_allocation(carpi)
    assert totals["kg_co2e_per_tkm"] == 500
    assert totals["pairs"] == 3 and totals["picked"] == 0
    assert Match.objects.get(pk=heat.pk).allocated_amount is None


def test_material_flows_only(case, carpi, firm_a, firm_b):
    """Space on trucks is counted in tonnes too, but it is not material diverted."""
    trucks = make_match(
        make_flow(firm_a, "offer", "logistics", "", "Posto sui camion", 40),
        make_flow(firm_b, "need", "logistics", "", "Trasporto", 40),
        distance_km=1,
    )
    totals = run_allocation(carpi)
    assert totals["pairs"] == 3 and totals["diverted_t"] == pytest.approx(150)
    assert Match.objects.get(pk=trucks.pk).allocated_amount is None


def test_no_district_means_every_match(case):
    assert run_allocation()["picked"] == 3
    assert not AuditEvent.objects.filter(action="run_allocation").exists()
