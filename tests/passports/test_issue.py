"""Issuing and revoking passports: versions, reuse of unchanged conformity credentials and
facility records, suppliers' consent, bad input that saves nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.passports.engine import status_list as lists
from filiera.passports.models import Credential, Passport
from filiera.passports.services import issue as issuing
from filiera.passports.services import signing
from filiera.passports.services.issue import IssueError, issue_passport, revoke_passport
from filiera.products.models import ComponentFibre, Product, ProductMaterial
from filiera.qualification.models import Assessment
from tests.passports.conftest import JUMPER_GTIN, consent, site_of


def linked(passport: Passport, kind: str) -> dict[int, Credential]:
    return {c.site_id: c for c in passport.linked.filter(kind=kind)}


def text(passport: Passport) -> str:
    return json.dumps(passport.credential.document, ensure_ascii=False)


def counts() -> tuple[int, int]:
    return Passport.objects.count(), Credential.objects.count()


def test_first_model_passport(model_passport, jumper, suppliers, carpi):
    passport = model_passport
    assert passport.version == 1 and passport.supersedes is None
    credential = passport.credential
    assert credential.kind == "dpp" and credential.tier == "public"
    assert credential.issuer.firm == jumper.brand
    product = credential.document["credentialSubject"]["product"]
    assert product["id"] == f"{settings.RESOLVER_URL}/01/{JUMPER_GTIN}"
    sites = {site_of(firm).pk for firm in suppliers.values()}
    dccs, dfrs = linked(passport, "dcc"), linked(passport, "dfr")
    assert set(dccs) == set(dfrs) == sites
    assert {c.issuer.district for c in [*dccs.values(), *dfrs.values()]} == {carpi}
    assert {c.tier for c in dfrs.values()} == {"value_chain"}
    assert {c.tier for c in dccs.values()} == {"public"}
    assert all(c.valid_until and c.valid_until > timezone.now() for c in dccs.values())
    event = AuditEvent.objects.get(action="issue_passport")
    assert event.firm_id == jumper.brand_id and event.changes["version"] == [None, 1]


def test_the_passport_names_consenting_suppliers_and_links_their_credentials(model_passport):
    document = model_passport.credential.document
    body = text(model_passport)
    assert "Maglificio Alfa S.r.l." in body and "Filatura Sigma S.p.A." in body
    claims = [
        c for c in document["credentialSubject"]["conformityClaim"] if "qualification" in c["id"]
    ]
    urls = {c["conformityEvidence"]["linkURL"] for c in claims}
    assert urls == {c.document["id"] for c in model_passport.linked.filter(kind="dcc")}
    digests = {c["conformityEvidence"]["hashDigest"] for c in claims}
    assert digests == {c.etag for c in model_passport.linked.filter(kind="dcc")}


def test_the_public_passport_carries_substance_names_only(model_passport):
    body = text(model_passport)
    assert "N,N-dimethylformamide" in body
    assert "68-12-2" not in body and "Printed logo" not in body


def test_a_new_version_supersedes_and_reuses_unchanged_credentials(model_passport, jumper):
    second = issue_passport(jumper, granularity="model", user=None)
    assert second.version == 2
    assert second.supersedes == model_passport
    assert second.credential.supersedes == model_passport.credential
    model_passport.credential.refresh_from_db()
    assert model_passport.credential.revoked_at is None  # superseded, not revoked
    assert linked(second, "dcc") == linked(model_passport, "dcc")
    assert linked(second, "dfr") == linked(model_passport, "dfr")
    assert Credential.objects.filter(kind__in=["dcc", "dfr"]).count() == 6
    assert issuing.current_passport(jumper, "model") == second


def test_a_changed_site_gets_new_credentials_that_supersede_the_old(model_passport, jumper):
    site = jumper.steps.get(stage="making").site
    site.name = "Maglificio Alfa · nuovo reparto"
    site.save()
    second = issue_passport(jumper, granularity="model", user=None)
    old_dcc, new_dcc = linked(model_passport, "dcc")[site.pk], linked(second, "dcc")[site.pk]
    old_dfr, new_dfr = linked(model_passport, "dfr")[site.pk], linked(second, "dfr")[site.pk]
    assert new_dcc != old_dcc and new_dcc.supersedes == old_dcc
    assert new_dfr != old_dfr and new_dfr.supersedes == old_dfr
    assert "nuovo reparto" in json.dumps(new_dfr.document)
    others = {pk for pk in linked(second, "dcc") if pk != site.pk}
    assert all(linked(second, "dcc")[pk] == linked(model_passport, "dcc")[pk] for pk in others)


def test_a_revoked_conformity_credential_is_issued_again(model_passport, jumper):
    dcc = next(iter(linked(model_passport, "dcc").values()))
    signing.revoke(dcc, user=None, reason="wrong grade")
    second = issue_passport(jumper, granularity="model", user=None)
    fresh = linked(second, "dcc")[dcc.site_id]
    assert fresh != dcc and fresh.supersedes == dcc and fresh.revoked_at is None


def test_without_consent_no_dcc_and_no_name(jumper, suppliers, brand_owner):
    embroiderer = suppliers["embroiderer"]
    consent(embroiderer, in_passports=False)
    passport = issue_passport(jumper, granularity="model", user=brand_owner)
    site = site_of(embroiderer)
    assert site.pk not in linked(passport, "dcc")
    assert site.pk in linked(passport, "dfr")  # facility records are for the value chain
    body = text(passport)
    assert embroiderer.legal_name not in body and site.name not in body
    assert site.facility_id in body
    assert not Credential.objects.filter(kind="dcc", site=site).exists()


def test_no_dcc_without_a_verified_or_with_a_lapsed_qualification(jumper, suppliers, brand_owner):
    spinner, knitter = suppliers["spinner"], suppliers["knitter"]
    Assessment.objects.filter(firm=spinner).update(status=Assessment.Status.SUBMITTED)
    Assessment.objects.filter(firm=knitter).update(verified_at=timezone.now() - timedelta(days=400))
    passport = issue_passport(jumper, granularity="model", user=brand_owner)
    assert set(linked(passport, "dcc")) == {site_of(suppliers["embroiderer"]).pk}


def test_batch_and_item_passports(jumper, jumper_batch, brand_owner):
    batch = issue_passport(jumper, granularity="batch", batch=jumper_batch, user=brand_owner)
    item = issue_passport(
        jumper, granularity="item", batch=jumper_batch, serial=" 0042 ", user=brand_owner
    )
    product = batch.credential.document["credentialSubject"]["product"]
    assert product["id"] == f"{settings.RESOLVER_URL}/01/{JUMPER_GTIN}/10/L2025-01"
    assert product["batchNumber"] == "L2025-01"
    assert item.serial == "0042" and item.version == 1
    assert item.credential.document["credentialSubject"]["product"]["serialNumber"] == "0042"
    steps = batch.credential.document["credentialSubject"]["traceabilityInformation"]
    event_names = [e["linkName"] for s in steps for e in s["traceabilityEvent"]]
    finished = jumper.steps.get(stage="making").finished_on.isoformat()
    assert any(name.startswith(f"{finished}: ") for name in event_names)
    # Each kind of passport has its own versions.
    again = issue_passport(jumper, granularity="batch", batch=jumper_batch, user=brand_owner)
    assert again.version == 2 and again.supersedes == batch


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"granularity": "lot"}, "granularity"),
        ({"granularity": "batch"}, "batch"),
        ({"granularity": "item", "serial": "0001"}, "batch"),
        ({"granularity": "item", "with_batch": True}, "serial"),
        ({"granularity": "item", "with_batch": True, "serial": "0501"}, "serial"),
        ({"granularity": "item", "with_batch": True, "serial": "00 1"}, "serial"),
        ({"granularity": "model", "with_batch": True}, "batch"),
        ({"granularity": "model", "serial": "0001"}, "serial"),
        ({"granularity": "batch", "with_batch": True, "serial": "0001"}, "serial"),
    ],
)
def test_bad_targets_save_nothing(jumper, jumper_batch, brand_owner, kwargs, field):
    kwargs = dict(kwargs)
    if kwargs.pop("with_batch", False):
        kwargs["batch"] = jumper_batch
    before = counts()
    with pytest.raises(IssueError) as err:
        issue_passport(jumper, user=brand_owner, **kwargs)
    assert err.value.field == field
    assert counts() == before


def test_a_batch_of_another_product_is_refused(jumper, jumper_batch, brand_c, brand_owner):
    other = Product.objects.create(brand=brand_c, name="Altro", category="pull", mass_kg=1)
    with pytest.raises(IssueError) as err:
        issue_passport(other, granularity="batch", batch=jumper_batch, user=brand_owner)
    assert err.value.field == "batch"


def test_a_batch_without_serial_range_has_no_items(jumper, jumper_batch, brand_owner):
    jumper_batch.serial_first = jumper_batch.serial_last = ""
    jumper_batch.save()
    with pytest.raises(IssueError) as err:
        issue_passport(jumper, granularity="item", batch=jumper_batch, serial="1", user=None)
    assert err.value.field == "serial" and "L2025-01" in str(err.value)


def test_a_product_without_composition_gets_no_passport(jumper, brand_owner):
    before = counts()
    ComponentFibre.objects.filter(component__product=jumper, fibre="30").delete()
    with pytest.raises(IssueError) as err:
        issue_passport(jumper, granularity="model", user=brand_owner)
    assert err.value.field == "composition" and "80" in str(err.value)
    jumper.components.all().delete()
    with pytest.raises(IssueError) as err:
        issue_passport(jumper, granularity="model", user=brand_owner)
    assert err.value.field == "composition"
    assert counts() == before


def test_a_product_whose_footprint_cannot_be_computed_still_gets_a_passport(jumper, brand_owner):
    ProductMaterial.objects.filter(product=jumper).delete()
    jumper.refresh_from_db()
    passport = issue_passport(jumper, granularity="model", user=brand_owner)
    claims = passport.credential.document["credentialSubject"]["conformityClaim"]
    assert not any("environmental-cost" in c["id"] for c in claims)
    assert AuditEvent.objects.get(action="issue_passport").changes["footprint"] == [None, False]


def test_a_product_without_gtin_is_named_by_its_passport_page(brand_c, brand_owner):
    product = Product.objects.create(
        brand=brand_c, name="Sciarpa", category="pull", mass_kg=Decimal("0.1")
    )
    component = product.components.create(name="Tessuto")
    component.fibres.create(fibre="5", percent=Decimal("100"))
    passport = issue_passport(product, granularity="model", user=brand_owner)
    product_id = passport.credential.document["credentialSubject"]["product"]["id"]
    assert product_id == f"{settings.SITE_URL}/passports/{passport.credential.uid}/"


def test_revoke(model_passport, brand_owner, jumper):
    revoke_passport(model_passport, user=brand_owner, reason="Wrong composition")
    credential = Credential.objects.get(pk=model_passport.credential_id)
    assert credential.revoked_at is not None
    assert credential.revocation_reason == "Wrong composition"
    bits = bytes(credential.status_list.bits)
    assert lists.get_bit(bits, credential.status_index)
    assert AuditEvent.objects.filter(action="revoke_passport", firm_id=jumper.brand_id).exists()
    with pytest.raises(UserError):  # already revoked
        revoke_passport(model_passport, user=brand_owner, reason="again")
    # A new version after a revoked one supersedes it.
    second = issue_passport(jumper, granularity="model", user=brand_owner)
    assert second.supersedes == model_passport and second.credential.revoked_at is None


def test_revoke_needs_a_reason(model_passport, brand_owner):
    with pytest.raises(UserError) as err:
        revoke_passport(model_passport, user=brand_owner, reason="  ")
    assert err.value.field == "reason"
    model_passport.credential.refresh_from_db()
    assert model_passport.credential.revoked_at is None


def test_the_supplier_gives_consent_on_its_publication_page(firm_b, owner_b, client_for):
    url = reverse("scorecard_publication", args=[firm_b.pk])
    client = client_for(owner_b)
    assert 'name="in_passports"' in client.get(url).content.decode()
    client.post(url, {"show_grade": "on", "in_passports": "on"})
    firm_b.scorecard_publication.refresh_from_db()
    assert firm_b.scorecard_publication.in_passports is True
    client.post(url, {"show_grade": "on"})
    firm_b.scorecard_publication.refresh_from_db()
    assert firm_b.scorecard_publication.in_passports is False
    assert AuditEvent.objects.filter(
        action="publish_scorecard", changes__has_key="in_passports"
    ).exists()


def copy_of(product: Product, code: str) -> Product:
    """Another product of the same brand with the same steps and label."""
    copy = Product.objects.get(pk=product.pk)
    copy.pk, copy.gtin, copy.model_code = None, "", code
    copy.save()
    for step in product.steps.all():
        step.pk, step.product = None, copy
        step.save()
    for component in product.components.all():
        fibres = list(component.fibres.all())
        component.pk, component.product = None, copy
        component.save()
        for fibre in fibres:
            fibre.pk, fibre.component = None, component
            fibre.save()
    return copy


def test_many_model_passports_at_once(model_passport, jumper, brand_owner):
    others = [copy_of(jumper, f"COPY-{n}") for n in range(3)]
    passports = issuing.issue_passports([jumper, *others, jumper], user=brand_owner)
    assert [p.product for p in passports] == sorted([jumper, *others], key=lambda p: p.pk)
    again = next(p for p in passports if p.product == jumper)
    assert again.version == 2 and again.supersedes == model_passport
    assert {p.version for p in passports if p.product != jumper} == {1}
    # The sites were looked at once: every passport links the same credentials.
    assert all(linked(p, "dcc") == linked(model_passport, "dcc") for p in passports)
    assert Credential.objects.filter(kind__in=["dcc", "dfr"]).count() == 6
    assert AuditEvent.objects.filter(action="issue_passport").count() == 5


def test_many_passports_save_nothing_when_one_cannot_have_one(jumper, brand_owner):
    broken = copy_of(jumper, "BROKEN")
    broken.components.all().delete()
    before = counts()
    with pytest.raises(IssueError) as err:
        issuing.issue_passports([jumper, broken], user=brand_owner)
    assert err.value.field == "composition" and broken.name in str(err.value)
    assert counts() == before


def test_many_passports_are_of_one_brand(jumper, firm_a, brand_owner):
    other = Product.objects.create(brand=firm_a, name="Altro", category="pull", mass_kg=1)
    with pytest.raises(ValueError):
        issuing.issue_passports([jumper, other], user=brand_owner)


def test_the_brands_own_site_is_named(jumper, brand_c, brand_owner):
    jumper.steps.filter(stage="other").update(site=site_of(brand_c))
    passport = issue_passport(jumper, granularity="model", user=brand_owner)
    assert site_of(brand_c).name in text(passport)
