"""Sites outside Italy: a country code, no municipality, placed by lat/lon (pages, import, API)."""

from __future__ import annotations

import io
import json

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from filiera.api.models import ApiToken
from filiera.registry import countries, services
from filiera.registry.forms import SiteForm
from filiera.registry.importing.columns import COLUMNS, EXPORT_COLUMNS
from filiera.registry.importing.export import export_rows
from filiera.registry.importing.service import import_file
from filiera.registry.models import Firm, Municipality, Site

PORTO = {"lat": 41.14961, "lon": -8.61099}
ADDRESS = "Rua das Flores 12, 4050-265 Porto"


def form_data(**overrides):
    data = {
        "name": "Tinturaria Porto",
        "country": "PT",
        "address": ADDRESS,
        "municipality_text": "",
        "workers": "",
        "osh_id": "",
        "gln": "",
        "pin_lat": str(PORTO["lat"]),
        "pin_lon": str(PORTO["lon"]),
        "processes": ["MU.GARMENT_DYEING"],
    }
    data.update(overrides)
    return data


def run(text: str, district=None, actor=None, dry_run=False):
    return import_file(
        io.BytesIO(text.encode()), "firms.csv", district=district, actor=actor, dry_run=dry_run
    )


def api(user):
    _token, key = ApiToken.issue(user, "tests")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post_json(client: Client, path: str, body: dict, method: str = "post"):
    send = getattr(client, method)
    return send("/api/v1" + path, json.dumps(body), content_type="application/json")


def porto_site(firm: Firm) -> Site:
    return services.create_site(
        None, firm, name="Tinturaria Porto", country="PT", address=ADDRESS, **PORTO
    )


# Model -----------------------------------------------------------------------------------------


