from django.urls import reverse

from filiera.registry import duplicates
from filiera.registry.models import DuplicateCandidate, FacilityId, Site


def site_form_data(**overrides):
    data = {
        "name": "Reparto stiro",
        "address": "Via dell'Industria 5",
        "municipality_text": "Soliera (MO)",
        "workers": "6",
        "osh_id": "",
        "gln": "",
        "pin_lat": "",
        "pin_lon": "",
        "processes": ["MU.PRESSING", "MU.QC"],
    }
    data.update(overrides)
    return data


def test_owner_adds_a_site_placed_at_its_municipality(owner_a, firm_a, client_for):
    response = client_for(owner_a).post(reverse("site_create", args=[firm_a.pk]), site_form_data())
    site = Site.objects.get(name="Reparto stiro")
    assert response.status_code == 302 and response.url == site.get_absolute_url()
    assert site.municipality_id == "036044"
    assert (site.lat, site.lon, site.pinned) == (
        site.municipality.lat,
        site.municipality.lon,
        False,
    )
    assert sorted(site.processes.values_list("code", flat=True)) == ["MU.PRESSING", "MU.QC"]
    assert FacilityId.objects.get(code=site.facility_id).site == site


def test_editor_pins_a_site_by_hand(editor_a, firm_a, client_for):
    site = firm_a.sites.get()
    data = site_form_data(
        name=site.name, municipality_text="036005", pin_lat="44.7841", pin_lon="10.8795"
    )
    client_for(editor_a).post(reverse("site_edit", args=[site.facility_id]), data)
    site.refresh_from_db()
    assert (site.lat, site.lon, site.pinned) == (44.7841, 10.8795, True)


def test_bad_site_input_names_the_field(owner_a, firm_a, client_for):
    data = site_form_data(municipality_text="Castro", gln="123", pin_lat="44.8", workers="many")
    response = client_for(owner_a).post(reverse("site_create", args=[firm_a.pk]), data)
    errors = response.context["form"].errors
    assert (
        "ambiguo" in errors["municipality_text"][0]
        and "Castro (LE)" in errors["municipality_text"][0]
    )
    assert "13 cifre" in errors["gln"][0]
    assert "sia latitudine sia longitudine" in errors["pin_lon"][0]
    assert "workers" in errors
    assert not Site.objects.filter(name="Reparto stiro").exists()


def test_site_page_shows_the_map_point_and_processes(viewer_a, firm_a, client_for):
    site = firm_a.sites.get()
    page = client_for(viewer_a).get(site.get_absolute_url()).content.decode()
    assert site.facility_id in page
    assert f'data-lat="{site.lat:f}"' in page
    assert "leaflet.js" in page


def test_facility_id_is_forgiving_in_urls_and_merged_ids_redirect(manager, firm_a, client_for):
    keep = firm_a.sites.get()
    from filiera.registry import services

    drop = services.create_site(None, firm_a, name="Sede due", municipality=keep.municipality)
    client = client_for(manager)
    lower = client.get(reverse("site_detail", args=[keep.facility_id.lower().replace("-", "")]))
    assert lower.status_code == 302 and lower.url == keep.get_absolute_url()
    duplicates.merge_sites(manager, keep, drop)
    old = client.get(reverse("site_detail", args=[drop.facility_id]))
    assert old.status_code == 301 and old.url == keep.get_absolute_url()
    assert not Site.objects.filter(pk=drop.pk).exists()
    # The absorbed ID stays issued: never handed out again.
    assert FacilityId.objects.get(code=drop.facility_id).site == keep


def test_a_similar_site_nearby_raises_a_duplicate_warning(owner_a, manager, firm_a, client_for):
    site = firm_a.sites.get()
    data = site_form_data(name=site.name, municipality_text="Carpi (MO)")
    client_for(owner_a).post(reverse("site_create", args=[firm_a.pk]), data)
    candidate = DuplicateCandidate.objects.get(kind="site")
    assert candidate.status == "open"
    page = client_for(manager).get(reverse("duplicates", args=["carpi"])).content.decode()
    assert site.facility_id in page
    # Dismissed pairs are remembered and not raised again.
    duplicates.decide(manager, candidate, "dismissed")
    new_site = Site.objects.exclude(pk=site.pk).get()
    assert duplicates.check_site(manager, new_site) == []
