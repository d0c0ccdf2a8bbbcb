"""The symbiosis demo: receivers, flows, suggestions, exchanges; ``filiera demo`` runs it."""

from __future__ import annotations

import io

from django.core.management import call_command

from filiera.core.management.commands.demo import DEMO_PASSWORD
from filiera.registry.models import District, Firm, FirmMembership
from filiera.symbiosis import demo
from filiera.symbiosis.models import Delivery, Flow, Match, SymbiosisPolicy
from tests.conftest import _firm

Status = Match.Status


def _district_firms(carpi, make_user):
    """A few firms doing what the demo's flows are about, and the demo subcontractor login."""
    made = [
        _firm("Maglificio Uno", 6101, carpi, processes=("MU.KNIT_TO_SHAPE",)),
        _firm(
            "Maglificio Due", 6102, carpi, municipality="036044", processes=("MU.KNIT_TO_SHAPE",)
        ),
        _firm("Taglio Tre", 6103, carpi, processes=("MU.CUTTING",)),
        _firm("Tintoria Quattro", 6104, carpi, processes=("MU.GARMENT_DYEING",)),
        _firm("Stireria Cinque", 6105, carpi, processes=("MU.PRESSING",)),
        _firm("Confezione Sei", 6106, carpi, processes=("MU.PACKAGING", "MU.QC")),
        _firm("Trasporti Sette", 6107, carpi, role="service", processes=("SV.LOGISTICS",)),
    ]
    FirmMembership.objects.create(user=make_user("subcontractor"), firm=made[0], role="owner")
    return made


def test_load_and_clear(carpi, make_user):
    firms = _district_firms(carpi, make_user)
    counts = demo.load(carpi, seed=3)
    assert counts["receivers"] == 4
    assert counts["flows"] == Flow.objects.count() >= len(demo.data.FEATURED) + 7
    assert counts["suggestions"] > 0 and counts["exchanges"] > 0 and counts["deliveries"] > 0
    assert counts["allocated"] > 0
    receivers = Firm.objects.filter(vat__in=demo.receiver_vats())
    assert receivers.count() == 4
    assert not receivers.filter(districts=carpi).exists()  # in the districts around
    assert set(receivers.values_list("districts__slug", flat=True)) == {
        "prato-demo",
        "formigine-demo",
    }

    featured = firms[0]
    assert sorted(Flow.objects.filter(firm=featured).values_list("ref", flat=True)) == [
        "",
        "DEMO-CARDBOARD",
        "DEMO-CONES",
        "DEMO-CUTTINGS",
    ]
    interested = Match.objects.get(offer__ref="DEMO-CUTTINGS", need__ref="DEMO-CARD-IN")
    assert interested.status == Status.INTEREST and interested.need_interest_at
    assert not interested.identities_visible
    assert Match.objects.filter(offer__ref="DEMO-CARDBOARD", need__ref="DEMO-REC-PACK").exists()
    statuses = set(Match.objects.values_list("status", flat=True))
    assert {Status.SUGGESTED, Status.INTEREST, Status.ACTIVE} <= statuses
    for delivery in Delivery.objects.select_related("match"):
        assert delivery.match.status in (Status.ACTIVE, Status.CLOSED)
        assert delivery.amount > 0
    assert SymbiosisPolicy.objects.filter(district=carpi).exists()
    assert Match.objects.filter(allocated_amount__gt=0).count() == counts["allocated"]

    assert demo.load(carpi, seed=3)["flows"] == 0  # once only

    assert demo.clear(carpi) == counts["flows"]
    assert not Flow.objects.exists() and not Match.objects.exists()
    assert not Firm.objects.filter(vat__in=demo.receiver_vats()).exists()
    assert not SymbiosisPolicy.objects.exists()
    assert not District.objects.filter(slug__endswith="-demo").exists()
    assert Firm.objects.filter(pk__in=[f.pk for f in firms]).count() == len(firms)


def test_the_demo_command_includes_symbiosis_and_resets(db):
    out = io.StringIO()
    call_command("demo", "--companies", "40", "--password", DEMO_PASSWORD, stdout=out)
    assert "Industrial symbiosis:" in out.getvalue()
    sub = FirmMembership.objects.get(user__username="subcontractor").firm
    assert Match.objects.filter(offer__firm=sub).exists()
    before = Flow.objects.count()
    assert before > 0

    out = io.StringIO()
    call_command("demo", "--companies", "40", "--reset", "--password", DEMO_PASSWORD, stdout=out)
    assert "Industrial symbiosis:" in out.getvalue()
    assert Flow.objects.count() == before  # the same seed, the same flows
    assert Firm.objects.filter(vat__in=demo.receiver_vats()).count() == 4
