"""Turning what a person typed into a stored answer value (plain Python, no Django).

Stored values are text: ``yes``/``partial``/``no``/``na`` for yes/no questions, a choice code,
a decimal number with a dot, an ISO date, or free text. Bad input raises ``UserError`` naming
the question, so a page or an API call can say exactly what is wrong.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from filiera.core.usererror import N_, UserError
from filiera.qualification.methodology.schema import YESNO_VALUES, Question

MAX_TEXT = 500


def normalise(question: Question, raw: str | None) -> str:
    """The value to store for ``raw`` (empty means unanswered)."""
    text = (raw or "").strip()
    if not text:
        return ""
    if text == "na":
        return "na"
    kind = question.type
    if kind == "yesno":
        if text not in YESNO_VALUES:
            raise UserError(
                N_("%(code)s: answer yes, partly, no or not applicable."), code=question.code
            )
        return text
    if kind == "choice":
        codes = [c.code for c in question.choices]
        if text not in codes:
            raise UserError(N_("%(code)s: choose one of the options."), code=question.code)
        return text
    if kind == "number":
        try:
            number = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise UserError(N_("%(code)s: write a number, e.g. 1250,5."), code=question.code)
        if number < 0:
            raise UserError(N_("%(code)s: the number cannot be negative."), code=question.code)
        return format(number.normalize(), "f")
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise UserError(
                N_("%(code)s: write a date as YYYY-MM-DD."), code=question.code
            ) from None
        return day.isoformat()
    if len(text) > MAX_TEXT:
        raise UserError(
            N_("%(code)s: keep the answer under %(max)s characters."),
            code=question.code,
            max=MAX_TEXT,
        )
    return text


def is_answered(value: str) -> bool:
    return bool(value)
