"""Helpers of the showcase, public profile and contact tests.

- ``clear_cache`` (fixture): an empty cache (search pages and the contact rate limit live there);
- ``published_a(firm_a, carpi_showcase)`` (fixture): firm A qualified (grade B), with a valid
  ISO 14001 certificate, grade and certificates published, listed with texts in both
  languages, a website and a private e-mail; its entry built. Each published value is unique
  (``PUBLISHED``); so are the private ones (``PRIVATE``), to look for in pages;
- ``many_entries(district, firms, **fields)``: directory rows written straight to the database;
- ``refreshed(django_capture_on_commit_callbacks)``: a block whose writes refresh the directory
  through the signals, as a commit would.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.cache import cache

from filiera.district.models import ShowcaseEntry
from filiera.district.services.showcase import refresh_district
from tests.district.conftest import certificate, list_firm, publish, scored

PUBLISHED = {
    "summary_it": "Maglieria fine zxqsummaryit",
    "summary_en": "Fine knitwear zxqsummaryen",
    "products_it": "maglioni zxqproductit",
    "products_en": "sweaters zxqproducten",
    "capacity_it": "mille capi zxqcapacityit",
    "capacity_en": "a thousand garments zxqcapacityen",
}
WEBSITE = "https://alfa-zxqsite.example"
FIRM_EMAIL = "segreteria-zxqprivate@alfa.example"
PRIVATE = [FIRM_EMAIL, "00010010361", "1500000", "1.500.000", "1,500,000"]


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def publish_firm(firm, district, **profile) -> ShowcaseEntry | None:
    """Firm qualified, certificate and grade published, listed; the district's entries built."""
    scored(firm, grade="B", qualification="qualified")
    certificate(firm, "iso_14001", days=400)
    publish(firm, grade=True, certificates=True)
    list_firm(firm, **{**PUBLISHED, **profile})
    refresh_district(district.pk)
    return ShowcaseEntry.objects.filter(district=district, firm=firm).first()


@pytest.fixture
def published_a(firm_a, carpi, carpi_showcase) -> ShowcaseEntry:
    firm_a.website = WEBSITE
    firm_a.email = FIRM_EMAIL
    firm_a.save()
    found = publish_firm(firm_a, carpi)
    assert found is not None
    return found


def many_entries(district, firms, **fields) -> list[ShowcaseEntry]:
    """One entry per firm of ``firms`` (a list of Firm) with ``fields`` (name from the firm)."""
    rows = [
        ShowcaseEntry(
            district=district,
            firm=firm,
            name=firm.legal_name,
            qualification="qualified",
            search_text=firm.legal_name.lower(),
            **fields,
        )
        for firm in firms
    ]
    return ShowcaseEntry.objects.bulk_create(rows)


def forget_pending_refresh() -> None:
    """Drop the directory refresh the fixtures' writes queued for the test's never-ending
    transaction, so that ``django_capture_on_commit_callbacks`` sees the next one."""
    from django.db import connection

    from filiera.district.signals import directory

    connection.run_on_commit = [
        item for item in connection.run_on_commit if not directory.owns(item[1])
    ]


@contextlib.contextmanager
def refreshed(capture):
    """Run the block, then the refresh its writes queued (``capture`` is pytest-django's
    ``django_capture_on_commit_callbacks``)."""
    forget_pending_refresh()
    with capture(execute=True):
        yield
