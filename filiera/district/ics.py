"""Calendar files (iCalendar, RFC 5545) of events, for "Add to calendar" and the public feed.

Each event keeps one identity in every file (``UID: event-<pk>@<host of SITE_URL>``), so a
calendar that imported it, or subscribes to the district's feed, updates it in place; a cancelled
event stays in the files marked ``STATUS:CANCELLED`` so calendars drop it. Times are written in
UTC. Texts are in the page's language (Italian when the English one is empty).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from filiera.district.models import Event
from filiera.district.public import text

CONTENT_TYPE = "text/calendar; charset=utf-8"


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(event: Event) -> str:
    return f"event-{event.pk}@{host()}"


def _location(event: Event, online: bool) -> str:
    if event.place:
        return event.place
    if event.online_url and online:
        return event.online_url
    return _("Online") if event.online_url else ""


def component(event: Event, *, lang: str, url: str, online: bool = False) -> icalendar.Event:
    """The VEVENT of ``event``; ``url`` is its page; ``online``: whether the join link may be
    written (only for people who may see it)."""
    item = icalendar.Event()
    item.add("uid", uid(event))
    item.add("dtstamp", event.updated_at.astimezone(UTC))
    item.add("last-modified", event.updated_at.astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", text(event, "title", lang))
    description = text(event, "description", lang)
    if online and event.online_url:
        description = f"{description}\n\n{_('Join online:')} {event.online_url}".strip()
    if description:
        item.add("description", description)
    location = _location(event, online)
    if location:
        item.add("location", location)
    item.add("url", url)
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return item


def calendar(
    entries: Iterable[tuple[Event, str]], *, lang: str, name: str = "", online: bool = False
) -> bytes:
    """A calendar file holding each (event, page address) of ``entries``."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Filiera//{host()}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("name", name)
    for event, url in entries:
        cal.add_component(component(event, lang=lang, url=url, online=online))
    return cal.to_ical()


def response(body: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    """The file as a download (one event) or inline (a feed calendars subscribe to)."""
    result = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    result["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    result["X-Content-Type-Options"] = "nosniff"
    return result
