"""Fixtures of the network tests.

World (on top of tests/conftest.py): ``firm_m``, a third knitting firm of Carpi, with its owner
``owner_m``; ``network``, a network contract of Carpi led by firm A (so ``owner_a`` and
``editor_a`` edit it, ``viewer_a`` only reads) with firm M as a plain member, a shared service,
a project and a PDF document. Firm B (``owner_b``) is in Carpi but not a member.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from filiera.district.models import (
    Network,
    NetworkDocument,
    NetworkMember,
    NetworkProject,
    NetworkService,
    ShowcaseEntry,
)
from tests.conftest import _firm, _member

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOC_TITLE = "Verbale riservato dell'assemblea XQZ"
PRIVATE_DOC_NAME = "verbale-riservato.pdf"


def pdf_upload(name: str = "contratto.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_upload(name: str = "budget.xlsx", part: str = "xl/workbook.xml") -> SimpleUploadedFile:
    """A minimal Office Open XML file: the parts that tell its kind."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def plain_zip(name: str = "archive.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def make_network(district, lead, *members, public=False, **fields) -> Network:
    values = {
        "name": "Rete Maglia Test",
        "kind": Network.Kind.CONTRACT,
        "purpose_it": "Acquisti comuni di filato certificato.",
        "purpose_en": "Joint purchasing of certified yarn.",
        "signed_on": date(2024, 1, 10),
        **fields,
    }
    network = Network.objects.create(district=district, public=public, **values)
    NetworkMember.objects.create(network=network, firm=lead, role=NetworkMember.Role.LEAD)
    for firm in members:
        NetworkMember.objects.create(network=network, firm=firm, role=NetworkMember.Role.MEMBER)
    return network


def add_document(network, title: str = DOC_TITLE, name: str = PRIVATE_DOC_NAME) -> NetworkDocument:
    document = NetworkDocument(
        network=network,
        title=title,
        file_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    document.file.save(name, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def showcase_entry(district, firm, name: str | None = None) -> ShowcaseEntry:
    return ShowcaseEntry.objects.create(district=district, firm=firm, name=name or firm.legal_name)


@pytest.fixture
def firm_m(carpi):
    return _firm("Maglieria Emme S.r.l.", 1004, carpi, employees=6)


@pytest.fixture
def owner_m(make_user, firm_m):
    return _member(make_user, firm_m, "owner_m", "owner")


@pytest.fixture
def network(carpi, firm_a, firm_m):
    found = make_network(carpi, firm_a, firm_m)
    NetworkService.objects.create(
        network=found,
        name_it="Laboratorio condiviso",
        name_en="Shared lab",
        description_it="Prove chimiche.",
    )
    NetworkProject.objects.create(
        network=found,
        title_it="Passaporto comune",
        title_en="Common passport",
        status=NetworkProject.Status.RUNNING,
        starts_on=date(2025, 1, 1),
    )
    add_document(found)
    return found
