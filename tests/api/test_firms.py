"""Firms over the API: list with filters, detail, create, update, and bad input."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm

NEW_VAT = italian_vat(2001)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [firm["legal_name"] for firm in response.json()["items"]]


def locs(response) -> list[list[str]]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


def test_list_shows_what_the_user_may_see(api_for, world):
    body = api_for("manager").get("/firms").json()
    assert [f["legal_name"] for f in body["items"]] == [
        "Maglificio Alfa S.r.l.",
        "Ricamificio Beta S.n.c.",
    ]
    assert body["next_cursor"] is None


def test_detail_has_every_field(api_for, firm_a, owner_a):
    site = firm_a.sites.get()
    body = api_for("owner_a").get(f"/firms/{firm_a.pk}").json()
    assert body == {
        "id": firm_a.pk, "legal_name": "Maglificio Alfa S.r.l.", "vat": firm_a.vat, "country": "IT",
        "rea": "", "lei": "", "legal_form": "", "role": "subcontractor", "employees": 12,
        "turnover_eur": 1_500_000, "size_class": "small", "website": "", "email": "",
        "description_it": "", "description_en": "", "ateco": ["14.10.20"], "districts": ["carpi"],
        "sites": [site.facility_id],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "alfa"}, ["Maglificio Alfa S.r.l."]),
        ({"q": "S.n.c. · sede"}, ["Ricamificio Beta S.n.c."]),
        (
            {"ateco": "14"},
            ["Lanificio Gamma S.p.A.", "Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."],
        ),
        ({"ateco": "13"}, []),
        ({"process": "MU.EMBROIDERY"}, ["Ricamificio Beta S.n.c."]),
        ({"process": "FF"}, ["Lanificio Gamma S.p.A."]),
        ({"municipality": "100005"}, ["Lanificio Gamma S.p.A."]),
        ({"size": "micro"}, ["Ricamificio Beta S.n.c."]),
        ({"role": "brand"}, ["Lanificio Gamma S.p.A."]),
        ({"district": "carpi"}, ["Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."]),
        ({"district": "carpi", "size": "small"}, ["Maglificio Alfa S.r.l."]),
    ],
)
def test_filters(api_for, world, query, expected):
    assert names(api_for("admin").get("/firms", **query)) == expected


def test_filters_never_widen_what_the_user_sees(api_for, world):
    assert names(api_for("prato_manager").get("/firms", district="carpi")) == []
    assert names(api_for("owner_b").get("/firms", q="alfa")) == []


def test_manager_creates_a_firm_in_their_district(api_for, carpi, manager):
    response = api_for("manager").post(
        "/firms",
        {"district": "carpi", "legal_name": "Confezioni Delta S.r.l.", "vat": NEW_VAT[2:],
         "role": "manufacturer", "employees": 30, "ateco": ["13.20", "14.10.20"], "legal_form": "srl"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["vat"] == NEW_VAT and body["districts"] == ["carpi"]
    assert body["ateco"] == ["13.20", "14.10.20"]
    assert body["size_class"] == "small" and body["sites"] == []
    firm = Firm.objects.get(pk=body["id"])
    event = AuditEvent.objects.get(object_type="registry.firm", object_id=str(firm.pk))
    assert event.action == "create" and event.actor == manager


def test_admin_creates_a_firm_in_any_district(api_for, prato, admin):
    response = api_for("admin").post(
        "/firms",
        {"district": "prato", "legal_name": "Tessile Epsilon", "vat": NEW_VAT, "role": "brand"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["districts"] == ["prato"]


def test_manager_cannot_create_in_another_district(api_for, prato, manager):
    response = api_for("manager").post(
        "/firms", {"district": "prato", "legal_name": "X", "vat": NEW_VAT, "role": "brand"}
    )
    assert locs(response) == [["body", "district"]]
    assert not Firm.objects.filter(vat=NEW_VAT).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vat": "12345678901"}, "vat"),
        ({"vat": "IT123"}, "vat"),
        ({"vat": "DUPLICATE"}, "vat"),
        ({"ateco": ["99.99.99"]}, "ateco"),
        ({"lei": "not-a-lei"}, "lei"),
        ({"role": "pirate"}, "role"),
        ({"employees": -1}, "employees"),
        ({"email": "not an address"}, "email"),
        ({"legal_name": ""}, "legal_name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    api_for, firm_a, firm_b, manager, change, field
):
    if change.get("vat") == "DUPLICATE":
        change = {"vat": firm_b.vat_display}
    body = {
        "district": "carpi",
        "legal_name": "Nuova S.r.l.",
        "vat": NEW_VAT,
        "role": "brand",
    } | change
    client = api_for("manager")
    before = (Firm.objects.count(), AuditEvent.objects.count(), firm_a.updated_at)
    assert locs(client.post("/firms", body)) == [["body", field]]
    assert locs(client.patch(f"/firms/{firm_a.pk}", change)) == [["body", field]]
    firm_a.refresh_from_db()
    assert (Firm.objects.count(), AuditEvent.objects.count(), firm_a.updated_at) == before


def test_422_matches_ninjas_shape(api_for, carpi, manager):
    detail = (
        api_for("manager")
        .post("/firms", {"district": "carpi", "vat": "12345678901"})
        .json()["detail"]
    )
    assert {tuple(item["loc"]) for item in detail} == {("body", "legal_name"), ("body", "role")}
    assert all({"type", "loc", "msg"} <= set(item) for item in detail)


@pytest.mark.parametrize("persona", ["owner_a", "editor_a", "manager", "admin"])
def test_patch_changes_only_what_is_sent(api_for, firm_a, persona):
    response = api_for(persona).patch(
        f"/firms/{firm_a.pk}",
        {"employees": 60, "ateco": ["14.10"], "website": "https://alfa.example"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["employees"] == 60 and body["size_class"] == "medium"
    assert body["website"] == "https://alfa.example"
    assert body["legal_name"] == "Maglificio Alfa S.r.l." and body["turnover_eur"] == 1_500_000
    assert body["ateco"] == ["14.10"]
    event = AuditEvent.objects.filter(object_type="registry.firm", action="update").get()
    assert set(event.changes) == {"ateco", "employees", "size_class", "website"}


def test_patch_with_null_clears_an_optional_field(api_for, firm_a, owner_a):
    body = api_for("owner_a").patch(f"/firms/{firm_a.pk}", {"turnover_eur": None}).json()
    assert body["turnover_eur"] is None and body["employees"] == 12


def test_patch_may_change_the_vat(api_for, firm_a, owner_a):
    body = api_for("owner_a").patch(f"/firms/{firm_a.pk}", {"vat": NEW_VAT[2:]}).json()
    assert body["vat"] == NEW_VAT


def test_a_models_own_check_answers_422_too(api_for, firm_a, owner_a, monkeypatch):
    """Should a service's ``full_clean`` refuse what the form let through, the client gets a 422."""
    from django.core.exceptions import ValidationError

    from filiera.registry import services

    def refuse(*args, **kwargs):
        raise ValidationError({"vat": ["Refused by the model."]})

    monkeypatch.setattr(services, "update_firm", refuse)
    response = api_for("owner_a").patch(f"/firms/{firm_a.pk}", {"employees": 3})
    assert locs(response) == [["body", "vat"]]
    assert response.json()["detail"][0]["msg"] == "Refused by the model."


@pytest.mark.parametrize(("firm_id", "status"), [("abc", 422), ("0", 404), ("9" * 30, 404)])
def test_odd_firm_ids_answer_in_json(api_for, admin, firm_id, status):
    response = api_for("admin").get(f"/firms/{firm_id}")
    assert response.status_code == status and "detail" in response.json()
