"""Public calendar of a district's public events, in Italian and English.

Only events marked public, of a district whose showcase is published, appear: title,
description, time, place, seats left and calendar files. Who registered, the online link and the
materials never do. The list shows upcoming events and those of the last year (cancelled ones
left out); a cancelled event's own page and calendar files say it is cancelled.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from filiera.district import ics
from filiera.district.context import public_context
from filiera.district.events_access import confirmed, public_events, rows
from filiera.district.public import absolute, both, public_page, public_url, showcase_district

PAST_DAYS = 365
PAST_LIMIT = 20
UPCOMING_LIMIT = 100


@public_page
def events(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    now = timezone.now()
    shown = confirmed(public_events(district).filter(cancelled=False))
    upcoming = shown.filter(ends_at__gte=now).order_by("starts_at", "id")[:UPCOMING_LIMIT]
    past = shown.filter(ends_at__lt=now, ends_at__gte=now - timedelta(days=PAST_DAYS)).order_by(
        "-starts_at", "-id"
    )[:PAST_LIMIT]
    context = public_context(
        district,
        lang,
        "showcase_events",
        _("Labs, seminars, trainings and events of %(name)s.") % {"name": district.name},
        slug=slug,
    )
    context.update(
        {
            "upcoming": rows(upcoming, lang),
            "past": rows(past, lang),
            "feed": public_url("showcase_events_ics", lang, slug=slug),
        }
    )
    return render(request, "district/public/events.html", context)


@public_page
def event(request: HttpRequest, slug: str, pk: int, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    found = get_object_or_404(confirmed(public_events(district)), pk=pk)
    row = rows([found], lang)[0]
    context = public_context(
        district, lang, "showcase_event", row.summary[:300] or row.label, slug=slug, pk=pk
    )
    login = reverse("login") + "?" + urlencode({"next": reverse("event_detail", args=[pk])})
    context.update(
        {
            "row": row,
            "event": found,
            "over": found.ends_at <= timezone.now(),
            "login_url": login,
            "ics_url": public_url("showcase_event_ics", lang, slug=slug, pk=pk),
        }
    )
    return render(request, "district/public/event_detail.html", context)


@public_page
def event_ics(request: HttpRequest, slug: str, pk: int, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    found = get_object_or_404(public_events(district), pk=pk)
    page = absolute(public_url("showcase_event", lang, slug=slug, pk=pk))
    return ics.response(ics.calendar([(found, page)], lang=lang), f"event-{found.pk}.ics")


@public_page
def events_ics(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """The district's public events that are not over, as a feed calendars subscribe to;
    cancelled ones stay in it marked cancelled."""
    district = showcase_district(slug)
    found = public_events(district).filter(ends_at__gte=timezone.now()).order_by("starts_at")
    entries = [
        (e, absolute(public_url("showcase_event", lang, slug=slug, pk=e.pk)))
        for e in found[:UPCOMING_LIMIT]
    ]
    name = _("Events of %(name)s") % {"name": district.name}
    body = ics.calendar(entries, lang=lang, name=name)
    response = ics.response(body, f"{district.slug}-events.ics", attachment=False)
    response["Cache-Control"] = "public, max-age=300"
    return response


urlpatterns: list = [
    *both("showcase/<slug:slug>/events/", events, "showcase_events"),
    *both("showcase/<slug:slug>/events.ics", events_ics, "showcase_events_ics"),
    *both("showcase/<slug:slug>/events/<int:pk>/", event, "showcase_event"),
    *both("showcase/<slug:slug>/events/<int:pk>.ics", event_ics, "showcase_event_ics"),
]
