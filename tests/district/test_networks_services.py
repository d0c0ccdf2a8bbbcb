"""The network services' rules: dates, VAT of a rete-soggetto, members of the district each once,
the last lead firm, services and projects, document checks; every write audited, nothing
partial saved on bad input."""

from __future__ import annotations

from datetime import date

import pytest

from filiera.core.models import AuditEvent
from filiera.district.models import Network, NetworkDocument, NetworkMember
from filiera.district.services import networks as services
from filiera.district.services import networks_documents as documents
from filiera.district.services.networks import NetworkError
from filiera.registry.identifiers import italian_vat
from tests.district import factories_networks as fx

firm_m, owner_m, network = fx.firm_m, fx.owner_m, fx.network

VALUES = {
    "name": "Rete Nuova",
    "kind": "contract",
    "purpose_it": "Fare insieme.",
    "signed_on": date(2025, 1, 1),
}


def error_field(call, *args, **kwargs) -> str | None:
    with pytest.raises(NetworkError) as caught:
        call(*args, **kwargs)
    assert caught.value.translated()
    return caught.value.field


def test_creating_a_network_makes_its_lead_and_audits(manager, carpi, firm_a):
    created = services.create_network(
        manager, carpi, {**VALUES, "public": True}, lead=firm_a, joined_on=date(2025, 1, 2)
    )
    lead = created.members.get()
    assert (lead.firm, lead.role, lead.joined_on) == (firm_a, "lead", date(2025, 1, 2))
    assert created.created_by == manager and created.public
    actions = set(AuditEvent.objects.filter(district_id=carpi.pk).values_list("action", flat=True))
    assert {"create_network", "add_network_member"} <= actions
    assert AuditEvent.objects.filter(action="add_network_member", firm_id=firm_a.pk).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "club"}, "kind"),
        ({"purpose_it": ""}, "purpose_it"),
        ({"expires_on": date(2024, 12, 31)}, "expires_on"),
        ({"expires_on": date(2025, 1, 1)}, "expires_on"),
        ({"kind": "entity"}, "vat"),
        ({"kind": "entity", "vat": "IT12345678901"}, "vat"),
        ({"kind": "entity", "vat": "12345"}, "vat"),
        ({"vat": italian_vat(555)}, "vat"),
    ],
)
def test_bad_network_input_names_the_field_and_saves_nothing(manager, carpi, firm_a, values, field):
    assert (
        error_field(services.create_network, manager, carpi, {**VALUES, **values}, lead=firm_a)
        == field
    )
    assert not Network.objects.exists() and not NetworkMember.objects.exists()


def test_a_rete_soggetto_keeps_its_vat_in_canonical_form(manager, carpi, firm_a):
    digits = italian_vat(777).removeprefix("IT")
    created = services.create_network(
        manager, carpi, {**VALUES, "kind": "entity", "vat": f" {digits} "}, lead=firm_a
    )
    assert created.vat == "IT" + digits


def test_the_lead_must_be_a_firm_of_the_district(manager, carpi, brand_c):
    assert error_field(services.create_network, manager, carpi, VALUES, lead=brand_c) == "firm"
    assert not Network.objects.exists()


def test_update_records_only_what_changed(editor_a, network):
    services.update_network(editor_a, network, {"website": "https://rete.example", "public": True})
    network.refresh_from_db()
    assert network.public and network.website == "https://rete.example"
    event = AuditEvent.objects.get(action="update_network")
    assert set(event.changes) == {"website", "public"}
    services.update_network(editor_a, network, {"website": "https://rete.example"})
    assert AuditEvent.objects.filter(action="update_network").count() == 1


def test_update_with_bad_dates_keeps_the_network(editor_a, network):
    assert (
        error_field(services.update_network, editor_a, network, {"expires_on": date(2020, 1, 1)})
        == "expires_on"
    )
    network.refresh_from_db()
    assert network.expires_on is None


def test_find_firm_by_vat_name_or_suggestion(carpi, firm_a, firm_b, brand_c):
    assert services.find_firm(carpi, firm_a.vat) == firm_a
    assert services.find_firm(carpi, firm_a.vat_display) == firm_a
    assert services.find_firm(carpi, "maglificio alfa s.r.l.") == firm_a
    assert services.find_firm(carpi, "Ricamificio") == firm_b
    assert services.find_firm(carpi, f"Whatever name ({firm_b.vat_display})") == firm_b
    for typed in ("", "Lanificio Gamma", brand_c.vat, "S.r.l. nessuna"):
        with pytest.raises(NetworkError) as caught:
            services.find_firm(carpi, typed)
        assert caught.value.field == "firm"


