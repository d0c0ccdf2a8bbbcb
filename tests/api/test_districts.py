"""Districts over the API: list, detail, create (platform admins), update (their managers)."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.registry.models import District

NEW = {
    "slug": "capannori", "name": "Distretto cartario di Capannori", "managing_body": "Comune",
    "municipalities": ["046007"], "sectors": ["13.20"], "languages": ["it", "en"],
    "contact_email": "info@capannori.example", "website": "https://capannori.example",
}  # fmt: skip


def locs(response) -> list[list[str]]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


def test_detail_has_every_field(api_for, carpi, manager):
    body = api_for("manager").get("/districts/carpi").json()
    assert body == {
        "slug": "carpi", "name": "Distretto di Carpi", "managing_body": "Comune di Carpi",
        "municipalities": ["036005"], "sectors": [], "languages": [], "contact_email": "", "website": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", ["carpi", "prato"]),
        ("manager", ["carpi"]),
        ("verifier", ["carpi"]),
        ("owner_a", ["carpi"]),
        ("brand_owner", ["prato"]),
        ("prato_manager", ["prato"]),
        ("outsider", []),
    ],
)
def test_list_shows_the_districts_one_works_in(api_for, carpi, prato, persona, expected):
    response = api_for(persona).get("/districts")
    assert response.status_code == 200
    assert [d["slug"] for d in response.json()["items"]] == expected


def test_admin_creates_a_district(api_for, admin):
    response = api_for("admin").post("/districts", NEW | {"municipalities": ["Capannori (LU)"]})
    assert response.status_code == 201, response.content
    assert response.json() == NEW
    district = District.objects.get(slug="capannori")
    event = AuditEvent.objects.get(object_type="registry.district")
    assert (event.action, event.district_id, event.actor) == ("create", district.pk, admin)
    assert event.changes["municipalities"] == [None, ["046007"]]


@pytest.mark.parametrize("persona", ["manager", "verifier", "owner_a", "outsider"])
def test_only_admins_create_districts(api_for, carpi, persona):
    assert api_for(persona).post("/districts", NEW).status_code == 403
    assert not District.objects.filter(slug="capannori").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "carpi"}, "slug"),
        ({"slug": "not a slug"}, "slug"),
        ({"municipalities": ["Atlantide"]}, "municipalities"),
        ({"sectors": ["99.99"]}, "sectors"),
        ({"languages": ["italiano"]}, "languages"),
        ({"contact_email": "nope"}, "contact_email"),
        ({"website": "not a url"}, "website"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(api_for, carpi, admin, change, field):
    client = api_for("admin")
    before = (District.objects.count(), AuditEvent.objects.count())
    assert [loc[:2] for loc in locs(client.post("/districts", NEW | change))] == [["body", field]]
    if field != "slug":
        assert [loc[:2] for loc in locs(client.patch("/districts/carpi", change))] == [
            ["body", field]
        ]
    assert (District.objects.count(), AuditEvent.objects.count()) == before
    carpi.refresh_from_db()
    assert (carpi.name, list(carpi.municipalities.values_list("pk", flat=True))) == (
        "Distretto di Carpi",
        ["036005"],
    )


def test_manager_patches_their_district(api_for, carpi, manager):
    response = api_for("manager").patch(
        "/districts/carpi", {"municipalities": ["036005", "Soliera (MO)"], "languages": ["it"]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["municipalities"] == ["036005", "036044"] and body["languages"] == ["it"]
    assert body["name"] == "Distretto di Carpi"
    event = AuditEvent.objects.get(object_type="registry.district")
    assert set(event.changes) == {"languages", "municipalities"} and event.actor == manager


def test_slug_is_not_changed_by_patch(api_for, carpi, manager):
    body = api_for("manager").patch("/districts/carpi", {"slug": "other"}).json()
    assert body["slug"] == "carpi"
