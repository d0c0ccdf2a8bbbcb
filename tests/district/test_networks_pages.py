"""The network pages at work: creating, changing, members, services, projects, documents; bad
input answered on the field it concerns, with nothing saved."""

from __future__ import annotations

from django.urls import reverse

from filiera.district.models import Network, NetworkDocument, NetworkMember
from filiera.registry.identifiers import italian_vat
from tests.district import factories_networks as fx

firm_m, owner_m, network = fx.firm_m, fx.owner_m, fx.network
EN = {"accept-language": "en"}

FORM = {
    "name": "Rete Filati Puliti",
    "kind": "contract",
    "purpose_it": "Filati certificati per tutti.",
    "purpose_en": "",
    "signed_on": "2025-02-01",
    "expires_on": "",
    "vat": "",
    "website": "",
}


def errors_of(response) -> dict:
    form = response.context["form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_a_manager_creates_a_network_with_its_lead(client_for, manager, carpi, firm_a):
    url = reverse("network_create", args=[carpi.slug])
    response = client_for(manager).post(
        url, {**FORM, "lead": f"{firm_a.legal_name} ({firm_a.vat_display})", "public": "on"}
    )
    created = Network.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "network_detail", args=[created.pk]
    )
    assert created.public and created.district == carpi
    assert list(created.members.values_list("firm_id", "role")) == [(firm_a.pk, "lead")]


def test_create_with_bad_input_names_the_fields(client_for, manager, carpi, firm_a):
    browser = client_for(manager)
    url = reverse("network_create", args=[carpi.slug])
    bad_dates = {**FORM, "expires_on": "2025-01-01", "lead": firm_a.vat}
    response = browser.post(url, bad_dates, headers=EN)
    assert response.status_code == 200
    assert "Contract ends on" in errors_of(response)["expires_on"]
    response = browser.post(url, {**FORM, "lead": "Nessuna impresa"}, headers=EN)
    assert "Firm" in errors_of(response)["lead"]
    response = browser.post(
        url, {**FORM, "kind": "entity", "vat": "123", "lead": firm_a.vat}, headers=EN
    )
    assert "VAT number" in errors_of(response)["vat"]
    response = browser.post(url, {**FORM, "name": "", "lead": ""}, headers=EN)
    assert {"name", "lead"} <= set(errors_of(response))
    assert not Network.objects.exists()


def test_a_lead_editor_changes_the_details(client_for, editor_a, network):
    vat = italian_vat(4242)
    data = {**FORM, "name": "Rete Rinominata", "kind": "entity", "vat": vat, "public": "on"}
    response = client_for(editor_a).post(reverse("network_edit", args=[network.pk]), data)
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.kind, network.vat, network.public) == (
        "Rete Rinominata",
        "entity",
        vat,
        True,
    )


def test_the_edit_form_starts_from_the_saved_values(client_for, editor_a, network):
    response = client_for(editor_a).get(reverse("network_edit", args=[network.pk]))
    html = response.content.decode()
    assert 'value="Rete Maglia Test"' in html and 'value="2024-01-10"' in html


def test_members_add_change_and_the_last_lead(client_for, manager, network, firm_a, firm_b, firm_m):
    browser = client_for(manager)
    url = reverse("network_members", args=[network.pk])
    response = browser.post(
        url, {"firm": firm_b.vat_display, "role": "partner", "joined_on": "2025-03-01"}
    )
    assert response.status_code == 302
    assert network.members.get(firm=firm_b).role == "partner"
    response = browser.post(url, {"firm": firm_b.vat, "role": "member"}, headers=EN)
    assert "already a member" in errors_of_add(response)["firm"]
    lead = network.members.get(firm=firm_a)
    edit = reverse("network_member_edit", args=[network.pk, lead.pk])
    response = browser.post(edit, {f"m{lead.pk}-role": "member"}, headers=EN)
    assert response.status_code == 200
    bound = dict(response.context["members"])[lead]
    assert "only lead firm" in " ".join(bound.errors["role"])
    remove = reverse("network_member_remove", args=[network.pk, lead.pk])
    response = browser.post(remove, headers=EN, follow=True)
    assert "only lead firm" in response.content.decode()
    assert network.members.filter(firm=firm_a, role="lead").exists()
    other = network.members.get(firm=firm_m)
    browser.post(
        reverse("network_member_edit", args=[network.pk, other.pk]), {f"m{other.pk}-role": "lead"}
    )
    assert browser.post(remove).status_code == 302
    assert not NetworkMember.objects.filter(pk=lead.pk).exists()


