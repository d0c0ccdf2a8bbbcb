"""Registering to an event: seats, duplicates, taking a cancelled registration up again, closed
and cancelled events, the firm registered for, and the e-mails."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.district.models import Registration
from filiera.district.services import events as services
from filiera.registry.models import FirmMembership
from tests.conftest import _firm
from tests.district import factories_events as fixtures

event = fixtures.event
CONFIRMED, CANCELLED = Registration.Status.CONFIRMED, Registration.Status.CANCELLED


def post_register(client_for, user, event, **data):
    response = client_for(user).post(reverse("event_register", args=[event.pk]), data, follow=True)
    assert response.status_code == 200
    return response


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_register_for_the_only_firm_and_get_an_e_mail(
    client_for, owner_a, firm_a, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_register(client_for, owner_a, event)
    found = Registration.objects.get(event=event, user=owner_a)
    assert (found.status, found.firm, found.attended) == (CONFIRMED, firm_a, None)
    assert messages_of(response)[0][0] == "success"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [owner_a.email]
    assert event.title_it in sent.subject
    assert reverse("event_ics", args=[event.pk]) in sent.body
    assert reverse("event_detail", args=[event.pk]) in sent.body
    assert fixtures.ONLINE in sent.body
    assert AuditEvent.objects.filter(object_type="district.registration", action="create").exists()
    # The page now says so and offers to cancel.
    page = client_for(owner_a).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert 'id="registered"' in page and reverse("event_unregister", args=[event.pk]) in page


def test_last_seat_then_full(client_for, owner_a, owner_b, viewer_a, event):
    fixtures.register(event, owner_b)
    assert post_register(client_for, owner_a, event)  # the last of 2 seats
    assert Registration.objects.filter(event=event, status=CONFIRMED).count() == 2
    response = post_register(client_for, viewer_a, event)
    level, text = messages_of(response)[0]
    assert level == "error" and text  # a clear message, never an error page
    assert not Registration.objects.filter(event=event, user=viewer_a).exists()
    page = response.content.decode()
    assert 'id="closed"' in page and 'id="register-form"' not in page


def test_full_event_refused_by_the_service(event, owner_a, owner_b, viewer_a, firm_a):
    services.register(event, user=owner_b, firm=None)
    services.register(event, user=viewer_a, firm=firm_a)
    with pytest.raises(UserError, match="full"):
        services.register(event, user=owner_a, firm=firm_a)
    assert Registration.objects.filter(event=event).count() == 2


def test_duplicate_registration_is_a_friendly_message(
    client_for, owner_a, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_register(client_for, owner_a, event)
        response = post_register(client_for, owner_a, event)
    assert messages_of(response)[0][0] == "info"
    assert Registration.objects.filter(event=event, user=owner_a).count() == 1
    assert len(mail.outbox) == 1  # no second confirmation


def test_duplicate_caught_by_the_database_too(event, owner_a, firm_a, monkeypatch):
    """Two requests of the same person at once: the second one's insert hits the unique rule."""
    services.register(event, user=owner_a, firm=firm_a)
    monkeypatch.setattr(services, "_existing", lambda event, user: None)
    with pytest.raises(services.AlreadyRegistered):
        services.register(event, user=owner_a, firm=firm_a)
    assert Registration.objects.filter(event=event).count() == 1


