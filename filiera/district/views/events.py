"""Labs, seminars, trainings and events: calendar, registration, attendance, materials, ICS.

Who may do what is in ``filiera.district.events_access``: the district's managers run its
events; its staff and the people of its firms see them and register; anyone else gets 404.
Writes go through ``filiera.district.services.events``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from filiera.core.downloads import stored_file
from filiera.core.uploads import size_limited, too_large
from filiera.core.usererror import UserError
from filiera.district import calendar_grid, ics
from filiera.district import events_access as access
from filiera.district.forms_events import AttendanceForm, EventForm, MaterialForm, RegisterForm
from filiera.district.models import Event, EventMaterial, Registration
from filiera.district.public import absolute, reader_lang, text
from filiera.district.services import events as services
from filiera.registry.access import can_manage_district, managed_districts
from filiera.registry.importing.writer import csv_lines
from filiera.registry.models import District

UPCOMING_LIMIT = 50


def last_day(event: Event):
    """The local day the event ends on (an end at midnight belongs to the day before)."""
    end = timezone.localtime(max(event.ends_at - timedelta(seconds=1), event.starts_at))
    return end.date()


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def event_calendar(request: HttpRequest) -> HttpResponse:
    """The month grid of the events the user may see, and the list of upcoming ones."""
    today = timezone.localdate()
    year, month = calendar_grid.parse_month(request.GET.get("month"), today)
    blank = calendar_grid.month_grid(year, month, today=today)
    first, last = blank.grid_first, blank.grid_last
    visible = access.confirmed(access.visible_events(request.user)).select_related("district")
    lang = reader_lang()
    in_grid = access.rows(
        visible.filter(
            starts_at__lt=_day_start(last + timedelta(days=1)), ends_at__gt=_day_start(first)
        ),
        lang,
        request.user,
    )
    days = calendar_grid.group_by_day(
        ((timezone.localtime(r.event.starts_at).date(), last_day(r.event), r) for r in in_grid),
        first,
        last,
    )
    upcoming = access.rows(
        visible.filter(ends_at__gte=timezone.now())[:UPCOMING_LIMIT], lang, request.user
    )
    ids = access.event_district_ids(request.user)
    return render(
        request,
        "district/event_calendar.html",
        {
            "month": calendar_grid.month_grid(year, month, days, today=today),
            "today": today,
            "upcoming": upcoming,
            "create_in": list(managed_districts(request.user).order_by("name")),
            "several_districts": ids is None or len(ids) > 1,
        },
    )


def _save(request: HttpRequest, form: EventForm, write) -> Event | None:
    """Run ``write(data)`` for a valid form; problems land on the form, nothing is saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.service_data())
    except UserError as err:
        form.add_error(None, err.translated())
    except ValidationError as err:
        for field, errors in err.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    if not can_manage_district(request.user, district):
        if access.sees_district_events(request.user, district):
            raise PermissionDenied
        raise Http404("No such district")
    form = EventForm(request.POST or None)
    event = _save(
        request,
        form,
        lambda data: services.create_event(district, user=request.user, data=data),
    )
    if event is not None:
        messages.success(request, _("Event created."))
        return redirect("event_detail", event.pk)
    return render(
        request, "district/event_form.html", {"form": form, "district": district, "event": None}
    )


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    # The form works on its own copy: the service compares with the stored event.
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    saved = _save(
        request, form, lambda data: services.update_event(event, user=request.user, data=data)
    )
    if saved is not None:
        messages.success(request, _("Event saved."))
        return redirect("event_detail", event.pk)
    return render(
        request,
        "district/event_form.html",
        {"form": form, "district": event.district, "event": event},
    )


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    if event.cancelled:
        messages.info(request, _("This event was already cancelled."))
    elif request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the cancellation."))
    else:
        told = services.cancel_event(event, user=request.user)
        messages.success(
            request,
            ngettext(
                "Event cancelled. %(n)s registered person gets an e-mail.",
                "Event cancelled. %(n)s registered people get an e-mail.",
                told,
            )
            % {"n": told},
        )
    return redirect("event_detail", event.pk)


def _register_form(request: HttpRequest, event: Event, data=None) -> RegisterForm:
    return RegisterForm(
        data,
        firms=list(access.registration_firms(request.user, event.district)),
        allow_none=access.is_staff_of(request.user, event.district),
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_event_for(request.user, pk)
    found = access.confirmed(Event.objects.select_related("district").filter(pk=pk))
    row = access.rows(found, reader_lang(), request.user)[0]
    event = row.event
    registration = access.my_registration(request.user, event)
    closed = ""
    try:
        services.check_open(event)
    except UserError as err:
        closed = err.translated()
    if not closed and row.left == 0 and not row.mine:
        closed = _("The event is full: no seats are left.")
    insider = access.can_see_materials(request.user, event, registration)
    return render(
        request,
        "district/event_detail.html",
        {
            "event": event,
            "row": row,
            "taken": getattr(event, "taken", 0),
            "district": event.district,
            "registration": registration,
            "form": _register_form(request, event),
            "closed": closed,
            "over": event.ends_at <= timezone.now(),
            "insider": insider,
            "materials": list(event.materials.all()) if insider else [],
            "can_manage": access.can_manage_event(request.user, event),
        },
    )


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk)
    form = _register_form(request, event, request.POST)
    if not form.is_valid():
        messages.error(request, _("Register for: choose the firm you register for."))
        return redirect("event_detail", event.pk)
    try:
        services.register(event, user=request.user, firm=form.chosen_firm())
    except services.AlreadyRegistered as err:
        messages.info(request, err.translated())
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("You are registered. A confirmation e-mail is on its way."))
    return redirect("event_detail", event.pk)


