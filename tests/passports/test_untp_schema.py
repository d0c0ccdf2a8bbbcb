"""Every kind of credential the platform issues validates: passports of a model, a batch and an
item, conformity credentials, facility records (UNTP 0.6.1 and W3C VCDM 2.0 schemas) and status
lists (VCDM 2.0), with no error and no warning; and read as JSON-LD with the local contexts,
none of them uses an undefined term."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from filiera.passports.engine import untp, vcjwt
from filiera.passports.models import Credential, Passport, StatusList
from filiera.passports.services import signing
from filiera.passports.services.issue import issue_passport
from filiera.products.models import Component, ComponentFibre, Product
from tests.passports import factories_untp as f
from tests.passports.untp_checks import (
    problems,
    schema_errors,
    undefined_terms,
    untp_dir,
    with_envelope,
)

BUILT = {
    "dpp-model": lambda: with_envelope(untp.build_dpp(f.dpp_data())),
    "dpp-batch": lambda: with_envelope(untp.build_dpp(f.batch_data())),
    "dpp-item": lambda: with_envelope(untp.build_dpp(f.item_data())),
    "dpp-bare": lambda: with_envelope(untp.build_dpp(f.bare_data())),
    "dcc": lambda: with_envelope(untp.build_dcc(f.dcc_data())),
    "dcc-not-qualified": lambda: with_envelope(
        untp.build_dcc(f.dcc_data(conformance=False, grade="E", overall=None, areas=()))
    ),
    "dfr": lambda: with_envelope(untp.build_dfr(f.dfr_data())),
    "dfr-bare": lambda: with_envelope(
        untp.build_dfr(f.dfr_data(qualification=None, processes=(), also_known_as=()))
    ),
}


def assert_clean(document: dict) -> None:
    assert problems(document) == []
    assert schema_errors(document) == []
    assert undefined_terms(document) == []


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_credentials_are_clean(name):
    assert_clean(BUILT[name]())


@pytest.fixture
def everything(jumper, jumper_batch, brand_owner) -> list[Passport]:
    """A model, a batch and an item passport of the jumper, with their DCCs and DFRs."""
    return [
        issue_passport(jumper, granularity="model", user=brand_owner),
        issue_passport(jumper, granularity="batch", batch=jumper_batch, user=brand_owner),
        issue_passport(
            jumper, granularity="item", batch=jumper_batch, serial="0042", user=brand_owner
        ),
    ]


def test_every_issued_credential_is_clean(everything):
    credentials = list(Credential.objects.all())
    assert {c.kind for c in credentials} == {"dpp", "dcc", "dfr"}
    assert {p.granularity for p in everything} == {"model", "batch", "item"}
    for credential in credentials:
        assert_clean(credential.document)
        # What was signed (and is served as application/vc+jwt) is the stored document.
        _header, payload = vcjwt.decode_unverified(credential.jwt)
        assert payload == credential.document


def test_status_list_credentials_are_clean(everything, model_passport):
    signing.revoke(model_passport.credential, user=None, reason="test")
    lists = list(StatusList.objects.select_related("issuer"))
    assert len(lists) == 2  # the brand's and the district's
    for status_list in lists:
        document = signing.status_list_document(status_list)
        assert "BitstringStatusListCredential" in document["type"]
        assert_clean(document)


def test_a_product_with_only_the_required_data_is_clean(brand_c, brand_owner):
    product = Product.objects.create(
        brand=brand_c, name="Sciarpa", category="pull", mass_kg=Decimal("0.1")
    )
    component = Component.objects.create(product=product, name="Tessuto")
    ComponentFibre.objects.create(component=component, fibre="5", percent=Decimal("100"))
    passport = issue_passport(product, granularity="model", user=brand_owner)
    document = passport.credential.document
    assert "conformityClaim" not in document["credentialSubject"]
    assert_clean(document)


def test_the_checks_catch_what_they_must():
    """The samples of UNTP pass; a bare extension field is an undefined term; a missing id is
    a schema error."""
    sample_path = untp_dir() / "data-models" / "untp-dpp" / "artefacts" / "untp-dpp-instance.json"
    sample = json.loads(sample_path.read_text(encoding="utf-8"))
    assert undefined_terms(sample) == []
    assert schema_errors(sample) == []
    extended = copy.deepcopy(sample)
    extended["credentialSubject"]["product"]["fibre"] = "wool"
    assert undefined_terms(extended) == ["https://www.w3.org/ns/credentials/undefined-term#fibre"]
    broken = BUILT["dpp-model"]()
    del broken["credentialSubject"]["product"]["id"]
    assert any("'id' is a required property" in e for e in schema_errors(broken))
    assert any(p.startswith("error") for p in problems(broken))