def test_cancelled_registration_can_register_again(
    client_for, owner_a, owner_b, viewer_a, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_register(client_for, owner_a, event)
        client_for(owner_a).post(reverse("event_unregister", args=[event.pk]))
    row = Registration.objects.get(event=event, user=owner_a)
    assert row.status == CANCELLED
    assert [m.to for m in mail.outbox] == [[owner_a.email], [owner_a.email]]
    assert "unregistered" not in mail.outbox[1].body  # a text for people, not a code
    # The seat is free for others; taken up again, the same row is reused.
    fixtures.register(event, owner_b)
    post_register(client_for, owner_a, event)
    again = Registration.objects.get(event=event, user=owner_a)
    assert (again.pk, again.status) == (row.pk, CONFIRMED)
    # Now full: a cancelled person cannot take a seat that is not there.
    client_for(owner_a).post(reverse("event_unregister", args=[event.pk]))
    fixtures.register(event, viewer_a)
    response = post_register(client_for, owner_a, event)
    assert messages_of(response)[0][0] == "error"
    assert Registration.objects.get(event=event, user=owner_a).status == CANCELLED


def test_unregister_without_registration(client_for, owner_a, event):
    response = client_for(owner_a).post(reverse("event_unregister", args=[event.pk]), follow=True)
    assert messages_of(response)[0][0] == "error"


@pytest.mark.parametrize(
    "change",
    [
        {"registration_open": False},
        {"cancelled": True},
        {"starts_at_days": -2},
    ],
    ids=["closed", "cancelled", "over"],
)
def test_no_registration_when_closed_cancelled_or_over(client_for, owner_a, carpi, change):
    days = change.pop("starts_at_days", 5)
    closed = fixtures.make_event(carpi, days=days, **change)
    response = post_register(client_for, owner_a, closed)
    assert messages_of(response)[0][0] == "error"
    assert not Registration.objects.filter(event=closed).exists()
    assert 'id="register-form"' not in response.content.decode()


def test_registration_allowed_while_the_event_runs(owner_a, firm_a, carpi):
    running = fixtures.make_event(carpi, days=-0.01, hours=3)
    assert services.register(running, user=owner_a, firm=firm_a).status == CONFIRMED


def test_pick_the_firm_when_several(client_for, carpi, owner_a, firm_a, make_user):
    other = _firm("Tessitura Delta S.r.l.", 1010, carpi)
    FirmMembership.objects.create(user=owner_a, firm=other, role="viewer")
    event = fixtures.make_event(carpi)
    page = client_for(owner_a).get(reverse("event_detail", args=[event.pk])).content.decode()
    assert 'name="firm"' in page and "Tessitura Delta" in page and "<select" in page
    # Not saying which: refused with a message naming the field.
    response = post_register(client_for, owner_a, event)
    assert messages_of(response)[0][0] == "error"
    assert not Registration.objects.exists()
    post_register(client_for, owner_a, event, firm=str(other.pk))
    assert Registration.objects.get(event=event).firm == other


def test_a_firm_of_another_district_is_refused(client_for, owner_a, brand_c, event):
    response = post_register(client_for, owner_a, event, firm=str(brand_c.pk))
    assert messages_of(response)[0][0] == "error"
    assert not Registration.objects.exists()


def test_district_staff_register_with_no_firm(client_for, verifier, event):
    post_register(client_for, verifier, event)
    assert Registration.objects.get(event=event, user=verifier).firm is None


def test_cancelling_the_event_tells_the_registered(
    client_for, manager, owner_a, owner_b, viewer_a, event, django_capture_on_commit_callbacks
):
    fixtures.register(event, owner_a)
    fixtures.register(event, owner_b)
    fixtures.register(event, viewer_a, status=CANCELLED)
    url = reverse("event_cancel", args=[event.pk])
    client_for(manager).post(url)  # not confirmed: nothing happens
    event.refresh_from_db()
    assert not event.cancelled
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(url, {"confirm": "yes"})
    event.refresh_from_db()
    assert event.cancelled
    # One message each: nobody sees who else registered.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner_a.email, owner_b.email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert AuditEvent.objects.filter(object_type="district.event", action="cancel").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(url, {"confirm": "yes"})
    assert len(mail.outbox) == 2


def test_unregister_after_the_event_is_refused(owner_a, carpi):
    past = fixtures.make_event(carpi, days=-3)
    fixtures.register(past, owner_a)
    with pytest.raises(UserError):
        services.unregister(past, user=owner_a)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_race_for_the_last_seat(carpi, owner_a, owner_b, firm_a, firm_b):
    """With the event's row locked, exactly one of two simultaneous registrations gets the
    last seat. SQLite serialises writing transactions itself; PostgreSQL needs the lock."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writing transaction at a time")
    event = fixtures.make_event(carpi, capacity=1)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(user, firm):
        barrier.wait()
        try:
            services.register(event, user=user, firm=firm)
            outcomes.append("ok")
        except UserError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(owner_a, firm_a)),
        threading.Thread(target=attempt, args=(owner_b, firm_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "ok"]
    assert Registration.objects.filter(event=event, status=CONFIRMED).count() == 1
