"""Bulk invitations: check the file (row-level report), then send them all; a bad file sends
nothing."""

from __future__ import annotations

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from filiera.chains.models import SupplyInvitation
from filiera.registry.identifiers import italian_vat

HEADER = "vat,email,name,tier,processes,message,asks\n"


def _csv(text: str, name: str = "invitations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + text).encode(), content_type="text/csv")


def _url(firm):
    return reverse("chain_bulk_invite", args=[firm.pk])


def test_template_lists_the_columns(brand_c, brand_owner, client_for):
    response = client_for(brand_owner).get(_url(brand_c), {"download": "template"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == HEADER.strip()


def test_check_then_send(brand_c, brand_owner, firm_a, client_for):
    mail.outbox.clear()
    client = client_for(brand_owner)
    rows = (
        f"{firm_a.vat},,,1,MU.KNIT_TO_SHAPE,,areas|sites\n"
        ",info@delta.example,Tintoria Delta,2,MU.EMBROIDERY,Benvenuti,grade\n"
    )
    response = client.post(_url(brand_c), {"action": "check", "file": _csv(rows)})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="bulk-send"' in body
    assert not SupplyInvitation.objects.exists() and not mail.outbox
    digest = response.context["digest"]

    response = client.post(_url(brand_c), {"action": "send", "digest": digest})
    assert response.status_code == 302
    assert response["Location"] == reverse("chain_invite", args=[brand_c.pk]) + "#sent"
    sent = SupplyInvitation.objects.filter(client=brand_c)
    assert sent.count() == 2
    assert sent.get(supplier=firm_a).requested_sites
    assert sent.get(email="info@delta.example").supplier is None
    assert len(mail.outbox) == 1  # firm A has nobody to write to; Delta gets its link
    # The checked file is used once.
    again = client.post(_url(brand_c), {"action": "send", "digest": digest})
    assert again.status_code == 200 and 'id="file-error"' in again.content.decode()
    assert SupplyInvitation.objects.count() == 2


def test_report_names_row_and_column_and_saves_nothing(brand_c, brand_owner, client_for):
    rows = (
        f"{italian_vat(3001)},,,1,,,\n"
        ",bad-address,,2,,,\n"
        f"{italian_vat(3002)},,,9,,,\n"
        f"{italian_vat(3003)},,,1,NOPE,,everything\n"
    )
    response = client_for(brand_owner).post(_url(brand_c), {"action": "check", "file": _csv(rows)})
    errors = {(row, column) for row, column, _message in response.context["report"].errors}
    assert (3, "email") in errors and (4, "tier") in errors and (5, "asks") in errors
    body = response.content.decode()
    assert 'id="bulk-send"' not in body and "<code>email</code>" in body
    assert "digest" not in response.context
    assert not SupplyInvitation.objects.exists()


def test_send_without_a_checked_file_sends_nothing(brand_c, brand_owner, client_for):
    response = client_for(brand_owner).post(_url(brand_c), {"action": "send", "digest": "x"})
    assert response.status_code == 200 and 'id="file-error"' in response.content.decode()
    assert not SupplyInvitation.objects.exists()


def test_a_file_checked_for_one_firm_cannot_be_sent_for_another(
    brand_c, brand_owner, brand_y, firm_a, client_for
):
    from filiera.registry.models import FirmMembership

    FirmMembership.objects.create(user=brand_owner, firm=brand_y, role="owner")
    client = client_for(brand_owner)
    response = client.post(
        _url(brand_c), {"action": "check", "file": _csv(f"{firm_a.vat},,,1,,,\n")}
    )
    digest = response.context["digest"]
    response = client.post(_url(brand_y), {"action": "send", "digest": digest})
    assert response.status_code == 200 and not SupplyInvitation.objects.exists()


def test_unreadable_file_is_reported(brand_c, brand_owner, client_for):
    upload = SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/csv")
    response = client_for(brand_owner).post(_url(brand_c), {"action": "check", "file": upload})
    assert response.status_code == 200 and response.context["report"].errors
    assert not SupplyInvitation.objects.exists()


def test_xlsx_is_read(brand_c, brand_owner, firm_a, client_for):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([firm_a.vat, "", "", 1, "MU.KNIT_TO_SHAPE", "", "grade"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("invitations.xlsx", data.getvalue())
    response = client_for(brand_owner).post(_url(brand_c), {"action": "check", "file": upload})
    assert response.context["report"].ok and response.context["report"].invited == 1
