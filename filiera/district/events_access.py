"""Who sees, joins and runs a district's events.

- The district's managers create, change and cancel its events, take attendance and share
  materials; the platform admin may do everything.
- The district's staff (managers, verifiers) and the people of the district's firms (any firm
  role) see its events and may register: firm people for one of their firms of the district,
  staff for none.
- Materials are for the district's staff and the people registered (confirmed).
- Anyone else gets 404 on an event's pages; anonymous visitors are sent to log in by the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.district.models import Event, Registration
from filiera.district.public import text
from filiera.registry.access import can_manage_district, roles
from filiera.registry.models import District, Firm


def event_district_ids(user) -> set[int] | None:
    """The districts whose events the user sees; ``None`` means all of them (admin)."""
    r = roles(user)
    if r.superuser:
        return None
    cached = getattr(user, "_filiera_event_districts", None)
    if cached is not None:
        return cached
    ids = set(r.staffed_districts)
    if r.firm_roles:
        ids |= set(
            Firm.districts.through.objects.filter(firm_id__in=list(r.firm_roles)).values_list(
                "district_id", flat=True
            )
        )
    user._filiera_event_districts = ids
    return ids


def sees_district_events(user, district: District) -> bool:
    ids = event_district_ids(user)
    return ids is None or district.pk in ids


def visible_events(user) -> QuerySet[Event]:
    ids = event_district_ids(user)
    events = Event.objects.all()
    return events if ids is None else events.filter(district_id__in=ids)


def can_view_event(user, event: Event) -> bool:
    return sees_district_events(user, event.district)


def can_manage_event(user, event: Event) -> bool:
    return can_manage_district(user, event.district)


def is_staff_of(user, district: District) -> bool:
    """A manager or verifier of the district, or the admin: may register with no firm."""
    r = roles(user)
    return r.superuser or district.pk in r.staffed_districts


def registration_firms(user, district: District) -> QuerySet[Firm]:
    """The user's own firms (any role) that belong to the district."""
    firm_ids = list(roles(user).firm_roles)
    return Firm.objects.filter(id__in=firm_ids, districts=district).order_by("legal_name", "id")


def my_registration(user, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).select_related("firm").first()


def can_see_materials(user, event: Event, registration: Registration | None = None) -> bool:
    """The district's staff and the people registered (confirmed) to the event."""
    if is_staff_of(user, event.district):
        return True
    if registration is None:
        registration = my_registration(user, event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def get_event_for(user, pk: int, *, manage: bool = False) -> Event:
    """The event, 404 for anyone who may not see it, 403 (PermissionDenied) for a visible
    event that ``manage`` asks a non-manager to change."""
    event = get_object_or_404(Event.objects.select_related("district"), pk=pk)
    if not can_view_event(user, event):
        raise Http404("No such event")
    if manage and not can_manage_event(user, event):
        raise PermissionDenied
    return event


def public_events(district: District) -> QuerySet[Event]:
    """The district's events shown in its public showcase (cancelled ones included: callers
    decide; the public calendar file marks them cancelled)."""
    return Event.objects.filter(district=district, public=True)


def confirmed(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with ``taken``: how many confirmed registrations each has."""
    return events.annotate(
        taken=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )


@dataclass(frozen=True)
class EventRow:
    """An event as the lists show it: title and description in the page's language, seats left
    (``None``: no limit) and whether the reader holds a confirmed registration."""

    event: Event
    label: str
    summary: str
    left: int | None
    mine: bool = False


def rows(events, lang: str, user=None) -> list[EventRow]:
    """``EventRow`` of each event (annotated by :func:`confirmed`); ``mine`` for ``user``."""
    found = list(events)
    mine: set[int] = set()
    if user is not None and getattr(user, "is_authenticated", False):
        mine = set(
            Registration.objects.filter(
                event__in=[e.pk for e in found], user=user, status=Registration.Status.CONFIRMED
            ).values_list("event_id", flat=True)
        )
    result = []
    for event in found:
        taken = getattr(event, "taken", 0) or 0
        left = None if event.capacity is None else max(event.capacity - taken, 0)
        result.append(
            EventRow(
                event,
                text(event, "title", lang),
                text(event, "description", lang),
                left,
                event.pk in mine,
            )
        )
    return result