def test_the_database_refuses_a_site_in_italy_without_municipality(firm_a):
    site = firm_a.sites.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.filter(pk=site.pk).update(municipality=None)
    abroad = porto_site(firm_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.filter(pk=abroad.pk).update(country="IT")
    Site.objects.filter(pk=abroad.pk).update(country="ES")  # abroad: any country, no municipality


def test_the_model_names_the_field_it_misses(firm_a):
    from django.core.exceptions import ValidationError

    site = Site(firm=firm_a, name="X", facility_id="FIL-X", lat=44.0, lon=10.0)
    with pytest.raises(ValidationError) as caught:
        site.full_clean()
    assert "municipality" in caught.value.message_dict
    site.country = "XX"
    with pytest.raises(ValidationError) as caught:
        site.full_clean()
    assert "country" in caught.value.message_dict


def test_place_label(firm_a):
    italian = firm_a.sites.get()
    assert italian.place_label == str(italian.municipality) == "Carpi (MO)"
    abroad = porto_site(firm_a)
    with translation.override("it"):
        assert abroad.place_label == "Porto, Portogallo"
    with translation.override("en"):
        assert abroad.place_label == "Porto, Portugal"
    abroad.address = ""
    assert abroad.place_label == countries.name("PT")


def test_country_choices_put_italy_first_then_sort_by_the_local_name():
    with translation.override("it"):
        codes = [code for code, _name in countries.choices()]
        names = [name for _code, name in countries.choices()]
    assert codes[0] == "IT" and len(codes) == 249
    assert names.index("Germania") < names.index("Portogallo") < names.index("Svizzera")
    assert countries.lookup("pt") == countries.lookup("Portogallo") == "PT"
    assert "PT" in countries.EU and "CH" not in countries.EU


# Pages -----------------------------------------------------------------------------------------


def test_owner_adds_a_site_in_portugal(owner_a, firm_a, client_for):
    response = client_for(owner_a).post(reverse("site_create", args=[firm_a.pk]), form_data())
    site = Site.objects.get(name="Tinturaria Porto")
    assert response.status_code == 302 and response.url == site.get_absolute_url()
    assert (site.country, site.municipality_id) == ("PT", None)
    assert (site.lat, site.lon, site.pinned) == (PORTO["lat"], PORTO["lon"], True)
    page = client_for(owner_a).get(site.get_absolute_url()).content.decode()
    assert "Porto, Portogallo" in page and f'data-lat="{site.lat:f}"' in page
    firm_page = client_for(owner_a).get(firm_a.get_absolute_url()).content.decode()
    assert "Porto, Portogallo" in firm_page and "Carpi (MO)" in firm_page


def test_abroad_the_municipality_is_ignored(owner_a, firm_a, client_for):
    data = form_data(municipality_text="Atlantide")
    client_for(owner_a).post(reverse("site_create", args=[firm_a.pk]), data)
    assert Site.objects.get(name="Tinturaria Porto").municipality_id is None


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"pin_lat": "", "pin_lon": ""}, {"pin_lat", "pin_lon"}),
        ({"pin_lon": ""}, {"pin_lon"}),
        ({"address": ""}, {"address"}),
        ({"address": "Rua das Flores 12"}, {"address"}),  # no city
        ({"country": "ZZ"}, {"country"}),
        ({"country": "IT"}, {"municipality_text"}),
        ({"country": ""}, {"municipality_text"}),  # no country: Italy
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(owner_a, firm_a, client_for, change, fields):
    response = client_for(owner_a).post(
        reverse("site_create", args=[firm_a.pk]), form_data(**change)
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == fields
    assert not Site.objects.filter(name="Tinturaria Porto").exists()


def test_the_form_hides_the_municipality_abroad(owner_a, firm_a, client_for):
    site = porto_site(firm_a)
    page = client_for(owner_a).get(reverse("site_edit", args=[site.facility_id])).content
    assert b'id="municipality-field" hidden' in page
    assert b'<option value="PT" selected>' in page
    italian = firm_a.sites.exclude(pk=site.pk).get()
    page = client_for(owner_a).get(reverse("site_edit", args=[italian.facility_id])).content
    assert b'id="municipality-field">' in page


def test_a_site_moves_abroad_and_back(owner_a, firm_a, client_for):
    site = firm_a.sites.get()
    edit = reverse("site_edit", args=[site.facility_id])
    client_for(owner_a).post(edit, form_data(name=site.name, municipality_text="Carpi (MO)"))
    site.refresh_from_db()
    assert (site.country, site.municipality_id, site.lat) == ("PT", None, PORTO["lat"])
    back = form_data(name=site.name, country="IT", municipality_text="Carpi (MO)")
    client_for(owner_a).post(edit, back | {"pin_lat": "", "pin_lon": ""})
    site.refresh_from_db()
    carpi = Municipality.objects.get(pk="036005")
    assert (site.country, site.municipality_id, site.lat, site.pinned) == (
        "IT",
        "036005",
        carpi.lat,
        False,
    )


def test_the_form_for_an_italian_site_is_as_before(firm_a):
    site = firm_a.sites.get()
    form = SiteForm(instance=site)
    assert form.initial["country"] == "IT" and not form.abroad
    assert form.initial["municipality_text"] == "Carpi (MO)"


# Import ----------------------------------------------------------------------------------------

HEADER = "vat,name,site_name,address,municipality,lat,lon,country\n"
VAT = "IT00030080360"  # an Italian firm with a site in Portugal


def test_import_a_site_in_portugal(carpi, manager):
    text = HEADER + f'{VAT},Filati Verdi,Porto,"{ADDRESS}",,41.14961,-8.61099,PT\n'
    report = run(text, carpi, manager)
    assert report.ok, report.errors
    site = Site.objects.get(firm__vat=VAT)
    assert (site.country, site.municipality_id, site.lat, site.lon, site.pinned) == (
        "PT",
        None,
        41.14961,
        -8.61099,
        True,
    )
    assert site.place_label.startswith("Porto, ")
    again = run(text, carpi, manager)
    assert again.ok and again.sites_unchanged == 1


def test_import_rows_abroad_need_lat_and_lon(carpi, manager):
    text = (
        HEADER
        + f"{VAT},Filati Verdi,Porto,Rua 1,,,,PT\n"  # no position
        + f"{VAT},Filati Verdi,Braga,Rua 2,,41.5,,PT\n"  # half a position
        + f"{VAT},Filati Verdi,Carpi,Via 3,,,,\n"  # Italy (empty country) without municipality
        + f"{VAT},Filati Verdi,Lione,Rue 4,Carpi (MO),45.7,4.8,FR\n"  # municipality abroad
        + f"{VAT},Filati Verdi,Boh,Rue 5,,45.7,4.8,Narnia\n"  # not a country
    )
    report = run(text, carpi, manager)
    assert [(e.line, e.field) for e in report.errors] == [
        (2, "lat"),
        (3, "lon"),
        (4, "municipality"),
        (5, "municipality"),
        (6, "country"),
    ]
    assert not Firm.objects.filter(vat=VAT).exists()  # nothing partial


def test_a_file_of_sites_abroad_needs_no_municipality_column(carpi, manager):
    text = "vat,name,address,lat,lon,country\n" + f'{VAT},Filati Verdi,"{ADDRESS}",41.1,-8.6,pt\n'
    report = run(text, carpi, manager)
    assert report.ok, report.errors
    assert Site.objects.get(firm__vat=VAT).country == "PT"


def test_rows_in_italy_keep_their_rules(carpi, manager):
    text = HEADER + f"{VAT},Filati Verdi,Sede,Via Roma 1,Carpi (MO),,,IT\n"
    assert run(text, carpi, manager).ok
    site = Site.objects.get(firm__vat=VAT)
    assert (site.country, site.municipality_id, site.pinned) == ("IT", "036005", False)


def test_export_and_import_round_trip_a_site_abroad(carpi, manager, firm_a):
    site = porto_site(firm_a)
    rows = [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in export_rows(Firm.objects.all())]
    row = next(r for r in rows if r["facility_id"] == site.facility_id)
    assert (row["country"], row["municipality"], row["municipality_name"]) == ("PT", None, "")
    assert (row["lat"], row["lon"]) == (PORTO["lat"], PORTO["lon"])
    assert EXPORT_COLUMNS[-3:] == ("facility_id", "municipality_name", "country")
    assert COLUMNS[-1] == "country"
    cells = ["" if row[c] is None else str(row[c]) for c in EXPORT_COLUMNS]
    text = ",".join(EXPORT_COLUMNS) + "\n" + ",".join(f'"{c}"' for c in cells) + "\n"
    report = run(text, carpi, manager)
    assert report.ok, report.errors
    assert report.sites_unchanged == 1


# API -------------------------------------------------------------------------------------------


def test_api_creates_and_reads_a_site_abroad(owner_a, firm_a):
    client = api(owner_a)
    body = {"name": "Tinturaria Porto", "country": "pt", "address": ADDRESS, **PORTO}
    response = post_json(client, f"/firms/{firm_a.pk}/sites", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["country"], created["municipality"], created["pinned"]) == ("PT", None, True)
    read = client.get(f"/api/v1/sites/{created['facility_id']}").json()
    assert read == created
    italian = client.get(f"/api/v1/sites/{firm_a.sites.get(country='IT').facility_id}").json()
    assert italian["country"] == "IT" and italian["municipality"]["istat_code"] == "036005"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"country": "PT", "address": ADDRESS}, "lat"),
        ({"country": "PT", "lat": 41.1, "lon": -8.6}, "address"),
        ({"country": "IT"}, "municipality"),
        ({}, "municipality"),
        ({"country": "QQ", "lat": 41.1, "lon": -8.6, "address": ADDRESS}, "country"),
    ],
)
def test_api_bad_input_names_the_field(owner_a, firm_a, body, field):
    response = post_json(api(owner_a), f"/firms/{firm_a.pk}/sites", {"name": "Y", **body})
    assert response.status_code == 422, response.content
    assert ["body", field] in [item["loc"] for item in response.json()["detail"]]
    assert not Site.objects.filter(name="Y").exists()


def test_api_moves_a_site_abroad(owner_a, firm_a):
    code = firm_a.sites.get().facility_id
    body = {"country": "PT", "address": ADDRESS, **PORTO}
    response = post_json(api(owner_a), f"/sites/{code}", body, method="patch")
    assert response.status_code == 200, response.content
    assert (response.json()["country"], response.json()["municipality"]) == ("PT", None)
