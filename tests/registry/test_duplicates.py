from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.registry import services, similarity
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import DuplicateCandidate, Firm, FirmMembership, Municipality


def test_similarity_ignores_legal_forms_and_needs_proximity():
    target = similarity.Candidate(1, "Maglificio Alfa S.r.l.", ((44.80, 10.89),))
    near = similarity.Candidate(2, "MAGLIFICIO ALFA SRL", ((44.805, 10.895),))
    far = similarity.Candidate(3, "Maglificio Alfa s.n.c.", ((43.88, 11.08),))
    other = similarity.Candidate(4, "Tintoria Zeta S.r.l.", ((44.80, 10.89),))
    found = similarity.similar(target, [near, far, other])
    assert [m.id for m in found] == [2]
    assert found[0].score == 1.0 and found[0].distance_km < 1


def test_km_matches_a_known_distance():
    # Carpi to Prato municipality points: about 104 km as the crow flies.
    assert 100 < similarity.km(44.80152, 10.89253, 43.87797, 11.08504) < 110


def _lookalike(carpi):
    firm = services.create_firm(
        None,
        districts=[carpi],
        legal_name="Maglificio ALFA srl",
        vat=italian_vat(3001),
        role="subcontractor",
    )
    services.create_site(
        None, firm, name="Sede", municipality=Municipality.objects.get(pk="036005")
    )
    return firm


def test_creating_a_lookalike_firm_warns_and_the_manager_merges(
    manager, owner_a, firm_a, carpi, client_for
):
    client = client_for(manager)
    response = client.post(
        reverse("firm_create"),
        {
            "district": "carpi",
            "legal_name": "Maglificio ALFA srl",
            "vat": italian_vat(3001)[2:],
            "role": "subcontractor",
            "ateco": "14.10.20",
        },
        follow=True,
    )
    assert "pagina dei duplicati" in response.content.decode()
    dup = Firm.objects.get(vat=italian_vat(3001))
    # Its site puts it next to firm A.
    services.create_site(None, dup, name="Sede", municipality=Municipality.objects.get(pk="036005"))
    candidate = DuplicateCandidate.objects.get(kind="firm")
    assert {candidate.left_id, candidate.right_id} == {firm_a.pk, dup.pk}
    client.post(
        reverse("duplicate_decide", args=["carpi", candidate.pk]),
        {"action": "merge", "keep": firm_a.pk},
    )
    assert not Firm.objects.filter(pk=dup.pk).exists()
    assert firm_a.sites.count() == 2
    assert FirmMembership.objects.filter(firm=firm_a, user=owner_a).exists()
    candidate.refresh_from_db()
    assert candidate.status == "merged" and candidate.decided_by == manager
    assert AuditEvent.objects.filter(action="merge", firm_id=firm_a.pk).exists()


def test_dismissed_firm_pairs_are_not_raised_again(manager, firm_a, carpi, client_for):
    from filiera.registry import duplicates

    dup = _lookalike(carpi)
    [candidate] = duplicates.check_firm(manager, dup)
    client_for(manager).post(
        reverse("duplicate_decide", args=["carpi", candidate.pk]), {"action": "dismissed"}
    )
    assert duplicates.check_firm(manager, dup) == []
    candidate.refresh_from_db()
    assert candidate.status == "dismissed"


def test_other_districts_cannot_decide_carpi_duplicates(
    prato_manager, manager, firm_a, carpi, client_for
):
    from filiera.registry import duplicates

    [candidate] = duplicates.check_firm(manager, _lookalike(carpi))
    response = client_for(prato_manager).post(
        reverse("duplicate_decide", args=["carpi", candidate.pk]), {"action": "dismissed"}
    )
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == "open"
