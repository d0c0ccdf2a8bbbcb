"""`filiera issue-passports`: a brand's whole catalogue gets its next model passports."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from filiera.passports.models import Passport
from filiera.passports.verification import verify_with_platform
from filiera.products.models import Product

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_passports", *args, stdout=out)
    return out.getvalue()


def test_issues_the_next_version_of_every_product(brand_c, jumper, model_passport):
    plain = Product.objects.create(
        brand=brand_c, name="Sciarpa", category="pull", mass_kg="0.2", model_code="SC-1"
    )
    plain.components.create(name="Corpo").fibres.create(fibre="1", percent=100)

    output = run("--brand", brand_c.vat)

    assert "Issued 2 passports" in output
    current = Passport.objects.get(product=jumper, superseded_by__isnull=True)
    assert current.version == 2 and current.supersedes == model_passport
    scarf = Passport.objects.get(product=plain)
    assert scarf.version == 1
    result = verify_with_platform(scarf.credential.jwt)
    assert result.ok, result.checks
    assert all(check.ok for check in result.checks)  # schema checked too, not skipped


def test_only_the_model_codes_named(brand_c, jumper):
    Product.objects.create(brand=brand_c, name="Altro", category="pull", mass_kg="0.2")
    run("--brand", brand_c.vat, "--model-code", jumper.model_code)
    assert list(Passport.objects.values_list("product__model_code", flat=True)) == ["MGL-01"]


def test_bad_arguments_name_what_is_wrong(brand_c, jumper):
    with pytest.raises(CommandError, match="--brand"):
        run("--brand", "IT00000000000")
    with pytest.raises(CommandError, match="NOPE"):
        run("--brand", brand_c.vat, "--model-code", "NOPE")


def test_a_product_that_cannot_have_a_passport_stops_the_run(brand_c, jumper):
    Product.objects.create(brand=brand_c, name="Senza composizione", category="pull", mass_kg="1")
    with pytest.raises(CommandError, match="Senza composizione"):
        run("--brand", brand_c.vat)
    assert not Passport.objects.exists()