def test_find_firm_asks_for_the_vat_when_several_match(carpi, firm_a, firm_m):
    with pytest.raises(NetworkError, match="several"):
        services.find_firm(carpi, "Magli")


def test_a_firm_joins_once(manager, network, firm_m, firm_b, brand_c):
    assert error_field(services.add_member, manager, network, firm_m, "member") == "firm"
    assert error_field(services.add_member, manager, network, brand_c, "member") == "firm"
    assert error_field(services.add_member, manager, network, firm_b, "boss") == "role"
    services.add_member(manager, network, firm_b, "partner", date(2025, 5, 1))
    assert network.members.count() == 3


def test_the_last_lead_cannot_leave_nor_step_down(manager, network, firm_m):
    lead = network.members.get(role="lead")
    assert error_field(services.remove_member, manager, lead) is None
    assert error_field(services.change_member, manager, lead, "member") == "role"
    assert network.members.filter(role="lead").count() == 1
    other = network.members.get(firm=firm_m)
    services.change_member(manager, other, "lead")
    services.change_member(manager, lead, "member")
    services.remove_member(manager, lead)
    assert list(network.members.values_list("firm_id", "role")) == [(firm_m.pk, "lead")]
    assert AuditEvent.objects.filter(action="remove_network_member").count() == 1


def test_services_and_projects(editor_a, network):
    with pytest.raises(NetworkError) as caught:
        services.save_service(editor_a, network, {"name_it": " "})
    assert caught.value.field == "name_it"
    service = services.save_service(
        editor_a, network, {"name_it": "Logistica", "name_en": "Logistics"}
    )
    services.save_service(editor_a, network, {"name_it": "Logistica comune"}, service)
    service.refresh_from_db()
    assert service.name_it == "Logistica comune" and service.name_en == ""
    bad = {
        "title_it": "X",
        "status": "running",
        "starts_on": date(2025, 2, 1),
        "ends_on": date(2025, 1, 1),
    }
    with pytest.raises(NetworkError) as caught:
        services.save_project(editor_a, network, bad)
    assert caught.value.field == "ends_on"
    with pytest.raises(NetworkError) as caught:
        services.save_project(editor_a, network, {**bad, "ends_on": None, "status": "?"})
    assert caught.value.field == "status"
    project = services.save_project(editor_a, network, {**bad, "ends_on": date(2025, 2, 1)})
    services.delete_item(editor_a, project)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "add_network_service",
        "update_network_service",
        "add_network_project",
        "delete_network_project",
    } <= set(actions)


@pytest.mark.parametrize(
    "upload",
    [
        fx.pdf_upload(),
        fx.office_upload("budget.xlsx", "xl/workbook.xml"),
        fx.office_upload("lettera.docx", "word/document.xml"),
    ],
)
def test_documents_accepted_by_content(editor_a, network, upload):
    document = documents.add_document(editor_a, network, "Contratto", upload)
    assert document.content_type in (
        "application/pdf",
        documents.OOXML_PARTS["xl/workbook.xml"],
        documents.OOXML_PARTS["word/document.xml"],
    )
    assert document.file.storage.exists(document.file.name)


@pytest.mark.parametrize(
    "upload",
    [
        fx.pdf_upload("finto.pdf", b"MZ\x90\x00 not a pdf at all"),
        fx.plain_zip(),
        fx.pdf_upload("vuoto.pdf", b""),
        fx.pdf_upload("foto.png", b"\x89PNG\r\n\x1a\nbroken"),
    ],
)
def test_documents_refused_name_the_file_field(editor_a, network, upload):
    before = NetworkDocument.objects.count()
    with pytest.raises(NetworkError) as caught:
        documents.add_document(editor_a, network, "Contratto", upload)
    assert caught.value.field == "file" and "File:" in caught.value.translated()
    assert NetworkDocument.objects.count() == before


def test_documents_over_the_limit_and_without_title(settings, editor_a, network):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(NetworkError) as caught:
        documents.add_document(editor_a, network, "Contratto", fx.pdf_upload())
    assert caught.value.field == "file"
    with pytest.raises(NetworkError) as caught:
        documents.add_document(editor_a, network, " ", fx.pdf_upload())
    assert caught.value.field == "title"


def test_deleting_removes_the_files(django_capture_on_commit_callbacks, manager, network):
    document = network.documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_network(manager, network)
    assert not storage.exists(name)
    assert not NetworkDocument.objects.exists()
    assert AuditEvent.objects.filter(action="delete_network").exists()
