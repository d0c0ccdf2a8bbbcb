"""Managers create, change and cancel events, take attendance and share materials."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from filiera.core.models import AuditEvent
from filiera.district.models import Event, EventMaterial, Registration
from tests.district import factories_events as fixtures

event = fixtures.event
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def form_data(**over) -> dict:
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=10)
    data = {
        "kind": "lab",
        "title_it": "Laboratorio sulla gestione chimica",
        "title_en": "",
        "description_it": "Pratica guidata.",
        "description_en": "",
        "starts_at": local(start),
        "ends_at": local(start + timedelta(hours=3)),
        "place": "Via Roma 1, Carpi",
        "online_url": "",
        "capacity": "12",
        "registration_open": "on",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_manager_creates_an_event(client_for, manager, carpi):
    url = reverse("event_create", args=[carpi.slug])
    assert client_for(manager).get(url).status_code == 200
    response = client_for(manager).post(url, form_data())
    created = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "event_detail", args=[created.pk]
    )
    assert (created.district, created.kind, created.capacity) == (carpi, "lab", 12)
    assert created.created_by == manager and created.registration_open and not created.public
    assert timezone.localtime(created.starts_at).hour == int(form_data()["starts_at"][11:13])
    assert AuditEvent.objects.filter(object_type="district.event", action="create").exists()


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title_it": ""}, "title_it"),
        ({"ends_at": "2020-01-01T10:00"}, "ends_at"),
        ({"place": "", "online_url": ""}, "place"),
        ({"capacity": "0"}, "capacity"),
        ({"kind": "party"}, "kind"),
        ({"online_url": "not a link", "place": ""}, "online_url"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client_for, manager, carpi, over, field):
    response = client_for(manager).post(
        reverse("event_create", args=[carpi.slug]), form_data(**over)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_manager_edits_an_event(client_for, manager, event):
    url = reverse("event_edit", args=[event.pk])
    page = client_for(manager).get(url).content.decode()
    assert local(event.starts_at) in page  # the local time in the field
    data = form_data(title_it="Nuovo titolo", capacity="5", public="on")
    response = client_for(manager).post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_it, event.capacity, event.public) == ("Nuovo titolo", 5, True)
    audit = AuditEvent.objects.get(object_type="district.event", action="update")
    assert audit.changes["title_it"][1] == "Nuovo titolo"


def test_seats_never_below_the_people_registered(client_for, manager, owner_a, owner_b, event):
    fixtures.register(event, owner_a)
    fixtures.register(event, owner_b)
    response = client_for(manager).post(
        reverse("event_edit", args=[event.pk]), form_data(capacity="1")
    )
    assert response.status_code == 200
    assert "2" in " ".join(response.context["form"].non_field_errors())
    event.refresh_from_db()
    assert event.capacity == 2 and event.title_it != form_data()["title_it"]


def test_attendance_is_saved_and_counted(client_for, manager, owner_a, owner_b, verifier, event):
    a = fixtures.register(event, owner_a)
    b = fixtures.register(event, owner_b)
    gone = fixtures.register(event, verifier, status=Registration.Status.CANCELLED)
    url = reverse("event_attendance", args=[event.pk])
    page = client_for(manager).get(url)
    assert [r.pk for r, _f in page.context["form"].rows()] == sorted([a.pk, b.pk])
    response = client_for(manager).post(url, {f"r{a.pk}": "yes", f"r{b.pk}": "no"})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    gone.refresh_from_db()
    assert (a.attended, b.attended, gone.attended) == (True, False, None)
    counts = client_for(manager).get(url).context["counts"]
    assert counts == {"registered": 2, "attended": 1, "absent": 1, "unknown": 0, "cancelled": 1}
    assert AuditEvent.objects.filter(object_type="district.registration").count() == 2
    # Back to "not recorded".
    client_for(manager).post(url, {f"r{a.pk}": "", f"r{b.pk}": "no"})
    a.refresh_from_db()
    assert a.attended is None


def test_attendance_bad_value_saves_nothing(client_for, manager, owner_a, event):
    a = fixtures.register(event, owner_a)
    url = reverse("event_attendance", args=[event.pk])
    response = client_for(manager).post(url, {f"r{a.pk}": "maybe"})
    assert response.status_code == 200 and response.context["form"].errors
    a.refresh_from_db()
    assert a.attended is None


def test_attendance_csv(client_for, manager, owner_a, verifier, firm_a, event):
    owner_a.first_name, owner_a.last_name = "=Anna", "Alfa"
    owner_a.save()
    fixtures.register(event, owner_a, firm=firm_a, attended=True)
    fixtures.register(event, verifier)
    gone = owner_a.__class__.objects.create(username="gone", email="gone@example.test")
    fixtures.register(event, gone, status="cancelled")
    response = client_for(manager).get(reverse("event_attendance_csv", args=[event.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_email = {r["email"]: r for r in rows}
    assert sorted(by_email) == sorted([owner_a.email, verifier.email])
    first = by_email[owner_a.email]
    assert first["name"] == "'=Anna Alfa"  # never a spreadsheet formula
    assert (first["firm"], first["vat"], first["attendance"]) == (
        firm_a.legal_name,
        firm_a.vat,
        "attended",
    )
    staff = by_email[verifier.email]
    assert (staff["firm"], staff["attendance"]) == ("", "")
    assert gone.email not in text


def test_materials_file_and_link(client_for, manager, owner_a, owner_b, event):
    url = reverse("event_materials", args=[event.pk])
    upload = SimpleUploadedFile("slide.pdf", PDF, content_type="application/pdf")
    response = client_for(manager).post(url, {"title": "Slide", "file": upload})
    assert response.status_code == 302
    client_for(manager).post(url, {"title": "Registrazione", "url": "https://video.example.test/1"})
    stored, link = EventMaterial.objects.order_by("id")
    assert (stored.file_name, stored.content_type, stored.size) == (
        "slide.pdf",
        "application/pdf",
        len(PDF),
    )
    fixtures.register(event, owner_a)
    download = client_for(owner_a).get(reverse("event_material", args=[event.pk, stored.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="slide.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    jump = client_for(owner_a).get(reverse("event_material", args=[event.pk, link.pk]))
    assert (jump.status_code, jump.url) == (302, "https://video.example.test/1")
    # Registered people see the list on the event page; others do not.
    page = client_for(owner_a).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "Registrazione" in page and 'id="materials"' in page
    other = client_for(owner_b).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "Registrazione" not in other and 'id="materials"' not in other
    assert (
        client_for(owner_b).get(reverse("event_material", args=[event.pk, stored.pk])).status_code
        == 404
    )
    # Deleting removes the row and the stored file.
    name = stored.file.name
    storage = stored.file.storage
    client_for(manager).post(reverse("event_material_delete", args=[event.pk, stored.pk]))
    assert not EventMaterial.objects.filter(pk=stored.pk).exists()
    assert AuditEvent.objects.filter(object_type="district.eventmaterial", action="delete").exists()
    assert storage.exists(name)  # deleted only once the change is committed


def test_material_of_another_event_is_404(client_for, manager, event, carpi):
    other = fixtures.make_event(carpi)
    material = EventMaterial.objects.create(event=other, title="x", url="https://x.test")
    url = reverse("event_material", args=[event.pk, material.pk])
    assert client_for(manager).get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"title": "x"}, "file"),
        ({"title": "x", "url": "https://x.test", "file": "pdf"}, "file"),
        ({"title": "", "url": "https://x.test"}, "title"),
        ({"title": "x", "file": "exe"}, "file"),
    ],
)
def test_material_bad_input(client_for, manager, event, data, problem):
    if data.get("file") == "pdf":
        data["file"] = SimpleUploadedFile("a.pdf", PDF)
    elif data.get("file") == "exe":
        data["file"] = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(manager).post(reverse("event_materials", args=[event.pk]), data)
    assert response.status_code == 200
    assert problem in response.context["form"].errors
    assert not EventMaterial.objects.exists()


def test_material_too_large(client_for, manager, event, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", PDF)
    response = client_for(manager).post(
        reverse("event_materials", args=[event.pk]), {"title": "Big", "file": upload}
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not EventMaterial.objects.exists()
