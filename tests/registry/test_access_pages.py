"""Tenant isolation on every registry page: who may open it, and who must be denied."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

FIRM_READERS = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
FIRM_EDITORS = {"admin", "manager", "owner_a", "editor_a"}
FIRM_PEOPLE = {"admin", "manager", "owner_a"}
FIRM_HISTORY = {"admin", "manager"}
CARPI_STAFF = {"admin", "manager", "verifier"}
CARPI_MANAGERS = {"admin", "manager"}


def _pages(firm_a, carpi):
    site = firm_a.sites.get()
    return [
        (reverse("firm_detail", args=[firm_a.pk]), FIRM_READERS),
        (reverse("firm_edit", args=[firm_a.pk]), FIRM_EDITORS),
        (reverse("site_create", args=[firm_a.pk]), FIRM_EDITORS),
        (reverse("firm_members", args=[firm_a.pk]), FIRM_PEOPLE),
        (reverse("firm_audit", args=[firm_a.pk]), FIRM_HISTORY),
        (reverse("site_detail", args=[site.facility_id]), FIRM_READERS),
        (reverse("site_edit", args=[site.facility_id]), FIRM_EDITORS),
        (reverse("district_home", args=[carpi.slug]), CARPI_STAFF),
        (reverse("district_members", args=[carpi.slug]), CARPI_MANAGERS),
        (reverse("duplicates", args=[carpi.slug]), CARPI_MANAGERS),
        (reverse("district_edit", args=[carpi.slug]), CARPI_MANAGERS),
        (reverse("district_create"), {"admin"}),
        (reverse("account"), set(PERSONAS)),
        (reverse("firm_directory"), set(PERSONAS)),
        (reverse("firm_create") + "?district=carpi", {"admin", "manager", "prato_manager"}),
    ]


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def test_every_page_allows_its_roles_and_denies_the_others(everyone, firm_a, carpi, client_for):
    for url, allowed in _pages(firm_a, carpi):
        for name, user in everyone.items():
            status = client_for(user).get(url).status_code
            if name in allowed:
                assert status == 200, (url, name, status)
            else:
                assert status in (403, 404), (url, name, status)


def test_anonymous_visitors_are_sent_to_log_in(firm_a, carpi, client_for):
    for url, _allowed in _pages(firm_a, carpi):
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_writes_are_denied_like_reads(everyone, firm_a, client_for):
    url = reverse("firm_edit", args=[firm_a.pk])
    for name in ("verifier", "viewer_a", "owner_b", "brand_owner", "prato_manager", "outsider"):
        response = client_for(everyone[name]).post(
            url, {"legal_name": "Hijacked", "vat": firm_a.vat}
        )
        assert response.status_code in (403, 404), name
    firm_a.refresh_from_db()
    assert firm_a.legal_name == "Maglificio Alfa S.r.l."


def test_a_firm_owner_sees_only_own_firm_in_the_directory(owner_b, firm_a, firm_b, client_for):
    page = client_for(owner_b).get(reverse("firm_directory")).content.decode()
    assert "Ricamificio Beta" in page
    assert "Maglificio Alfa" not in page


def test_a_manager_of_another_district_does_not_see_carpi_firms(
    prato_manager, firm_a, brand_c, client_for
):
    page = client_for(prato_manager).get(reverse("firm_directory")).content.decode()
    assert "Lanificio Gamma" in page
    assert "Maglificio Alfa" not in page


def test_a_manager_cannot_create_a_firm_in_someone_elses_district(
    prato_manager, carpi, prato, client_for
):
    from tests.registry.test_firm_pages import firm_form_data

    client_for(prato_manager).post(
        reverse("firm_create"), firm_form_data(district="carpi", legal_name="Nuova Maglia S.r.l.")
    )
    from filiera.registry.models import Firm

    firm = Firm.objects.get(legal_name="Nuova Maglia S.r.l.")
    assert list(firm.districts.values_list("slug", flat=True)) == ["prato"]


def test_districts_a_person_works_in(owner_a, manager, brand_owner, outsider, carpi, prato, firm_a):
    from filiera.registry import access

    assert list(access.visible_districts(owner_a)) == [carpi]
    assert list(access.visible_districts(manager)) == [carpi]
    assert list(access.visible_districts(brand_owner)) == [prato]
    assert list(access.visible_districts(outsider)) == []


def test_a_hidden_firm_answers_with_the_platform_404_page_and_no_trace(owner_b, firm_a, client_for):
    response = client_for(owner_b).get(reverse("firm_detail", args=[firm_a.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina non trovata" in page and "Maglificio Alfa" not in page
