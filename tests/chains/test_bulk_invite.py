"""Bulk invitations from CSV or XLSX: every row checked first, a row-level report, nothing
partial (no invitation saved, no e-mail sent) when one row is wrong."""

from __future__ import annotations

import io

import openpyxl
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from filiera.chains.models import Level, SupplyInvitation
from filiera.chains.services.bulk import bulk_invite
from filiera.registry.identifiers import italian_vat

HEADER = "vat;email;name;tier;processes;message;asks\n"


def _csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "fornitori.csv", (HEADER + "\n".join(lines) + "\n").encode(), content_type="text/csv"
    )


def _good_rows(firm_a, firm_b) -> list[str]:
    return [
        f"{firm_a.vat};;;1;MU.KNIT_TO_SHAPE;Benvenuti;areas|sites",
        f";{'owner_b@example.test'};;2;MU.EMBROIDERY;;",
        f"{italian_vat(8080)};nuovo@example.test;Nuova S.r.l.;3;;;grade",
    ]


def test_bulk_invite_all_rows(brand_c, brand_owner, firm_a, owner_a, firm_b, owner_b):
    report = bulk_invite(brand_owner, brand_c, _csv(*_good_rows(firm_a, firm_b)))
    assert report.errors == [] and report.rows == 3 and report.invited == 3
    invitations = {i.vat or i.email: i for i in SupplyInvitation.objects.filter(client=brand_c)}
    assert invitations[firm_a.vat].supplier == firm_a
    assert invitations[firm_a.vat].requested_level == Level.AREAS
    assert invitations[firm_a.vat].requested_sites is True
    assert invitations["owner_b@example.test"].supplier == firm_b
    assert invitations[italian_vat(8080)].supplier is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nuovo@example.test",
        "owner_a@example.test",
        "owner_b@example.test",
    ]


def test_dry_run_saves_nothing(brand_c, brand_owner, firm_a, firm_b):
    report = bulk_invite(brand_owner, brand_c, _csv(*_good_rows(firm_a, firm_b)), dry_run=True)
    assert report.ok and report.invited == 3
    assert not SupplyInvitation.objects.exists() and not mail.outbox


def test_one_bad_row_saves_nothing_and_sends_nothing(brand_c, brand_owner, firm_a, firm_b):
    rows = [
        *_good_rows(firm_a, firm_b),
        f"{italian_vat(9090)};;;1;;;",  # unknown firm without e-mail
        "IT01234567891;x@example.test;;1;;;",  # wrong check digit
        f"{italian_vat(9191)};y@example.test;;9;;;",  # bad tier
        f"{italian_vat(9292)};z@example.test;;1;NOPE;;",  # unknown process
        f"{italian_vat(9393)};w@example.test;;1;;;everything",  # bad asks
        f"{firm_a.vat};;;2;MU.EMBROIDERY;;",  # same supplier as row 2
        f"{brand_c.vat};;;1;;;",  # the brand itself
    ]
    report = bulk_invite(brand_owner, brand_c, _csv(*rows))
    assert report.invited == 0 and report.rows == 10
    assert [(line, column) for line, column, _message in report.errors] == [
        (5, "email"),
        (6, "vat"),
        (7, "tier"),
        (8, "processes"),
        (9, "asks"),
        (10, "vat"),
        (11, "vat"),
    ]
    assert "2" in report.errors[5][2]
    assert not SupplyInvitation.objects.exists()
    assert not mail.outbox


def test_pending_invitation_is_a_row_error(brand_c, brand_owner, firm_a, owner_a):
    bulk_invite(brand_owner, brand_c, _csv(f"{firm_a.vat};;;1;;;"))
    mail.outbox.clear()
    report = bulk_invite(brand_owner, brand_c, _csv(f"{firm_a.vat};;;1;;;"))
    assert [(line, column) for line, column, _m in report.errors] == [(2, "vat")]
    assert SupplyInvitation.objects.count() == 1 and not mail.outbox


def test_xlsx_file(brand_c, brand_owner, firm_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["VAT", "E-mail", "Tier", "Processes"])
    sheet.append([firm_a.vat, None, 2, "MU.KNIT_TO_SHAPE|MU.EMBROIDERY"])
    sheet.append([None, "altro@example.test", 4, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("fornitori.xlsx", buffer.getvalue())
    report = bulk_invite(brand_owner, brand_c, upload)
    assert report.ok and report.invited == 2
    invitation = SupplyInvitation.objects.get(supplier=firm_a)
    assert invitation.tier == 2
    assert sorted(invitation.processes.values_list("code", flat=True)) == [
        "MU.EMBROIDERY",
        "MU.KNIT_TO_SHAPE",
    ]


def test_file_problems_are_reported(brand_c, brand_owner):
    empty = bulk_invite(brand_owner, brand_c, SimpleUploadedFile("x.csv", b""))
    assert empty.errors and empty.errors[0][0] == 1
    no_tier = bulk_invite(brand_owner, brand_c, SimpleUploadedFile("x.csv", b"vat;email\nx;y\n"))
    assert no_tier.errors and no_tier.errors[0][:2] == (1, "")
    header_only = bulk_invite(brand_owner, brand_c, SimpleUploadedFile("x.csv", HEADER.encode()))
    assert header_only.errors and header_only.rows == 0
    old_excel = SimpleUploadedFile("x.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert bulk_invite(brand_owner, brand_c, old_excel).errors
    assert not SupplyInvitation.objects.exists()
