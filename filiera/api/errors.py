"""Error answers of the API, in ninja's own shapes.

Bad input answers 422 with ``{"detail": [{"type", "loc", "msg"}]}``, where ``loc`` names the
field as the client sent it: ``["body", "vat"]``, ``["query", "cursor"]``. Ninja puts the
name of the Python body parameter inside ``loc`` (``["body", "payload", "vat"]``); ``FilieraAPI``
drops it, so schema errors and domain errors point at fields the same way.

Messages about a value come from the validation the pages use, in the request's language
(``Accept-Language``); the API's own few messages are in English, like ninja's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError


class FilieraAPI(NinjaAPI):
    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        # A model's own checks (``full_clean`` in the services) are bad input too: 422, not 500.
        self.add_exception_handler(DjangoValidationError, self._invalid_model)

    def _invalid_model(self, request: HttpRequest, exc: Any) -> HttpResponse:
        by_field: dict[str, list[str]] = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        return self.on_exception(request, body_errors(by_field))

    def validation_error_from_error_contexts(self, error_contexts) -> ValidationError:
        error = super().validation_error_from_error_contexts(error_contexts)
        for item in error.errors:
            loc = list(item["loc"])
            # Every operation has at most one body parameter: its name tells the client nothing.
            if len(loc) > 2 and loc[0] == "body":
                del loc[1]
            item["loc"] = loc
        return error


def field_error(source: str, field: str, message: str) -> ValidationError:
    return ValidationError([{"type": "value_error", "loc": [source, field], "msg": str(message)}])


def _errors(
    source: str, by_field: Mapping[str, Sequence[Any]], names: dict[str, str]
) -> ValidationError:
    errors: list[dict[str, Any]] = []
    for field, messages in by_field.items():
        loc = (
            [source]
            if field in (NON_FIELD_ERRORS, "__all__")
            else [source, names.get(field, field)]
        )
        errors.extend({"type": "value_error", "loc": loc, "msg": str(msg)} for msg in messages)
    return ValidationError(errors)


def form_errors(
    form: forms.BaseForm,
    names: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> ValidationError:
    """A 422 for an invalid Django form; ``names`` maps form fields to API field names and
    ``extra`` adds problems found outside the form, by API field name."""
    by_field = {field: list(messages) for field, messages in form.errors.items()}
    for field, message in (extra or {}).items():
        by_field.setdefault(field, []).append(message)
    return _errors("body", by_field, names or {})


def body_errors(by_field: Mapping[str, Sequence[Any]]) -> ValidationError:
    """A 422 naming each field of the body with its problems."""
    return _errors("body", by_field, {})


def forbidden() -> HttpError:
    return HttpError(403, "You may see this but not change it.")
