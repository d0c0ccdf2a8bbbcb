"""The refresh as a background task and as the nightly command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from filiera.district.models import DistrictSnapshot, FirmFact
from filiera.district.tasks import refresh_district_insight
from tests.district.factories_insight import make_firms

pytestmark = pytest.mark.django_db


def test_task_refreshes_and_is_idempotent(carpi, base_version):
    make_firms(carpi, 3)
    result = refresh_district_insight.enqueue(carpi.pk)
    assert result.return_value == {"firms": 3, "backfilled": 0, "showcase_entries": 0}
    refresh_district_insight.enqueue(carpi.pk)
    assert FirmFact.objects.filter(district=carpi).count() == 3
    assert DistrictSnapshot.objects.filter(district=carpi).count() == 1


def test_command_one_district_or_all(carpi, prato, base_version):
    make_firms(carpi, 2)
    out = io.StringIO()
    call_command("district_insight", district="carpi", stdout=out)
    assert out.getvalue().startswith("carpi: ")
    assert not DistrictSnapshot.objects.filter(district=prato).exists()
    out = io.StringIO()
    call_command("district_insight", stdout=out)
    assert DistrictSnapshot.objects.filter(district=prato).exists()
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["carpi", "prato"]


def test_command_enqueue(carpi, base_version):
    make_firms(carpi, 2)
    out = io.StringIO()
    call_command("district_insight", district="carpi", enqueue=True, stdout=out)
    assert "enqueued" in out.getvalue()
    assert FirmFact.objects.filter(district=carpi).count() == 2  # the test backend runs it


def test_command_unknown_district(db):
    with pytest.raises(CommandError):
        call_command("district_insight", district="nowhere", stdout=io.StringIO())
