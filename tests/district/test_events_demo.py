"""The demo events: four invented events past and upcoming, registrations, attendance and a
material; loading again changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from filiera.district import demo_events
from filiera.district.models import Event, EventMaterial, Registration
from filiera.registry.models import FirmMembership
from tests.conftest import _firm


def test_demo_events(carpi, make_user):
    firms = [_firm(f"Maglificio Demo {n} S.r.l.", 3000 + n, carpi) for n in range(7)]
    sub = make_user("subcontractor")
    FirmMembership.objects.create(user=sub, firm=firms[0], role="owner")
    counts = demo_events.load(carpi, seed=1)
    # No "brand" login here: its registration to the fair is left out.
    assert counts == {"events": 4, "event_registrations": 11, "event_materials": 1}
    events = Event.objects.filter(district=carpi)
    assert {e.kind for e in events} == {"lab", "seminar", "training", "event"}
    now = timezone.now()
    past = [e for e in events if e.ends_at < now]
    assert len(past) == 1 and 1 <= events.filter(public=True).count() < 4
    lab = past[0]
    assert lab.registrations.exclude(attended=None).count() == lab.registrations.count() > 0
    assert EventMaterial.objects.get().event == lab
    mine = Registration.objects.filter(user=sub)
    assert mine.count() == 1 and mine.get().event.ends_at > now
    assert all(e.title_en and e.description_en for e in events)
    # Every registration is of a person of one of the district's firms, for that firm.
    for r in Registration.objects.select_related("firm"):
        assert r.firm.districts.filter(pk=carpi.pk).exists()
        assert FirmMembership.objects.filter(user=r.user, firm=r.firm).exists()
    invented = get_user_model().objects.filter(email__endswith="@" + demo_events.EMAIL_DOMAIN)
    assert invented.count() == len(demo_events.PEOPLE)
    assert not any(u.has_usable_password() for u in invented)
    # Again: nothing changes.
    before = (Event.objects.count(), Registration.objects.count(), FirmMembership.objects.count())
    assert demo_events.load(carpi, seed=1) == dict.fromkeys(counts, 0)
    after = (Event.objects.count(), Registration.objects.count(), FirmMembership.objects.count())
    assert after == before


def test_demo_events_in_an_empty_district(carpi):
    assert demo_events.load(carpi)["events"] == 0
    assert not Event.objects.exists()
