"""Passport fixtures shared by the passport tests.

Brand C (Lanificio Gamma, Prato; ``brand_owner``, ``brand_editor``, ``brand_viewer``) has a chain of three suppliers in Carpi,
each with a verified qualification and each consenting to be named in passports:

- ``knitter``: firm A (Maglificio Alfa), knitting, tier 1;
- ``embroiderer``: firm B (Ricamificio Beta), embroidery, tier 1;
- ``spinner``: Filatura Sigma, spinning, tier 2 through firm A.

``jumper`` is brand C's wool jumper with a GTIN, label composition, a substance of concern,
care and end-of-life texts, a footprint and three steps at those suppliers' sites (plus a dyeing
step with only a country). ``jumper_batch`` is a batch with serials 0001 to 0500 and an event at
each site step. ``model_passport`` is the jumper's first model passport, issued by the owner.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from filiera.chains.models import Level
from filiera.footprint.services import refresh_footprint
from filiera.passports.models import Passport
from filiera.passports.services.issue import issue_passport
from filiera.products.models import (
    Batch,
    BatchEvent,
    Component,
    ComponentFibre,
    Product,
    ProductMaterial,
    ProductStep,
    Substance,
)
from filiera.qualification.models import Assessment, ScorecardPublication
from filiera.qualification.services import assessments as flow
from filiera.registry.models import Firm, FirmMembership
from tests.chains.conftest import relate  # noqa: F401 (fixture)
from tests.conftest import _firm
from tests.qualification.conftest import (  # noqa: F401 (fixtures)
    add_evidence,
    base_version,
    draft_a,
    fill,
    submitted_a,
    verified_a,
)

JUMPER_GTIN = "09506000134369"
TODAY = date.today()


@pytest.fixture(autouse=True)
def english_messages():
    """Messages checked word for word in these tests are the English ones (the catalogue is
    checked by tests/test_i18n.py); pages still follow each request's language."""
    with translation.override("en"):
        yield


def verify_firm(firm: Firm, owner, verifier, period: str = "2026") -> Assessment:
    """Answer every question of ``firm``'s assessment well, submit it and verify it."""
    draft = flow.start(owner, firm, period)
    fill(owner, draft, evidence=add_evidence(owner, firm))
    flow.submit(owner, draft)
    flow.take_in_review(verifier, draft)
    return flow.verify(verifier, draft)


def consent(firm: Firm, in_passports: bool = True) -> None:
    ScorecardPublication.objects.update_or_create(
        firm=firm, defaults={"in_passports": in_passports}
    )


def site_of(firm: Firm):
    return firm.sites.order_by("id").first()


@pytest.fixture
def brand_editor(make_user, brand_c):
    user = make_user("brand_editor")
    FirmMembership.objects.create(user=user, firm=brand_c, role="editor")
    return user


@pytest.fixture
def brand_viewer(make_user, brand_c):
    user = make_user("brand_viewer")
    FirmMembership.objects.create(user=user, firm=brand_c, role="viewer")
    return user


@pytest.fixture
def spinner(carpi, make_user):
    firm = _firm(
        "Filatura Sigma S.p.A.",
        1021,
        carpi,
        role="material_supplier",
        processes=("YN.SPIN_COMBED",),
    )
    FirmMembership.objects.create(user=make_user("owner_spinner"), firm=firm, role="owner")
    return firm


@pytest.fixture
def suppliers(brand_c, firm_a, firm_b, spinner, owner_b, verifier, relate, verified_a):  # noqa: F811
    """Brand C's three qualified, consenting suppliers, by role."""
    relate(brand_c, firm_a, tier=1, processes=("MU.KNIT_TO_SHAPE",), level=Level.GRADE)
    relate(brand_c, firm_b, tier=1, processes=("MU.EMBROIDERY",), level=Level.GRADE)
    relate(firm_a, spinner, tier=2, processes=("YN.SPIN_COMBED",), level=Level.GRADE)
    verify_firm(firm_b, owner_b, verifier)
    verify_firm(spinner, spinner.memberships.get().user, verifier)
    for firm in (firm_a, firm_b, spinner):
        consent(firm)
    return {"knitter": firm_a, "embroiderer": firm_b, "spinner": spinner}


@pytest.fixture
def jumper(brand_c, suppliers) -> Product:
    product = Product.objects.create(
        brand=brand_c,
        name="Maglia girocollo in lana",
        name_en="Wool crew-neck jumper",
        description="Maglia in lana merino lavorata a maglia.",
        description_en="Knitted merino wool jumper.",
        gtin=JUMPER_GTIN,
        model_code="MGL-01",
        commodity_code="61101100",
        category="pull",
        mass_kg=Decimal("0.35"),
        recycled_pre_consumer=Decimal("10"),
        recycled_post_consumer=Decimal("5"),
        care="Lavare a mano a 30 °C.",
        care_en="Hand wash at 30 °C.",
        durability="Rammendo gratuito per due anni.",
        durability_en="Free mending for two years.",
        end_of_life="Conferire nella raccolta degli abiti usati.",
        end_of_life_en="Take it to a used-clothing collection point.",
    )
    ProductMaterial.objects.create(
        product=product, material="ei-laine-par-defaut", share=Decimal("80"), country="IT"
    )
    ProductMaterial.objects.create(product=product, material="ei-pa", share=Decimal("20"))
    body = Component.objects.create(product=product, name="Corpo", name_en="Body", position=0)
    ComponentFibre.objects.create(component=body, fibre="1", percent=Decimal("80"))
    ComponentFibre.objects.create(component=body, fibre="30", percent=Decimal("20"))
    rib = Component.objects.create(product=product, name="Polsini", name_en="Cuffs", position=1)
    ComponentFibre.objects.create(component=rib, fibre="1", percent=Decimal("100"))
    Substance.objects.create(
        product=product,
        name="N,N-dimethylformamide",
        cas_number="68-12-2",
        concentration=Decimal("0.0100"),
        location="Printed logo",
    )
    started = TODAY - timedelta(days=60)
    for stage, firm, process, offset in (
        (ProductStep.Stage.SPINNING, suppliers["spinner"], "YN.SPIN_COMBED", 0),
        (ProductStep.Stage.MAKING, suppliers["knitter"], "MU.KNIT_TO_SHAPE", 20),
        (ProductStep.Stage.OTHER, suppliers["embroiderer"], "MU.EMBROIDERY", 30),
    ):
        ProductStep.objects.create(
            product=product,
            stage=stage,
            site=site_of(firm),
            process_id=process,
            started_on=started + timedelta(days=offset),
            finished_on=started + timedelta(days=offset + 7),
        )
    ProductStep.objects.create(product=product, stage=ProductStep.Stage.DYEING, country="IT")
    refresh_footprint(product)
    return product


@pytest.fixture
def jumper_batch(jumper) -> Batch:
    batch = Batch.objects.create(
        product=jumper,
        lot="L2025-01",
        serial_first="0001",
        serial_last="0500",
        produced_on=TODAY - timedelta(days=10),
        quantity=500,
    )
    for step in jumper.steps.exclude(site=None):
        BatchEvent.objects.create(
            batch=batch, step=step, occurred_on=step.finished_on, quantity=500, note="ok"
        )
    return batch


@pytest.fixture
def model_passport(jumper, brand_owner) -> Passport:
    return issue_passport(jumper, granularity="model", user=brand_owner)
