"""The demo networks: a public network contract with its lead, members, two services, two
projects and a document, and a private rete-soggetto; loading again changes nothing."""

from __future__ import annotations

from filiera.district import demo_networks
from filiera.district.models import Network, NetworkMember
from filiera.district.services.networks import clean_network
from tests.conftest import _firm


def test_demo_networks(carpi):
    lead = _firm("Maglificio Capofila S.n.c.", 2001, carpi)
    for serial in range(2002, 2008):
        _firm(f"Maglificio Demo {serial} S.r.l.", serial, carpi, role="manufacturer")
    brand = _firm("Marchio Demo S.p.A.", 2010, carpi, role="brand", processes=("MU.QC",))
    _firm("Servizi Demo S.r.l.", 2011, carpi, role="service", processes=("MU.QC",))
    _firm("Confezioni Demo S.r.l.", 2012, carpi, role="manufacturer", processes=("MU.QC",))

    counts = demo_networks.load(carpi, seed=1)
    assert counts["networks"] == 2 and counts["network_documents"] == 1
    public = Network.objects.get(district=carpi, public=True)
    assert public.kind == "contract"
    members = list(public.members.values_list("firm_id", "role"))
    assert (lead.pk, "lead") in members and 5 <= len(members) <= 7
    assert [r for _f, r in members].count("lead") == 1
    assert public.services.count() == 2 and public.projects.count() == 2
    document = public.documents.get()
    assert document.file.storage.exists(document.file.name)
    assert document.file.open("rb").read(5) == b"%PDF-"
    private = Network.objects.get(district=carpi, public=False)
    assert private.kind == "entity"
    clean_network({name: getattr(private, name) for name in ("name", "kind", "purpose_it", "vat")})
    assert private.members.get(role=NetworkMember.Role.LEAD).firm == brand
    assert demo_networks.load(carpi, seed=1) == dict.fromkeys(counts, 0)
    assert Network.objects.count() == 2


def test_demo_networks_in_an_empty_district(carpi):
    assert demo_networks.load(carpi)["networks"] == 0
