"""Evidence files are checked by content: magic bytes, Pillow for images, size limits."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from filiera.core.usererror import UserError
from filiera.qualification import uploads
from tests.qualification.conftest import PDF


def image(fmt: str, size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (image("PNG"), "image/png"),
        (image("JPEG"), "image/jpeg"),
        (image("WEBP"), "image/webp"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(content, expected):
    # Name and browser type say something else: only the content counts.
    file = upload("documento.txt", content, content_type="text/plain")
    assert uploads.check_evidence_file(file) == expected
    assert file.tell() == 0  # left ready to be stored


def test_a_png_named_pdf_is_a_png():
    assert uploads.check_evidence_file(upload("x.pdf", image("PNG"), "application/pdf")) == (
        "image/png"
    )


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"hello, I am text pretending to be a PDF", "PDF"),
        (b"<html><script>alert(1)</script></html>", "PDF"),
        (b"GIF89a" + b"\x00" * 20, "PDF"),
        (b"PK\x03\x04" + b"\x00" * 20, "PDF"),  # a zip or office file
    ],
)
def test_other_content_is_refused_naming_the_field_and_the_claim(content, needle):
    with pytest.raises(UserError) as caught:
        uploads.check_evidence_file(upload("certificato.pdf", content, "application/pdf"))
    message = str(caught.value)
    assert message.startswith("File:")
    assert "certificato.pdf" in message and needle in message


def test_empty_files_are_refused():
    with pytest.raises(UserError, match=r"^File: .*empty"):
        uploads.check_evidence_file(upload("vuoto.pdf", b""))


def test_missing_file_is_refused():
    with pytest.raises(UserError, match=r"^File:"):
        uploads.check_evidence_file(None)


def test_files_over_the_limit_are_refused(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF) - 1
    with pytest.raises(UserError, match=r"^File: .*grande\.pdf"):
        uploads.check_evidence_file(upload("grande.pdf", PDF))
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    assert uploads.check_evidence_file(upload("grande.pdf", PDF)) == "application/pdf"


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # PNG signature, nothing sound after it
        image("PNG")[:40],  # truncated
        b"\xff\xd8\xff\xe0" + b"garbage" * 10,
        b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
    ],
)
def test_broken_images_are_refused(content):
    with pytest.raises(UserError, match=r"^File: .*image"):
        uploads.check_evidence_file(upload("foto.png", content, "image/png"))


def test_sniff_reads_only_the_first_bytes():
    assert uploads.sniff(b"%PDF-1.7\n") == "application/pdf"
    assert uploads.sniff(b"RIFF\x00\x00\x00\x00WEBP") == "image/webp"
    assert uploads.sniff(b"RIFF\x00\x00\x00\x00WAVE") is None
    assert uploads.sniff(b" %PDF-") is None
    assert uploads.sniff(b"") is None


def test_only_checked_types_are_shown_inline():
    assert all(uploads.is_inline(t) for t in uploads.ACCEPTED)
    assert not uploads.is_inline("text/html")
    assert not uploads.is_inline("image/svg+xml")
    assert not uploads.is_inline("")
