"""Writing events, registrations, attendance and materials.

Every write is atomic and audited on the district's history. Who may call what is checked by the
views (``filiera.district.events_access``); the rules of the event itself are checked here:
registration only while it is open, the event not cancelled and not over, and never past the
seats. Seats are counted with the event's row locked (``select_for_update``), so two people
cannot take the last seat together; a second registration of the same person is refused by the
database's unique rule as well. E-mails go out after the transaction commits, so a failed
delivery never undoes a registration.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from filiera.core import audit, mail
from filiera.core.usererror import N_, UserError
from filiera.district.models import Event, EventMaterial, Registration
from filiera.registry.models import District, Firm

Status = Registration.Status
EVENT_FIELDS = (
    "kind",
    "title_it",
    "title_en",
    "description_it",
    "description_en",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "registration_open",
    "public",
)


class AlreadyRegistered(UserError):
    """The person holds a confirmed registration already: not an error for them."""


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


# Events --------------------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _apply(event: Event, data: dict[str, Any]) -> dict:
    before = {} if event.pk is None else audit.snapshot(event, EVENT_FIELDS)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise UserError(N_("Ends at: the end must come after the start."))
    if not (event.title_it or "").strip():
        raise UserError(N_("Title (Italian): give the event a title."))
    event.full_clean(exclude=["district", "created_by"])
    return audit.diff(before, audit.snapshot(event, EVENT_FIELDS))


@transaction.atomic
def create_event(district: District, *, user, data: dict[str, Any]) -> Event:
    event = Event(district=district)
    if getattr(user, "is_authenticated", False):
        event.created_by = user
    changes = _apply(event, data)
    event.save()
    audit.record(user, "create", event, changes=changes, district_id=district.pk)
    return event


@transaction.atomic
def update_event(event: Event, *, user, data: dict[str, Any]) -> Event:
    """Change the event's fields; seats may not drop below the people already registered."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    changes = _apply(event, data)
    taken = _confirmed_count(event)
    if event.capacity is not None and event.capacity < taken:
        raise UserError(
            N_("Seats: %(n)s people are already registered; set at least %(n)s seats."), n=taken
        )
    if changes:
        event.save()
        audit.record(user, "update", event, changes=changes, district_id=event.district_id)
    return event


@transaction.atomic
def cancel_event(event: Event, *, user) -> int:
    """Cancel the event; the people registered get an e-mail. Returns how many will be told
    (0 when it was cancelled already)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        return 0
    event.cancelled = True
    event.save(update_fields=["cancelled", "updated_at"])
    audit.record(
        user, "cancel", event, changes={"cancelled": [False, True]}, district_id=event.district_id
    )
    people = list(
        Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if people:
        transaction.on_commit(lambda: notify("cancelled", event, people), robust=True)
    return len(people)


# Registrations -------------------------------------------------------------------------------


def check_open(event: Event, now=None) -> None:
    """Refuse registering to an event that is cancelled, over or closed to registration."""
    now = now or timezone.now()
    if event.cancelled:
        raise UserError(N_("This event was cancelled: registration is closed."))
    if event.ends_at <= now:
        raise UserError(N_("This event is over: registration is closed."))
    if not event.registration_open:
        raise UserError(N_("Registration for this event is closed."))


def _existing(event: Event, user) -> Registration | None:
    return Registration.objects.filter(event=event, user=user).first()


@transaction.atomic
def register(event: Event, *, user, firm: Firm | None) -> Registration:
    """Register ``user`` (for ``firm``, or none) if a seat is free; a cancelled registration of
    the same person is taken up again. Raises ``AlreadyRegistered`` for a second registration
    and ``UserError`` when registration is closed or the event is full."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    check_open(event)
    if firm is not None and not firm.districts.filter(pk=event.district_id).exists():
        raise UserError(N_("Register for: the firm is not one of the event's district."))
    existing = _existing(event, user)
    if existing is not None and existing.status == Status.CONFIRMED:
        raise AlreadyRegistered(N_("You are already registered for this event."))
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        raise UserError(N_("The event is full: no seats are left."))
    if existing is None:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(event=event, user=user, firm=firm)
        except IntegrityError as exc:  # the same person, in a request that came first
            raise AlreadyRegistered(N_("You are already registered for this event.")) from exc
        action = "create"
    else:
        registration = existing
        registration.status, registration.firm, registration.attended = Status.CONFIRMED, firm, None
        registration.save(update_fields=["status", "firm", "attended", "updated_at"])
        action = "update"
    audit.record(
        user,
        action,
        registration,
        changes=audit.facts(
            event=event.title_it, person=_person(user), firm=firm, status=Status.CONFIRMED
        ),
        firm_id=firm.pk if firm else None,
        district_id=event.district_id,
    )
    if user.email:
        transaction.on_commit(lambda: notify("registered", event, [user.email]), robust=True)
    return registration


