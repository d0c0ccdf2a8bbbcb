"""The district dashboard page: who may see it, hidden small counts, filters, refresh."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.district.insight_engine import SUPPRESSED
from filiera.district.models import FirmFact
from filiera.district.services.insight import refresh_district
from tests.conftest import PERSONAS
from tests.district.conftest import certificate, scored
from tests.district.factories_insight import AREAS, account, assessment, make_firms

pytestmark = pytest.mark.django_db
EN = {"headers": {"accept-language": "en"}}


@pytest.fixture
def personas(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def page(client, slug="carpi", **params):
    return client.get(reverse("district_insight", args=[slug]), params, **EN)


def rows_of(board, key, table=0):
    section = board.section(key)
    return dict(section.tables[table].lines) if section else {}


# Who may see it ------------------------------------------------------------------------------

ALLOWED = {"admin", "manager", "verifier"}


def urls(slug="carpi"):
    return [
        reverse("district_insight", args=[slug]),
        reverse("district_insight_map", args=[slug]),
        reverse("district_insight_report", args=[slug]),
        reverse("district_insight_export", kwargs={"slug": slug, "chart": "grades", "fmt": "csv"}),
        reverse("district_insight_export", kwargs={"slug": slug, "chart": "trends", "fmt": "xlsx"}),
    ]


def test_personas(personas, client_for, carpi, base_version):
    make_firms(carpi, 5, start=100)
    refresh_district(carpi.pk)
    for name, user in personas.items():
        client = client_for(user)
        for url in urls():
            status = client.get(url).status_code
            assert status == (200 if name in ALLOWED else 404), (name, url, status)


def test_anonymous_goes_to_login(client_for, carpi):
    client = client_for(None)
    for url in [*urls(), reverse("district_insight_refresh", args=["carpi"])]:
        response = client.get(url) if "refresh" not in url else client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_refresh_button(personas, client_for, carpi, base_version):
    make_firms(carpi, 5, start=100)
    url = reverse("district_insight_refresh", args=["carpi"])
    for name, user in personas.items():
        status = client_for(user).post(url).status_code
        expected = {"admin": 302, "manager": 302, "verifier": 403}.get(name, 404)
        assert status == expected, (name, status)
    # The manager's (and admin's) request ran the refresh (tasks run at once in tests).
    assert FirmFact.objects.filter(district=carpi).count() == 7  # with firm A and B
    assert AuditEvent.objects.filter(action="insight_refresh", district_id=carpi.pk).count() == 2
    assert client_for(personas["manager"]).get(url).status_code == 405


def test_other_district_is_hidden(client_for, prato_manager, carpi, prato, base_version):
    make_firms(carpi, 5, start=100)
    refresh_district(carpi.pk)
    assert page(client_for(prato_manager)).status_code == 404


# What it shows -------------------------------------------------------------------------------


def test_not_computed_yet(client_for, manager, carpi):
    response = page(client_for(manager))
    assert response.status_code == 200
    assert not response.context["board"].computed
    assert reverse("district_insight_refresh", args=["carpi"]).encode() in response.content


def test_four_firms_show_nothing(client_for, manager, carpi, base_version):
    for firm in make_firms(carpi, 4, start=100):
        scored(firm, grade="A")
    refresh_district(carpi.pk)
    response = page(client_for(manager))
    board = response.context["board"]
    assert board.firms == 4 and not board.enough and board.sections == []
    assert b'id="insight-too-few"' in response.content
    assert b"insight-map" not in response.content


def test_five_firms_show_figures_small_counts_hidden(
    client_for, manager, verifier, carpi, base_version
):
    firms = make_firms(carpi, 5, start=100)
    for firm in firms[:3]:
        scored(firm, grade="B", areas=AREAS)
    assessment(firms[3], "draft")
    for index, firm in enumerate(firms):
        account(firm, f"person{index}", days_since_login=5)
    certificate(firms[0], "durc", days=20)
    refresh_district(carpi.pk)
    response = page(client_for(verifier))
    board = response.context["board"]
    assert board.firms == 5 and board.enough
    assert [s.key for s in board.sections] == [
        "onboarding",
        "progress",
        "grades",
        "trends",
        "certificates",
    ]  # fmt: skip  (no chain or symbiosis data: no indicators section)
    onboarding = rows_of(board, "onboarding")
    assert onboarding["firms"][1:] == [5, 100.0]
    assert onboarding["with_account"][1:] == [5, 100.0]
    assert onboarding["active"][1:] == [5, 100.0]
    progress = rows_of(board, "progress")
    assert progress["verified"][1] == SUPPRESSED  # 3 firms
    assert progress["draft"][1] == SUPPRESSED
    assert progress["none"][1] == SUPPRESSED
    assert progress["submitted"][1] == 0
    assert progress["verified"][2] is None  # the share of a hidden count is hidden too
    assert onboarding["firms"][2] == 100.0
    grades = rows_of(board, "grades")
    overall = grades["overall"]
    assert overall[1] == SUPPRESSED  # 3 graded firms
    assert overall[2:7] == [0, SUPPRESSED, 0, 0, 0]
    assert overall[7] is None  # share over 3 firms: hidden
    assert grades["environment"][3] == SUPPRESSED
    certificates = rows_of(board, "certificates")
    assert certificates["certificates"][1] == SUPPRESSED
    # The same hidden counts in the charts, never the numbers.
    chart = board.section("grades").charts[0][1]
    assert "<svg" in chart and ">3<" not in chart
    assert b"&lt;5" in response.content


def test_a_grade_with_five_firms_shows(client_for, manager, carpi, base_version):
    firms = make_firms(carpi, 8, start=100)
    for firm in firms[:5]:
        scored(firm, grade="A", areas=AREAS)
    for firm in firms[5:]:
        scored(firm, grade="C")
    refresh_district(carpi.pk)
    board = page(client_for(manager)).context["board"]
    overall = rows_of(board, "grades")["overall"]
    assert overall[1:7] == [8, 5, 0, SUPPRESSED, 0, 0]
    assert overall[7] == 62.5
    assert rows_of(board, "grades")["social"][1:3] == [5, 5]
    trend = board.section("trends").tables[0].rows
    assert trend[-1][1] == 8 and trend[-1][3] == 8


def test_filters(client_for, manager, carpi, base_version):
    make_firms(carpi, 6, start=100, ateco="14.10.20", municipality="036005")
    make_firms(carpi, 5, start=200, ateco="13.10.00", municipality="036040", employees=30)
    make_firms(carpi, 2, start=300, ateco="13.10.00", municipality="036005", employees=30)
    refresh_district(carpi.pk)
    client = client_for(manager)
    assert page(client).context["board"].firms == 13
    assert page(client, sector="14").context["board"].firms == 6
    assert page(client, sector="13").context["board"].firms == 7
    assert page(client, municipality="036040").context["board"].firms == 5
    assert page(client, size="small").context["board"].firms == 7
    board = page(client, sector="13", municipality="036005").context["board"]
    assert board.firms == 2 and board.sections == []
    unknown = page(client, sector="99", size="huge").context["board"]  # ignored
    assert unknown.firms == 13
    form = page(client).context["form"]
    assert [c for c, _l in form.fields["sector"].choices] == ["", "13", "14"]
    assert [c for c, _l in form.fields["size"].choices] == ["", "micro", "small"]
    # Export links carry the filters.
    content = page(client, sector="14").content.decode()
    assert "grades.csv?sector=14" in content and "report.pdf?sector=14" in content


def test_page_says_when_computed(client_for, manager, carpi, base_version):
    make_firms(carpi, 5, start=100)
    refresh_district(carpi.pk)
    response = page(client_for(manager))
    assert b'id="insight-computed"' in response.content
    assert response.context["board"].computed_at is not None


def test_page_queries_do_not_grow(
    client_for, manager, carpi, base_version, django_assert_max_num_queries
):
    firms = make_firms(carpi, 12, start=100)
    for firm in firms:
        scored(firm, grade="B", areas=AREAS)
        certificate(firm, "durc", days=40)
    refresh_district(carpi.pk)
    client = client_for(manager)
    page(client)
    with django_assert_max_num_queries(16):
        assert page(client).status_code == 200