@login_required
@require_POST
def event_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk)
    try:
        services.unregister(event, user=request.user)
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("Your registration is cancelled; your seat is free again."))
    return redirect("event_detail", event.pk)


@login_required
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The event as a calendar file; the online link only for staff and registered people."""
    event = access.get_event_for(request.user, pk)
    body = ics.calendar(
        [(event, absolute(reverse("event_detail", args=[event.pk])))],
        lang=reader_lang(),
        online=access.can_see_materials(request.user, event),
    )
    return ics.response(body, f"event-{event.pk}.ics")


# Attendance ----------------------------------------------------------------------------------


def _confirmed_rows(event: Event):
    return (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("user", "firm")
        .order_by("user__last_name", "user__first_name", "user__username", "id")
    )


@login_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    rows = list(_confirmed_rows(event))
    form = AttendanceForm(request.POST or None, registrations=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.save_attendance(event, user=request.user, marks=form.marks())
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(n)s change.", "Attendance saved: %(n)s changes.", changed
                )
                % {"n": changed},
            )
            return redirect("event_attendance", event.pk)
    counts = {
        "registered": len(rows),
        "attended": sum(1 for r in rows if r.attended is True),
        "absent": sum(1 for r in rows if r.attended is False),
        "unknown": sum(1 for r in rows if r.attended is None),
        "cancelled": Registration.objects.filter(
            event=event, status=Registration.Status.CANCELLED
        ).count(),
    }
    return render(
        request,
        "district/event_attendance.html",
        {
            "event": event,
            "label": text(event, "title", reader_lang()),
            "form": form,
            "counts": counts,
        },
    )


@login_required
def event_attendance_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    marks = {None: "", True: "attended", False: "absent"}
    rows = (
        (
            r.user.get_full_name() or r.user.get_username(),
            r.user.email,
            r.firm.legal_name if r.firm else "",
            r.firm.vat if r.firm else "",
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            marks[r.attended],
        )
        for r in _confirmed_rows(event)
    )
    header = ("name", "email", "firm", "vat", "registered_at", "attendance")
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    return response


# Materials -----------------------------------------------------------------------------------


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


@size_limited(max_bytes)
@login_required
def event_materials(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if too_large(request):
            form = MaterialForm(request.POST)
            form.full_clean()
            form.errors["file"] = form.error_class(
                [
                    _("File: the file is larger than %(max)s; nothing was saved.")
                    % {"max": filesizeformat(max_bytes())}
                ]
            )
        elif form.is_valid():
            try:
                services.add_material(
                    event,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data.get("file"),
                    url=form.cleaned_data.get("url") or "",
                    content_type=form.content_type,
                )
            except UserError as err:
                form.add_error(None, err.translated())
            else:
                messages.success(request, _("Material added."))
                return redirect("event_materials", event.pk)
    return render(
        request,
        "district/event_materials.html",
        {
            "event": event,
            "label": text(event, "title", reader_lang()),
            "form": form,
            "materials": list(event.materials.all()),
        },
    )


@login_required
@require_POST
def event_material_delete(request: HttpRequest, pk: int, material: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk, manage=True)
    found = get_object_or_404(EventMaterial, pk=material, event=event)
    services.delete_material(found, user=request.user)
    messages.success(request, _("Material deleted."))
    return redirect("event_materials", event.pk)


@login_required
def event_material(request: HttpRequest, pk: int, material: int) -> HttpResponseBase:
    """A material, for the district's staff and the people registered; anyone else 404."""
    event = access.get_event_for(request.user, pk)
    if not access.can_see_materials(request.user, event):
        raise Http404("No such material")
    found = get_object_or_404(EventMaterial, pk=material, event=event)
    if found.url:
        return redirect(found.url)
    return stored_file(found.file, name=found.file_name)


urlpatterns: list = [
    path("events/", event_calendar, name="event_calendar"),
    path("d/<slug:slug>/events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>.ics", event_ics, name="event_ics"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", event_register, name="event_register"),
    path("events/<int:pk>/unregister/", event_unregister, name="event_unregister"),
    path("events/<int:pk>/attendance/", event_attendance, name="event_attendance"),
    path("events/<int:pk>/attendance.csv", event_attendance_csv, name="event_attendance_csv"),
    path("events/<int:pk>/materials/", event_materials, name="event_materials"),
    path("events/<int:pk>/materials/<int:material>/", event_material, name="event_material"),
    path(
        "events/<int:pk>/materials/<int:material>/delete/",
        event_material_delete,
        name="event_material_delete",
    ),
]