def errors_of_add(response) -> dict:
    form = response.context["add_form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_firm_suggestions_list_district_firms_only(
    client_for, manager, carpi, firm_a, firm_b, brand_c
):
    url = reverse("network_firm_options", args=[carpi.slug])
    html = client_for(manager).get(url + "?firm=ficio").content.decode()
    assert (
        firm_a.legal_name in html and firm_b.legal_name in html and brand_c.legal_name not in html
    )
    html = client_for(manager).get(url + f"?firm={firm_b.vat_display[:6]}").content.decode()
    assert firm_b.vat_display in html
    assert client_for(manager).get(url + "?firm=x").content.decode().strip() == ""


def test_services_and_projects_pages(client_for, owner_a, network):
    browser = client_for(owner_a)
    services_url = reverse("network_services", args=[network.pk])
    response = browser.post(services_url, {"name_it": "", "name_en": "Logistics"}, headers=EN)
    assert "name_it" in errors_of(response)
    assert (
        browser.post(services_url, {"name_it": "Logistica", "name_en": "Logistics"}).status_code
        == 302
    )
    assert network.services.count() == 2
    service = network.services.get(name_it="Logistica")
    edit = reverse("network_service_edit", args=[network.pk, service.pk])
    assert 'value="Logistics"' in browser.get(edit).content.decode()
    browser.post(edit, {"name_it": "Logistica comune"})
    service.refresh_from_db()
    assert service.name_it == "Logistica comune"
    projects_url = reverse("network_projects", args=[network.pk])
    bad = {
        "title_it": "Sfridi",
        "status": "planned",
        "starts_on": "2025-05-01",
        "ends_on": "2025-04-01",
    }
    assert "Ends on" in errors_of(browser.post(projects_url, bad, headers=EN))["ends_on"]
    assert browser.post(projects_url, {**bad, "ends_on": ""}).status_code == 302
    project = network.projects.get(title_it="Sfridi")
    browser.post(reverse("network_project_delete", args=[network.pk, project.pk]))
    assert not network.projects.filter(pk=project.pk).exists()


def test_detail_shows_the_network_in_the_readers_language(client_for, viewer_a, network):
    html = (
        client_for(viewer_a)
        .get(reverse("network_detail", args=[network.pk]), headers=EN)
        .content.decode()
    )
    assert "Joint purchasing of certified yarn." in html
    assert (
        "Shared lab" in html
        and "Common passport" in html
        and fx.DOC_TITLE.replace("'", "&#x27;") in html
    )
    assert reverse("network_edit", args=[network.pk]) not in html
    html = client_for(viewer_a).get(reverse("network_detail", args=[network.pk])).content.decode()
    assert "Acquisti comuni di filato certificato." in html


def test_upload_and_download_a_document(client_for, editor_a, owner_m, network):
    url = reverse("network_document_upload", args=[network.pk])
    response = client_for(editor_a).post(
        url, {"title": "Contratto firmato", "file": fx.pdf_upload("firmato.pdf")}
    )
    assert response.status_code == 302
    document = network.documents.get(title="Contratto firmato")
    download = client_for(owner_m).get(reverse("network_document", args=[network.pk, document.pk]))
    assert download.status_code == 200
    assert (
        download["Content-Disposition"].startswith("attachment")
        and "firmato.pdf" in download["Content-Disposition"]
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == fx.PDF_BYTES


def test_a_document_of_another_network_is_not_served(client_for, manager, network, carpi, firm_b):
    other = fx.make_network(carpi, firm_b, name="Altra rete")
    document = network.documents.get()
    response = client_for(manager).get(reverse("network_document", args=[other.pk, document.pk]))
    assert response.status_code == 404


def test_bad_uploads_name_the_field(client_for, settings, editor_a, network):
    browser = client_for(editor_a)
    url = reverse("network_document_upload", args=[network.pk])
    response = browser.post(
        url, {"title": "Virus", "file": fx.pdf_upload("x.pdf", b"MZ not a pdf")}, headers=EN
    )
    assert "File:" in errors_of(response)["file"]
    response = browser.post(url, {"title": "", "file": fx.pdf_upload()}, headers=EN)
    assert "title" in errors_of(response)
    settings.EVIDENCE_MAX_BYTES = 100
    big = fx.pdf_upload("big.pdf", fx.PDF_BYTES + b"0" * 200_000)
    response = browser.post(url, {"title": "Grande", "file": big}, headers=EN)
    assert "larger than" in errors_of(response)["file"]
    assert NetworkDocument.objects.filter(network=network).count() == 1


def test_delete_a_network(client_for, manager, network):
    url = reverse("network_delete", args=[network.pk])
    assert network.name in client_for(manager).get(url).content.decode()
    response = client_for(manager).post(url)
    assert response.status_code == 302 and not Network.objects.filter(pk=network.pk).exists()
