"""A network's documents: upload checked by content (PDF, office documents, pictures) and size,
and deletion with the stored file. Atomic and audited like the rest of ``services.networks``."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.district.models import Network, NetworkDocument
from filiera.district.services.networks import NetworkError, record
from filiera.qualification.uploads import check_evidence_file, check_size, sniff

# Documents ----------------------------------------------------------------------------------

ZIP_HEAD = b"PK\x03\x04"
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office Open XML: a part only each kind of file has → its content type.
OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
# Older Word, Excel and PowerPoint files share one container; their name tells which.
OLE_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


def _zip_type(upload) -> str | None:
    """The office type of a ZIP container (Word/Excel/PowerPoint or OpenDocument), if any."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in OPENDOCUMENT else None
            if "[Content_Types].xml" in names:
                return next((t for part, t in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def check_document(upload) -> str:
    """Refuse a file that is not a PDF, an office document or a picture, or is too large;
    return its content type as its content shows it. PDFs and pictures get the evidence
    checks (the same size limit and sound pictures)."""
    name = check_size(upload)
    upload.seek(0)
    head = upload.read(16) or b""
    upload.seek(0)
    if sniff(head) is not None:
        return check_evidence_file(upload)
    found = None
    if head.startswith(ZIP_HEAD):
        found = _zip_type(upload)
    elif head.startswith(OLE_HEAD):
        found = OLE_TYPES.get(PurePosixPath(name).suffix.lower())
    if found is None:
        raise UserError(
            N_(
                "File: “%(name)s” is not a PDF, an office document (Word, Excel, PowerPoint, "
                "OpenDocument) or a picture (PNG, JPEG, WebP)."
            ),
            name=name,
        )
    return found


@transaction.atomic
def add_document(actor, network: Network, title: str, upload) -> NetworkDocument:
    """A document of the network, checked by its content (PDF, office files, pictures)."""
    title = (title or "").strip()
    if not title:
        raise NetworkError("title", N_("Title: say what the document is."))
    try:
        content_type = check_document(upload)
    except UserError as err:
        raise NetworkError("file", err.template, **err.params) from err
    document = NetworkDocument(
        network=network,
        title=title,
        file_name=(getattr(upload, "name", "") or "")[:200],
        content_type=content_type,
        size=getattr(upload, "size", 0) or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file = upload
    document.save()
    record(
        actor,
        "add_network_document",
        document,
        audit.facts(title=title, file_name=document.file_name, size=document.size),
        network,
    )
    return document


@transaction.atomic
def delete_document(actor, document: NetworkDocument) -> None:
    stored, storage = document.file.name, document.file.storage
    record(
        actor,
        "delete_network_document",
        document,
        audit.facts(title=document.title, file_name=document.file_name),
        document.network,
    )
    document.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
