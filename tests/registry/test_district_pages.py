import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from filiera.core.models import AuditEvent
from filiera.registry.models import District


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def district_data(**overrides):
    data = {
        "name": "Distretto di Carpi",
        "slug": "carpi",
        "managing_body": "Comune di Carpi",
        "description_it": "Maglieria e abbigliamento.",
        "description_en": "Knitwear and clothing.",
        "contact_email": "distretto@example.test",
        "contact_phone": "",
        "website": "",
        "municipalities_text": "Carpi (MO)\n036044, Novi di Modena",
        "sectors_text": "13, 14",
        "languages": ["it", "en"],
    }
    data.update(overrides)
    return data


def test_manager_edits_the_district_with_municipalities_and_logo(manager, carpi, client_for):
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client_for(manager).post(
        reverse("district_edit", args=["carpi"]), district_data(logo=logo)
    )
    assert response.status_code == 302
    carpi.refresh_from_db()
    assert sorted(carpi.municipalities.values_list("istat_code", flat=True)) == [
        "036005",
        "036028",
        "036044",
    ]
    assert carpi.sectors == ["13", "14"] and carpi.languages == ["it", "en"]
    assert carpi.logo.name.startswith("logos/districts/")
    event = AuditEvent.objects.get(object_type="registry.district", action="update")
    assert event.changes["municipalities"][1] == ["036005", "036028", "036044"]


def test_bad_district_input_names_the_field_and_saves_nothing(manager, carpi, client_for):
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client_for(manager).post(
        reverse("district_edit", args=["carpi"]),
        district_data(
            name="Cambiato", municipalities_text="Atlantide", sectors_text="99.99.99", logo=fake
        ),
    )
    errors = response.context["form"].errors
    assert "Atlantide" in errors["municipalities_text"][0]
    assert "99.99.99" in errors["sectors_text"][0]
    assert "logo" in errors
    carpi.refresh_from_db()
    assert carpi.name == "Distretto di Carpi" and not carpi.logo


def test_only_platform_admins_open_districts(admin, manager, client_for):
    assert client_for(manager).get(reverse("district_create")).status_code == 404
    response = client_for(admin).post(
        reverse("district_create"),
        district_data(name="Distretto di Prato", slug="prato", municipalities_text="Prato (PO)"),
    )
    assert response.status_code == 302
    assert District.objects.get(slug="prato").municipalities.get().name == "Prato"


def test_district_details_are_for_its_managers_only(
    verifier, prato_manager, owner_a, carpi, client_for
):
    for user in (verifier, prato_manager, owner_a):
        assert client_for(user).get(reverse("district_edit", args=["carpi"])).status_code == 404
