"""Helpers for the district dashboard tests: firms made through the registry services, with
accounts, assessments at a stage, official scores and certificates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from filiera.qualification.models import Assessment
from filiera.qualification.selectors import current_version
from filiera.registry import services
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import FirmMembership, Municipality

AREAS = {
    "environment": {"score": 80.0, "grade": "B"},
    "social": {"score": 90.0, "grade": "A"},
    "chemicals": {"score": None, "grade": ""},  # does not apply
}


def make_firm(
    district,
    serial: int,
    *,
    ateco: str = "14.10.20",
    municipality: str = "036005",
    employees: int = 8,
    role: str = "subcontractor",
):
    firm = services.create_firm(
        None,
        districts=[district],
        ateco=[ateco],
        legal_name=f"Impresa Prova {serial} S.r.l.",
        vat=italian_vat(5000 + serial),
        role=role,
        employees=employees,
    )
    services.create_site(
        None,
        firm,
        name=f"Sede {serial}",
        address="Via Roma 1",
        municipality=Municipality.objects.get(pk=municipality),
    )
    return firm


def make_firms(district, count: int, start: int = 1, **kwargs) -> list:
    return [make_firm(district, start + i, **kwargs) for i in range(count)]


def account(firm, username: str, *, days_since_login: int | None = 1):
    """A person of ``firm``; ``days_since_login`` None: never logged in."""
    user = get_user_model().objects.create_user(username=username, password="x")
    if days_since_login is not None:
        user.last_login = timezone.now() - timedelta(days=days_since_login)
        user.save(update_fields=["last_login"])
    FirmMembership.objects.create(user=user, firm=firm, role="owner")
    return user


def assessment(firm, status: str = "draft", period: str = "2026", days_ago: int = 0):
    """An assessment without a score, at ``status``."""
    item = Assessment.objects.create(
        firm=firm,
        district=firm.districts.first(),
        period=period,
        version=current_version(None),
        status=status,
    )
    if days_ago:
        when = timezone.now() - timedelta(days=days_ago)
        Assessment.objects.filter(pk=item.pk).update(created_at=when)
    return item


def backdate(firm, days: int) -> None:
    """The firm as if created ``days`` ago."""
    type(firm).objects.filter(pk=firm.pk).update(created_at=timezone.now() - timedelta(days=days))