@transaction.atomic
def unregister(event: Event, *, user) -> Registration:
    """Cancel the person's registration (their seat frees up)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(
        event=event, user=user, status=Status.CONFIRMED
    ).first()
    if registration is None:
        raise UserError(N_("You are not registered for this event."))
    if event.ends_at <= timezone.now():
        raise UserError(N_("This event is over: the registration stays as it is."))
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit.record(
        user,
        "update",
        registration,
        changes={"status": [Status.CONFIRMED, Status.CANCELLED]},
        firm_id=registration.firm_id,
        district_id=event.district_id,
    )
    if user.email and not event.cancelled:
        transaction.on_commit(lambda: notify("unregistered", event, [user.email]), robust=True)
    return registration


@transaction.atomic
def save_attendance(event: Event, *, user, marks: dict[int, bool | None]) -> int:
    """Record who attended (True), was absent (False) or is not recorded (None) among the
    event's confirmed registrations; returns how many changed. Unknown ids are refused."""
    rows = {
        r.pk: r
        for r in Registration.objects.select_for_update().filter(
            event=event, status=Status.CONFIRMED
        )
    }
    unknown = sorted(set(marks) - set(rows))
    if unknown:
        raise UserError(
            N_("Attendance: registration %(id)s is not one of this event's."), id=unknown[0]
        )
    changed = []
    for pk, value in marks.items():
        row = rows[pk]
        if row.attended != value:
            changed.append((row, row.attended, value))
            row.attended = value
    for row, old, new in changed:
        row.save(update_fields=["attended", "updated_at"])
        audit.record(
            user,
            "update",
            row,
            changes={"attended": [old, new]},
            firm_id=row.firm_id,
            district_id=event.district_id,
        )
    return len(changed)


# Materials -----------------------------------------------------------------------------------


@transaction.atomic
def add_material(
    event: Event, *, user, title: str, file=None, url: str = "", content_type: str | None = None
) -> EventMaterial:
    """A file (already checked by type and size) or a link, for the people registered."""
    title = (title or "").strip()
    if not title:
        raise UserError(N_("Title: say what the material is."))
    if bool(file) == bool(url):
        raise UserError(N_("File: give either a file or a link."))
    material = EventMaterial(event=event, title=title, url=url or "")
    if getattr(user, "is_authenticated", False):
        material.uploaded_by = user
    if file:
        material.file_name = (getattr(file, "name", "") or "")[:200]
        material.content_type = content_type or ""
        material.size = getattr(file, "size", 0) or 0
        material.file.save(material.file_name or "material", file, save=False)
    material.save()
    audit.record(
        user,
        "create",
        material,
        changes=audit.facts(event=event.title_it, title=title, url=url, file=material.file_name),
        district_id=event.district_id,
    )
    return material


@transaction.atomic
def delete_material(material: EventMaterial, *, user) -> None:
    stored = material.file.name if material.file else ""
    storage = material.file.storage if material.file else None
    audit.record(
        user,
        "delete",
        material,
        changes={"title": [material.title, None]},
        district_id=material.event.district_id,
    )
    material.delete()
    if stored and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored), robust=True)


# E-mails -------------------------------------------------------------------------------------

SUBJECTS = {
    "registered": N_("You are registered: %(title)s"),
    "unregistered": N_("Registration cancelled: %(title)s"),
    "cancelled": N_("Event cancelled: %(title)s"),
}


def notify(kind: str, event: Event, recipients: list[str]) -> int:
    """The e-mail of ``kind`` about ``event`` (in the platform's default language), with links to
    the event's page and its calendar file; one message per person, so nobody sees who else
    registered. Returns how many went out."""
    context = {
        "event": event,
        "link": mail.absolute("event_detail", event.pk),
        "ics": mail.absolute("event_ics", event.pk),
    }
    return sum(
        mail.send(
            f"district/email/event_{kind}.txt",
            SUBJECTS[kind],
            {"title": event.title_it[:80]},
            context,
            [address],
        )
        for address in sorted(set(recipients))
    )
