"""Sites over the API: list with filters, detail by facility ID, create, update, bad input."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.registry import duplicates, services
from filiera.registry.models import Municipality, Site


def site_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [site["name"] for site in response.json()["items"]]


def locs(response) -> list[list[str]]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


def test_detail_has_every_field(api_for, firm_a, owner_a):
    site = firm_a.sites.get()
    body = api_for("owner_a").get(f"/sites/{site.facility_id}").json()
    carpi = Municipality.objects.get(pk="036005")
    assert body == {
        "facility_id": site.facility_id, "firm": firm_a.pk, "name": "Maglificio Alfa S.r.l. · sede",
        "address": "Via Roma 1", "country": "IT",
        "municipality": {"istat_code": "036005", "name": "Carpi", "province": "MO"},
        "lat": carpi.lat, "lon": carpi.lon, "pinned": False, "processes": ["MU.KNIT_TO_SHAPE"],
        "workers": None, "osh_id": "", "gln": "",
    }  # fmt: skip


def test_detail_forgives_case_and_separators(api_for, firm_a, owner_a):
    code = firm_a.sites.get().facility_id
    response = api_for("owner_a").get("/sites/" + code.lower().replace("-", ""))
    assert response.status_code == 200 and response.json()["facility_id"] == code


def test_merged_facility_id_answers_with_the_surviving_site(api_for, firm_a, owner_a):
    keep = firm_a.sites.get()
    drop = services.create_site(
        None, firm_a, name="Magazzino", municipality=Municipality.objects.get(pk="036005"),
        processes=["MU.EMBROIDERY"],
    )  # fmt: skip
    duplicates.merge_sites(None, keep, drop)
    client = api_for("owner_a")
    body = client.get(f"/sites/{drop.facility_id}").json()
    assert body["facility_id"] == keep.facility_id
    assert "MU.EMBROIDERY" in body["processes"]
    patched = client.patch(f"/sites/{drop.facility_id}", {"workers": 9})
    assert patched.status_code == 200 and patched.json()["facility_id"] == keep.facility_id


@pytest.mark.parametrize("code", ["FIL-00000000-0", "not-an-id"])
def test_unknown_facility_id_is_404(api_for, firm_a, admin, code):
    assert api_for("admin").get(f"/sites/{code}").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {},
            [
                "Maglificio Alfa S.r.l. · sede",
                "Ricamificio Beta S.n.c. · sede",
                "Lanificio Gamma S.p.A. · sede",
            ],
        ),
        ({"municipality": "036040"}, ["Ricamificio Beta S.n.c. · sede"]),
        ({"process": "MU.KNIT_TO_SHAPE"}, ["Maglificio Alfa S.r.l. · sede"]),
        ({"process": "FF"}, ["Lanificio Gamma S.p.A. · sede"]),
        ({"process": "FF.KNIT_WEFT"}, []),
    ],
)
def test_filters(api_for, world, query, expected):
    assert site_names(api_for("admin").get("/sites", **query)) == expected


def test_filter_by_firm(api_for, world):
    firm_b = world["firm_b"]
    assert site_names(api_for("admin").get("/sites", firm=firm_b.pk)) == [
        "Ricamificio Beta S.n.c. · sede"
    ]
    assert site_names(api_for("owner_a").get("/sites", firm=firm_b.pk)) == []


@pytest.mark.parametrize("persona", ["owner_a", "editor_a", "manager", "admin"])
def test_create_under_a_firm(api_for, firm_a, persona):
    response = api_for(persona).post(
        f"/firms/{firm_a.pk}/sites",
        {
            "name": "Reparto stiro",
            "municipality": "Soliera (MO)",
            "processes": ["MU.PRESSING"],
            "workers": 3,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    soliera = Municipality.objects.get(name="Soliera")
    assert body["municipality"]["istat_code"] == soliera.pk
    assert (body["lat"], body["lon"], body["pinned"]) == (soliera.lat, soliera.lon, False)
    assert body["facility_id"].startswith("FIL-") and body["firm"] == firm_a.pk
    assert body["facility_id"] in api_for(persona).get(f"/firms/{firm_a.pk}").json()["sites"]
    assert (
        AuditEvent.objects.filter(
            object_type="registry.site", action="create", firm_id=firm_a.pk
        ).count()
        == 2
    )


def test_create_with_a_pin(api_for, firm_a, owner_a):
    body = (
        api_for("owner_a")
        .post(
            f"/firms/{firm_a.pk}/sites",
            {"name": "Deposito", "municipality": "036005", "lat": 44.78, "lon": 10.88},
        )
        .json()
    )
    assert (body["lat"], body["lon"], body["pinned"]) == (44.78, 10.88, True)


def test_patch_changes_only_what_is_sent_and_can_unpin(api_for, firm_a, owner_a):
    client = api_for("owner_a")
    code = firm_a.sites.get().facility_id
    body = client.patch(
        f"/sites/{code}", {"lat": 44.79, "lon": 10.89, "gln": "4012345000009"}
    ).json()
    assert (body["lat"], body["pinned"], body["gln"]) == (44.79, True, "4012345000009")
    assert body["name"] == "Maglificio Alfa S.r.l. · sede" and body["processes"] == [
        "MU.KNIT_TO_SHAPE"
    ]
    body = client.patch(f"/sites/{code}", {"processes": ["MU.EMBROIDERY", "MU.PRESSING"]}).json()
    assert body["pinned"] is True and body["processes"] == ["MU.EMBROIDERY", "MU.PRESSING"]
    body = client.patch(
        f"/sites/{code}", {"lat": None, "lon": None, "municipality": "Soliera (MO)"}
    ).json()
    soliera = Municipality.objects.get(name="Soliera")
    assert (body["lat"], body["pinned"], body["municipality"]["name"]) == (
        soliera.lat,
        False,
        "Soliera",
    )
    assert AuditEvent.objects.filter(object_type="registry.site", action="update").count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipality": "Atlantide"}, "municipality"),
        ({"municipality": "999999"}, "municipality"),
        ({"processes": ["MU.NOPE"]}, "processes"),
        ({"gln": "4012345000008"}, "gln"),
        ({"lat": 44.7}, "lon"),
        ({"lat": 144.7, "lon": 10.0}, "lat"),
        ({"workers": "many"}, "workers"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(api_for, firm_a, owner_a, change, field):
    client = api_for("owner_a")
    site = firm_a.sites.get()
    before = (Site.objects.count(), AuditEvent.objects.count(), site.updated_at)
    new = {"name": "Nuovo", "municipality": "036005"} | change
    assert ["body", field] in locs(client.post(f"/firms/{firm_a.pk}/sites", new))
    assert ["body", field] in locs(client.patch(f"/sites/{site.facility_id}", change))
    site.refresh_from_db()
    assert (Site.objects.count(), AuditEvent.objects.count(), site.updated_at) == before
