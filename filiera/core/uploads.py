"""A size limit on uploads that holds while the request body is read: a file past the limit is
never stored whole, and the view is told so it can say the file is too large."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class SizeLimitHandler(FileUploadHandler):
    """Stops keeping an uploaded file's bytes once it passes the limit.

    The rest of the request is still read (the browser must finish sending it) but thrown away,
    so a 50 MB upload never lands on disk or in memory; the view then says the file is too large.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.http_request = request
        self.limit, self.received = limit, 0

    def new_file(self, *args, **kwargs) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.http_request.import_too_large = True  # type: ignore[attr-defined]
            return None  # later handlers never see (nor store) this chunk
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large(request: HttpRequest) -> bool:
    """Whether an upload of this request passed the limit of ``size_limited``."""
    return bool(getattr(request, "import_too_large", False))


def size_limited(limit: Callable[[], int]) -> Callable:
    """Put the size guard (``limit()`` bytes) in place before anything reads the body, the CSRF
    check included, so the view's CSRF check runs after it (Django's documented pattern for
    upload handlers)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        checked = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.upload_handlers.insert(0, SizeLimitHandler(request, limit()))
            return checked(request, *args, **kwargs)

        return guarded

    return decorate
