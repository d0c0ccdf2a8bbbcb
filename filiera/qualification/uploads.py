"""Checking evidence files by what they contain, not by what their name or browser claims.

Accepted: PDF, PNG, JPEG and WebP, recognised by their first bytes (magic numbers); images are also
opened with Pillow so that a broken or truncated picture is refused. The client's content type and
the file name's extension are used only to explain a refusal. Errors are ``UserError`` naming the
field ("File: …"), so forms and the API show the same words.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from filiera.core.usererror import N_, UserError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
ACCEPTED = (PDF, PNG, JPEG, WEBP)
IMAGES = (PNG, JPEG, WEBP)
# What Pillow calls each image type, to check it agrees with the magic bytes.
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
HEAD_BYTES = 16


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file announce, or ``None``."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head or b""


def _claimed(upload) -> str:
    """What the file says it is (its extension, else the browser's type), for messages only."""
    suffix = PurePosixPath(getattr(upload, "name", "") or "").suffix.lstrip(".").upper()
    return suffix or (getattr(upload, "content_type", "") or "").strip() or "?"


def _image_is_sound(upload, content_type: str) -> bool:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            found = image.format
    except Exception:  # Pillow raises many kinds: broken, truncated, too large to decode
        return False
    finally:
        upload.seek(0)
    return found == PILLOW_FORMATS[content_type]


def check_size(upload) -> str:
    """Refuse a missing, empty or too large upload (``EVIDENCE_MAX_BYTES``); return its name."""
    if upload is None:
        raise UserError(N_("File: choose the document to upload."))
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise UserError(N_("File: “%(name)s” is empty."), name=name)
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise UserError(
            N_("File: “%(name)s” is %(size)s; the largest accepted is %(max)s."),
            name=name,
            size=filesizeformat(size),
            max=filesizeformat(limit),
        )
    return name


def check_evidence_file(upload) -> str:
    """Refuse an unusable evidence file; return its real content type (from its content)."""
    name = check_size(upload)
    content_type = sniff(_read_head(upload))
    if content_type is None:
        raise UserError(
            N_(
                "File: “%(name)s” is not a PDF, PNG, JPEG or WebP file (its name says %(claimed)s,"
                " its content does not). Scan or save the document as PDF or as a photo."
            ),
            name=name,
            claimed=_claimed(upload),
        )
    if content_type in IMAGES and not _image_is_sound(upload, content_type):
        raise UserError(
            N_("File: “%(name)s” is a damaged or incomplete image. Take or save it again."),
            name=name,
        )
    return content_type


def is_inline(content_type: str) -> bool:
    """Whether browsers may show this file in the page (only the types we check)."""
    return content_type in ACCEPTED
