def test_firm_fixture_has_a_site_with_coordinates(firm_a):
    site = firm_a.sites.get()
    assert site.municipality_id == "036005"
    assert (site.lat, site.lon) == (site.municipality.lat, site.municipality.lon)
    assert site.facility_id.startswith("FIL-")
    assert list(site.processes.values_list("code", flat=True)) == ["MU.KNIT_TO_SHAPE"]
