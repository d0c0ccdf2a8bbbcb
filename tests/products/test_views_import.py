"""The products import page: templates to download, a good file imported, a bad one listed row
by row with nothing saved, a dry run, a file too large."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filiera.products.models import Product
from tests.products.test_import import BAD_PRODUCTS, PRODUCTS_CSV


def url(firm) -> str:
    return reverse("product_import", args=[firm.pk])


def upload(text: str, name: str = "products.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_page_and_its_templates(client_for, owner_a, firm_a):
    response = client_for(owner_a).get(url(firm_a))
    assert response.status_code == 200 and 'id="import-form"' in response.content.decode()
    template = client_for(owner_a).get(url(firm_a) + "?download=steps")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode().strip() == (
        "model_code,stage,process,site,country,started_on,finished_on"
    )
    products = client_for(owner_a).get(url(firm_a) + "?download=products").content.decode()
    assert products.startswith("model_code,name,name_en,")
    assert (
        reverse("product_import", args=[firm_a.pk])
        in client_for(owner_a).get(reverse("product_list", args=[firm_a.pk])).content.decode()
    )


def test_a_good_file_is_imported(client_for, editor_a, firm_a):
    response = client_for(editor_a).post(url(firm_a), {"file": upload(PRODUCTS_CSV)})
    report = response.context["report"]
    assert report.ok and report.created == 2
    assert 'id="products-created">2<' in response.content.decode()
    assert Product.objects.filter(brand=firm_a).count() == 2


def test_a_dry_run_saves_nothing(client_for, editor_a, firm_a):
    response = client_for(editor_a).post(
        url(firm_a), {"file": upload(PRODUCTS_CSV), "dry_run": "on"}
    )
    assert response.context["report"].dry_run and response.context["report"].created == 2
    assert not Product.objects.exists()


def test_a_bad_file_lists_every_problem(client_for, owner_a, firm_a):
    response = client_for(owner_a).post(url(firm_a), {"file": upload(BAD_PRODUCTS)})
    body = response.content.decode()
    assert 'id="import-errors"' in body
    assert 'data-sheet="products" data-line="3" data-column="gtin"' in body
    assert len(response.context["report"].errors) == 9
    assert not Product.objects.exists()


def test_an_unreadable_or_too_large_file(client_for, owner_a, firm_a, settings):
    response = client_for(owner_a).post(url(firm_a), {"file": upload("name\nX\n")})
    assert 'id="file-error"' in response.content.decode()
    settings.IMPORT_MAX_BYTES = 50
    response = client_for(owner_a).post(url(firm_a), {"file": upload(PRODUCTS_CSV)})
    assert response.context["file_error"] and not Product.objects.exists()
