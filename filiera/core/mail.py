"""Sending the platform's e-mails: rendered in its default language (firms may never have chosen
one), to a sorted list without repeats; a delivery failure is logged, never raised, so a failed
e-mail cannot undo the decision it reports."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def send(
    template: str,
    subject: str,
    params: dict,
    context: dict,
    recipients: Iterable[str],
    *,
    reply_to: Iterable[str] = (),
) -> int:
    """Render ``template`` with ``context`` and the translated ``subject % params``, then send
    them to ``recipients`` (answers go to ``reply_to`` when given); returns how many messages
    went out (0 or 1)."""
    to = sorted(set(recipients))
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject = _(subject) % params
    try:
        message = EmailMessage(
            subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=list(reply_to) or None
        )
        return message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s e-mail", template)
        return 0


def absolute(name: str, *args) -> str:
    """The address of a page for a link in an e-mail (``SITE_URL`` and the page's path)."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
