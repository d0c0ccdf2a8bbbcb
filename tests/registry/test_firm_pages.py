from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm


def firm_form_data(**overrides):
    data = {
        "legal_name": "Confezioni Delta S.r.l.",
        "vat": italian_vat(2001)[2:],
        "legal_form": "srl",
        "role": "subcontractor",
        "employees": "7",
        "turnover_eur": "800000",
        "ateco": "14.21.10, 14.10.20",
        "rea": "",
        "lei": "",
        "website": "",
        "email": "",
        "description_it": "",
        "description_en": "",
    }
    data.update(overrides)
    return data


def test_manager_creates_a_firm_in_the_district(manager, carpi, client_for):
    response = client_for(manager).post(reverse("firm_create"), firm_form_data(district="carpi"))
    firm = Firm.objects.get(legal_name="Confezioni Delta S.r.l.")
    assert response.status_code == 302 and response.url == firm.get_absolute_url()
    assert firm.vat == italian_vat(2001)
    assert firm.size_class == "micro"
    assert list(firm.activities.values_list("code", "is_primary")) == [
        ("14.21.10", True),
        ("14.10.20", False),
    ]
    assert list(firm.districts.all()) == [carpi]
    event = AuditEvent.objects.get(object_type="registry.firm", action="create")
    assert event.actor == manager and event.firm_id == firm.pk
    assert event.changes["legal_name"] == [None, "Confezioni Delta S.r.l."]


def test_bad_input_names_the_field_and_saves_nothing(manager, carpi, client_for):
    response = client_for(manager).post(
        reverse("firm_create"),
        firm_form_data(district="carpi", vat="12345678901", ateco="99.99.99", employees="-3"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cifra di controllo" in errors["vat"][0]
    assert "99.99.99" in errors["ateco"][0]
    assert "employees" in errors
    assert not Firm.objects.filter(legal_name="Confezioni Delta S.r.l.").exists()


def test_duplicate_vat_is_refused(manager, firm_a, client_for):
    response = client_for(manager).post(
        reverse("firm_create"), firm_form_data(district="carpi", vat=firm_a.vat)
    )
    assert "ha già questa partita IVA" in response.context["form"].errors["vat"][0]


def test_owner_edits_the_firm_and_the_change_is_audited(owner_a, manager, firm_a, client_for):
    data = firm_form_data(legal_name="Maglificio Alfa S.r.l.", vat=firm_a.vat, employees="60")
    response = client_for(owner_a).post(reverse("firm_edit", args=[firm_a.pk]), data)
    assert response.status_code == 302
    firm_a.refresh_from_db()
    assert firm_a.employees == 60 and firm_a.size_class == "medium"
    history = client_for(manager).get(reverse("firm_audit", args=[firm_a.pk])).content.decode()
    assert "employees" in history and "owner_a" in history


def test_english_pages_are_in_english_and_italian_is_the_default(owner_a, firm_a, client_for):
    client = client_for(owner_a)
    assert "Modifica" in client.get(reverse("firm_detail", args=[firm_a.pk])).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Edit firm" in client.get(reverse("firm_detail", args=[firm_a.pk])).content.decode()
