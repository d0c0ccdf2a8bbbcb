"""Errors meant for people, raised by plain-Python engines and translated by the caller.

Engines must not import Django, yet their messages must be translatable: they raise
``UserError(N_("text with %(name)s"), name=value)``; pages and commands show ``err.translated()``.
``makemessages`` is run with ``--keyword=N_`` so these texts land in the catalogues.
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it now."""
    return text


class UserError(ValueError):
    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template

    def translated(self) -> str:
        from django.utils.translation import gettext

        text = gettext(self.template)
        return text % self.params if self.params else text
