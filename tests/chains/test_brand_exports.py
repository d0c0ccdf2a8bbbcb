"""The chain's supplier table as CSV, Excel and PDF: same visibility as the page, logged."""

# The shared fixtures are imported from test_brand_common: pytest passes them in by name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from filiera.chains import exports
from filiera.chains.models import AccessLog, Level, Scope
from filiera.chains.selectors import load_chain
from tests.chains.test_brand_common import scene, share  # noqa: F401 (fixtures)


def url(brand, fmt):
    return reverse("chain_export", args=[brand.pk, fmt])


@pytest.mark.django_db
def test_csv(client_for, brand_owner, scene):
    response = client_for(brand_owner).get(url(scene["brand"], "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 3
    names = [r[0] for r in rows[1:]]
    assert scene["a"].legal_name in names
    assert scene["b"].legal_name not in content.decode("utf-8-sig")
    a_row = rows[1 + names.index(scene["a"].legal_name)]
    assert a_row[4] == scene["assessment"].grade
    assert len(rows[0]) == 8  # no area column at the grade level
    logged = AccessLog.objects.filter(client=scene["brand"], via="export")
    assert set(logged.values_list("supplier_id", "scope")) == {(scene["a"].pk, Scope.GRADE)}


@pytest.mark.django_db
def test_xlsx_with_areas(client_for, brand_owner, scene):
    share(scene["a"], scene["brand"], Level.AREAS)
    response = client_for(brand_owner).get(url(scene["brand"], "xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 3 and len(rows[0]) > 8
    assert scene["b"].legal_name not in {str(v) for row in rows for v in row}
    a_row = next(r for r in rows if r[0] == scene["a"].legal_name)
    assert any(isinstance(v, (int, float)) for v in a_row[7:-1])


@pytest.mark.django_db
def test_pdf(client_for, brand_owner, scene):
    response = client_for(brand_owner).get(url(scene["brand"], "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    chain = load_chain(scene["brand"])
    rows = chain.filtered()
    data = exports.table(rows, [])
    summary = exports.Summary("T", "S", exports.summary_lines(chain.indicators))
    plain = exports.to_pdf(data, summary, compress=False)
    assert scene["a"].legal_name.encode("latin-1") in plain
    assert scene["b"].legal_name.encode("latin-1") not in plain


@pytest.mark.django_db
def test_filters_apply_to_exports(client_for, brand_owner, scene):
    response = client_for(brand_owner).get(url(scene["brand"], "csv"), {"tier": 2})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and scene["a"].legal_name not in rows[1]


@pytest.mark.django_db
def test_who_may_export(client_for, scene, prato_manager, brand_y_owner, owner_a, admin):
    brand = scene["brand"]
    assert client_for(prato_manager).get(url(brand, "csv")).status_code == 403
    assert client_for(brand_y_owner).get(url(brand, "csv")).status_code == 404
    assert client_for(owner_a).get(url(brand, "xlsx")).status_code == 404
    assert client_for(None).get(url(brand, "pdf")).status_code == 302
    assert client_for(admin).get(url(brand, "csv")).status_code == 200
    assert client_for(admin).get(url(brand, "doc")).status_code == 404
