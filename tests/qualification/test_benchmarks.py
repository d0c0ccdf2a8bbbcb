"""The benchmark engine with hand-computed figures, and the district score table's privacy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.qualification import benchmarks as b

from .test_plan_pages import make_firm, scored


def test_percentile_counts_values_below_and_half_the_ties():
    cohort = [10, 20, 30, 40, 50]
    assert b.percentile(30, cohort) == 50.0  # 2 below + 1/2 tie of 5
    assert b.percentile(50, cohort) == 90.0  # 4 below + 1/2 of 5
    assert b.percentile(10, cohort) == 10.0
    # ties: 60 has 2 below and 3 equal in 6 → (2 + 1.5) / 6 = 58.3
    assert b.percentile(60, [40, 50, 60, 60, 60, 80]) == 58.3
    assert b.percentile(70, [70] * 5) == 50.0
    # a value outside the cohort
    assert b.percentile(100, cohort) == 100.0
    assert b.percentile(0, cohort) == 0.0


def test_a_cohort_of_four_yields_no_figures():
    four = [10, 20, 30, 40]
    assert b.percentile(20, four) is None
    assert b.summary(four) is None
    assert b.compare(20, four) is None
    assert not b.enough(four)
    # missing scores do not count towards the cohort
    assert b.summary([10, 20, 30, 40, None]) is None
    assert b.enough([10, 20, 30, 40, 50])


def test_summary_uses_linear_quartiles():
    s = b.summary([50, 10, 40, 20, 30])
    assert (s.n, s.min, s.q1, s.median, s.q3, s.max) == (5, 10, 20, 30, 40, 50)
    # six values: positions 1.25, 2.5, 3.75 between 1..6 (times 10)
    s = b.summary([10, 20, 30, 40, 50, 60])
    assert (s.q1, s.median, s.q3) == (22.5, 35.0, 47.5)


def test_compare_gives_value_percentile_and_summary():
    c = b.compare(40, [10, 20, 30, 40, 50])
    assert c.value == 40 and c.percentile == 70.0 and c.summary.median == 30
    assert b.compare(None, [10, 20, 30, 40, 50]) is None


@pytest.mark.parametrize(("count", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_counts_below_five_are_hidden(count, shown):
    assert b.suppress(count) == shown


def test_grade_counts_ignore_unknown_grades():
    assert b.grade_counts(["A", "A", "C", "", "X"]) == {"A": 2, "B": 0, "C": 1, "D": 0, "E": 0}


# Pages: a firm against its cohort, and the district's distribution ------------------------

CARPI_STAFF = {"admin", "manager", "verifier"}
READERS = CARPI_STAFF | {"owner_a", "editor_a", "viewer_a"}
PERSONAS = [*sorted(READERS), "owner_b", "brand_owner", "outsider", "prato_manager"]


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def _cohort(carpi, peers: int, start: int = 2001) -> list:
    """``peers`` scored firms like firm A; every other one misses a social practice."""
    firms = []
    for serial in range(start, start + peers):
        firm = make_firm(carpi, serial)
        scored(firm, answers={"SOC-2.03": "no"} if serial % 2 else None)
        firms.append(firm)
    return firms


def test_firm_benchmarks_need_five_comparable_firms(
    base_version, firm_a, owner_a, carpi, client_for
):
    scored(firm_a, owner_a)
    peers = _cohort(carpi, 3)  # with firm A: 4 firms
    make_firm(carpi, 2101, employees=100)  # another size class: not comparable
    url = reverse("firm_benchmarks", args=[firm_a.pk])
    response = client_for(owner_a).get(url)
    assert response.status_code == 200
    lines = response.context["lines"]
    assert all(line["comparison"] is None for line in lines)
    assert response.content.count(b'class="suppressed"') == len(lines)
    peers += _cohort(carpi, 1, start=2050)
    response = client_for(owner_a).get(url)
    overall = response.context["lines"][0]
    assert overall["comparison"].summary.n == 5
    # firm A and two peers answer everything well, two peers miss SOC-2.03:
    # 2 below + 3 equal → (2 + 1.5) / 5 = 70
    assert overall["comparison"].percentile == 70.0
    assert overall["comparison"].summary.median == overall["value"]
    body = response.content.decode()
    for peer in peers:
        assert peer.legal_name not in body  # never names other firms


def test_firm_benchmarks_without_a_score(base_version, firm_b, owner_b, client_for):
    response = client_for(owner_b).get(reverse("firm_benchmarks", args=[firm_b.pk]))
    assert response.status_code == 200 and response.context["own"] is None
    assert b'id="no-score"' in response.content


def test_benchmark_pages_deny_what_they_must(everyone, firm_a, carpi, client_for):
    pages = [
        (reverse("firm_benchmarks", args=[firm_a.pk]), READERS),
        (reverse("district_scores", args=[carpi.slug]), CARPI_STAFF),
        (reverse("district_scores_csv", args=[carpi.slug]), CARPI_STAFF),
    ]
    for url, allowed in pages:
        for name, user in everyone.items():
            status = client_for(user).get(url).status_code
            assert status == (200 if name in allowed else 404), (url, name)
        response = client_for(None).get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _row(response, code="overall") -> dict:
    return next(row for row in response.context["table"] if row["code"] == code)


def test_district_scores_hide_groups_below_five(base_version, carpi, manager, client_for):
    _cohort(carpi, 4)
    url = reverse("district_scores", args=[carpi.slug])
    client = client_for(manager)
    row = _row(client.get(url))
    assert row["n"] == "<5" and row["median"] is None
    assert all(count == "<5" for _grade, count in row["grades"])
    csv_lines = client.get(url.replace("scores/", "scores.csv")).content.decode().splitlines()
    assert csv_lines[0].startswith("area,area_name,firms,A,B,C,D,E")
    assert csv_lines[1].startswith("overall,") and ",<5," in csv_lines[1]

    _cohort(carpi, 1, start=2050)
    response = client.get(url)
    row = _row(response)
    assert row["n"] == 5 and row["median"] is not None
    counts = dict(row["grades"])
    assert sum(c for c in counts.values() if c != "<5") <= 5
    assert all(c == "<5" or c >= 5 for c in counts.values())
    assert response.context["table"][1]["code"] == "environment"
    # filters: another size class leaves nobody; an unknown division is ignored
    row = _row(client.get(url, {"size": "large"}))
    assert row["n"] == "<5"
    row = _row(client.get(url, {"division": "14", "size": "small"}))
    assert row["n"] == 5
    assert _row(client.get(url, {"division": "99"}))["n"] == 5
    csv_text = client.get(reverse("district_scores_csv", args=[carpi.slug])).content.decode()
    assert csv_text.splitlines()[1].startswith("overall,")
    assert ",5," in csv_text.splitlines()[1]
    assert "Impresa Pari" not in csv_text
