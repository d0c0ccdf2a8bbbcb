"""Serving a stored file to the people a view has already allowed: 404 when the file is gone,
never sniffed by the browser, never kept by shared caches."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

OCTET_STREAM = "application/octet-stream"


def stored_file(
    file: FieldFile | None,
    *,
    name: str = "",
    content_type: str = OCTET_STREAM,
    inline: bool = False,
) -> FileResponse:
    """The file as a download (``inline``: shown in the page) named ``name`` (else its stored
    name), with ``content_type``."""
    stored = file.name if file else ""
    if not file or not stored:
        raise Http404("No file")
    try:
        handle = file.storage.open(stored, "rb")
    except OSError as exc:  # FileNotFoundError included
        raise Http404("No file") from exc
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=name or PurePosixPath(stored).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
