"""Supply-chain fixtures: a second brand, qualified suppliers and a helper that links a
supplier to a client with a consent, written straight to the database.

Chain of ``brand_c`` (Prato) in ``chain``: brand_c ← firm_a (tier 1, knitting) ← firm_b
(tier 2, embroidery). ``brand_y`` (Carpi, owner ``brand_y_owner``) is another brand that firm A
also supplies only when a test links them.
"""

from __future__ import annotations

import pytest

from filiera.chains.models import Consent, Level, SupplyRelation
from filiera.registry.models import FirmMembership
from tests.conftest import _firm
from tests.qualification.conftest import (  # noqa: F401 (fixtures used by the chain tests)
    add_evidence,
    base_version,
    draft_a,
    draft_b,
    fill,
    submitted_a,
    verified_a,
)


@pytest.fixture
def brand_y(carpi):
    return _firm(
        "Moda Ypsilon S.r.l.",
        1004,
        carpi,
        role="brand",
        employees=60,
        processes=("MU.CUTTING",),
    )


@pytest.fixture
def brand_y_owner(make_user, brand_y):
    user = make_user("brand_y_owner")
    FirmMembership.objects.create(user=user, firm=brand_y, role="owner")
    return user


@pytest.fixture
def relate():
    """``relate(client, supplier, tier=1, processes=(...), level=Level.GRADE, ...)`` links
    a supplier to a client (with its first site) and writes the supplier's consent."""

    def make(
        client,
        supplier,
        *,
        tier=1,
        processes=("MU.KNIT_TO_SHAPE",),
        level=Level.GRADE,
        profile=False,
        sites=False,
        site="first",
        consent=True,
    ) -> SupplyRelation:
        relation = SupplyRelation.objects.create(
            client=client,
            supplier=supplier,
            tier=tier,
            site=supplier.sites.order_by("id").first() if site == "first" else site,
        )
        relation.processes.set(processes)
        if consent:
            Consent.objects.update_or_create(
                supplier=supplier,
                client=client,
                defaults={"level": level, "profile": profile, "sites": sites},
            )
        return relation

    return make


@pytest.fixture
def chain(brand_c, firm_a, firm_b, relate):
    """brand_c ← firm_a (tier 1) ← firm_b (tier 2); firm_a shares its grade with brand_c,
    firm_b shares its grade with firm_a only."""
    first = relate(brand_c, firm_a, tier=1, processes=("MU.KNIT_TO_SHAPE",))
    second = relate(firm_a, firm_b, tier=2, processes=("MU.EMBROIDERY",))
    return first, second
