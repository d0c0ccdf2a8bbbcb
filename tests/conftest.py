"""Shared fixtures: a small real district and the personas the isolation tests check.

Personas: platform admin, district manager and verifier of Carpi, owner/editor/viewer of firm A,
owner of firm B (same district), owner of a brand in another district, an outsider with an
account but no role, and anonymous visitors.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from filiera.registry import services
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import District, DistrictMembership, FirmMembership, Municipality

PASSWORD = "correct horse battery staple"
# Every persona with an account, for tests that check each page against all of them.
PERSONAS = [
    "admin",
    "manager",
    "verifier",
    "prato_manager",
    "owner_a",
    "editor_a",
    "viewer_a",
    "owner_b",
    "brand_owner",
    "outsider",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test accounts need no slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_and_media(settings, tmp_path):
    """Tasks run at once inside the test; uploaded files land in the test's own folder."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_user(db):
    def make(username: str, **extra):
        return get_user_model().objects.create_user(
            username=username, email=f"{username}@example.test", password=PASSWORD, **extra
        )

    return make


@pytest.fixture
def carpi(db) -> District:
    district = District.objects.create(
        name="Distretto di Carpi", slug="carpi", managing_body="Comune di Carpi"
    )
    district.municipalities.add("036005")
    return district


@pytest.fixture
def prato(db) -> District:
    return District.objects.create(name="Distretto di Prato", slug="prato")


@pytest.fixture
def manager(make_user, carpi):
    user = make_user("manager", first_name="Maria", last_name="Manager")
    DistrictMembership.objects.create(user=user, district=carpi, role="manager")
    return user


@pytest.fixture
def verifier(make_user, carpi):
    user = make_user("verifier")
    DistrictMembership.objects.create(user=user, district=carpi, role="verifier")
    return user


@pytest.fixture
def prato_manager(make_user, prato):
    user = make_user("prato_manager")
    DistrictMembership.objects.create(user=user, district=prato, role="manager")
    return user


@pytest.fixture
def admin(make_user):
    return make_user("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


def _firm(
    name,
    serial,
    district,
    municipality="036005",
    role="subcontractor",
    processes=("MU.KNIT_TO_SHAPE",),
    **extra,
):
    firm = services.create_firm(
        None,
        districts=[district],
        ateco=["14.10.20"],
        legal_name=name,
        vat=italian_vat(serial),
        role=role,
        employees=extra.pop("employees", 8),
        **extra,
    )
    services.create_site(
        None,
        firm,
        name=f"{name} · sede",
        address="Via Roma 1",
        municipality=Municipality.objects.get(pk=municipality),
        processes=list(processes),
    )
    return firm


@pytest.fixture
def firm_a(carpi):
    return _firm("Maglificio Alfa S.r.l.", 1001, carpi, employees=12, turnover_eur=1_500_000)


@pytest.fixture
def firm_b(carpi):
    return _firm(
        "Ricamificio Beta S.n.c.",
        1002,
        carpi,
        municipality="036040",
        employees=4,
        processes=("MU.EMBROIDERY",),
    )


@pytest.fixture
def brand_c(prato):
    return _firm(
        "Lanificio Gamma S.p.A.",
        1003,
        prato,
        municipality="100005",
        role="brand",
        employees=120,
        processes=("FF.WEAVING",),
    )


def _member(make_user, firm, username, role):
    user = make_user(username)
    FirmMembership.objects.create(user=user, firm=firm, role=role)
    return user


@pytest.fixture
def owner_a(make_user, firm_a):
    return _member(make_user, firm_a, "owner_a", "owner")


@pytest.fixture
def editor_a(make_user, firm_a):
    return _member(make_user, firm_a, "editor_a", "editor")


@pytest.fixture
def viewer_a(make_user, firm_a):
    return _member(make_user, firm_a, "viewer_a", "viewer")


@pytest.fixture
def owner_b(make_user, firm_b):
    return _member(make_user, firm_b, "owner_b", "owner")


@pytest.fixture
def brand_owner(make_user, brand_c):
    return _member(make_user, brand_c, "brand_owner", "owner")


@pytest.fixture
def client_for(db):
    """``client_for(user)`` is a test client logged in as ``user`` (``None``: anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
