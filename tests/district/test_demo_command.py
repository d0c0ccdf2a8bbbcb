"""``filiera demo`` loads the district's showcase, news, practices, networks and events, and
computes the dashboard with the months since the demo firms joined: a manager and a visitor
find them right after the demo."""

from __future__ import annotations

import io
import re
from html import escape

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from filiera.core.management.commands.demo import DEMO_PASSWORD
from filiera.district.models import FirmFact, ShowcaseEntry


def test_the_demo_command_loads_the_showcase_and_the_dashboard(db):
    out = io.StringIO()
    call_command("demo", "--companies", "40", "--password", DEMO_PASSWORD, stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("District showcase:"))
    listed = int(re.search(r"(\d+) firms listed", line).group(1))  # type: ignore[union-attr]
    assert listed == ShowcaseEntry.objects.filter(district__slug="carpi").count() > 0
    facts = FirmFact.objects.filter(district__slug="carpi")
    this_month = timezone.localdate().replace(day=1)
    assert facts.filter(month=this_month).count() == 40
    assert facts.values("month").distinct().count() > 6  # firms joined over past months

    entry = ShowcaseEntry.objects.filter(district__slug="carpi").first()
    page = Client().get("/showcase/carpi/firms/")
    assert page.status_code == 200
    assert escape(entry.name) in page.content.decode()  # the first by name: on page 1
    client = Client()
    assert client.login(username="manager", password=DEMO_PASSWORD)
    assert client.get("/d/carpi/insight/").status_code == 200
