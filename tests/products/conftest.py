"""Product fixtures: a product of firm A (owner, editor and viewer exist) and firm A's chain.

Chain of ``firm_a`` for the step sites: firm B (tier 1, embroidery) shares its sites with
firm A; a spinning mill (tier 2, through firm B) shares its sites with firm A directly; a
weaver (tier 1) shares only its grade and a second site of its own; a dyer (tier 1) shares
nothing at all. Lanificio Gamma (brand C, Prato) is outside firm A's chain.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from filiera.chains.models import Consent, Level
from filiera.products import services
from filiera.registry import services as registry
from filiera.registry.models import Municipality
from tests.chains.conftest import relate  # noqa: F401 (fixture)
from tests.conftest import _firm


@pytest.fixture
def product(firm_a, owner_a):
    return services.create_product(
        owner_a,
        firm_a,
        name="Maglia girocollo",
        name_en="Crew-neck jumper",
        model_code="MG-01",
        category="pull",
        mass_kg=Decimal("0.35"),
    )


@pytest.fixture
def composed(product, owner_a):
    """The product with a composition of 70 % wool and 30 % polyamide."""
    services.set_composition(
        owner_a, product, [("ei-laine-par-defaut", "70", "IT"), ("ei-pa", "30", "")]
    )
    return product


def second_site(firm, name: str, municipality: str = "036005"):
    return registry.create_site(
        None,
        firm,
        name=name,
        address="Via Milano 2",
        municipality=Municipality.objects.get(pk=municipality),
        processes=[],
    )


@pytest.fixture
def spinner(carpi):
    return _firm(
        "Filatura Delta S.p.A.",
        1011,
        carpi,
        municipality="100005",
        role="material_supplier",
        processes=("YN.SPIN_COMBED",),
    )


@pytest.fixture
def weaver(carpi):
    firm = _firm(
        "Tessitura Epsilon S.r.l.",
        1012,
        carpi,
        role="material_supplier",
        processes=("FF.WEAVING",),
    )
    second_site(firm, "Tessitura Epsilon · magazzino")
    return firm


@pytest.fixture
def dyer(carpi):
    return _firm(
        "Tintoria Zeta S.n.c.",
        1013,
        carpi,
        role="subcontractor",
        processes=("WP.FABRIC_DYEING",),
    )


@pytest.fixture
def supply_chain(firm_a, firm_b, spinner, weaver, dyer, brand_c, relate):  # noqa: F811
    """Firm A's chain, as the module docstring says."""
    relate(firm_a, firm_b, tier=1, processes=("MU.EMBROIDERY",), sites=True)
    relate(firm_b, spinner, tier=2, processes=("YN.SPIN_COMBED",))
    relate(firm_a, weaver, tier=2, processes=("FF.WEAVING",), level=Level.GRADE)
    relate(firm_a, dyer, tier=1, processes=("WP.FABRIC_DYEING",), level=Level.NONE)
    # The spinner shares its sites with firm A directly (it is firm A's supplier's supplier).
    Consent.objects.create(supplier=spinner, client=firm_a, level=Level.GRADE, sites=True)
    return {"b": firm_b, "spinner": spinner, "weaver": weaver, "dyer": dyer, "outside": brand_c}


def png_bytes(size: tuple[int, int] = (8, 6), colour: str = "teal", kind: str = "PNG") -> bytes:
    """A real picture made with Pillow."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def traced(composed, owner_a, firm_a):
    """The product with its making step at firm A's site (with dates), a printing step, a
    batch of 100 items (serials 1-100) with an event at the making step, and an image."""
    services.set_steps(
        owner_a,
        composed,
        [
            {
                "stage": "making",
                "site": firm_a.sites.get(),
                "process": "MU.KNIT_TO_SHAPE",
                "started_on": "2025-03-01",
                "finished_on": "2025-03-31",
            },
            {"stage": "other", "country": "IT", "process": "WP.PRINTING"},
        ],
    )
    batch = services.create_batch(
        owner_a, composed, lot="L-01", serial_first="1", serial_last="100", quantity=100
    )
    making = composed.steps.get(stage="making")
    services.add_batch_event(owner_a, batch, step=making, occurred_on="2025-03-10", quantity=100)
    services.add_image(
        owner_a, composed, file=upload("front.png", png_bytes()), alt="Davanti", alt_en="Front"
    )
    return composed
