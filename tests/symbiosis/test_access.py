"""Who sees and changes a firm's flows and matches; no identity before both sides accept."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser

from filiera.symbiosis import access, selectors
from filiera.symbiosis.models import Match
from tests.conftest import PERSONAS

Status = Match.Status
# persona: (sees firm A's symbiosis, edits firm A's flows)
EXPECTED = {
    "admin": (True, True),
    "manager": (True, False),
    "verifier": (True, False),
    "prato_manager": (False, False),
    "owner_a": (True, True),
    "editor_a": (True, True),
    "viewer_a": (True, False),
    "owner_b": (False, False),
    "brand_owner": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_firm_access_by_persona(request, persona, firm_a):
    user = request.getfixturevalue(persona)
    sees, edits = EXPECTED[persona]
    assert access.can_view_symbiosis(user, firm_a) is sees
    assert access.can_edit_flows(user, firm_a) is edits


def test_anonymous_sees_nothing(firm_a, carpi, suggestion):
    anonymous = AnonymousUser()
    assert not access.can_view_symbiosis(anonymous, firm_a)
    assert not access.can_edit_flows(anonymous, firm_a)
    assert not access.can_view_district_symbiosis(anonymous, carpi)
    assert access.match_side(anonymous, suggestion) is None
    assert not access.can_view_match(anonymous, suggestion)


@pytest.mark.parametrize("persona", PERSONAS)
def test_district_access_by_persona(request, persona, carpi, prato):
    user = request.getfixturevalue(persona)
    views = {"admin", "manager", "verifier"}
    manages = {"admin", "manager"}
    assert access.can_view_district_symbiosis(user, carpi) is (persona in views)
    assert access.can_manage_district_symbiosis(user, carpi) is (persona in manages)
    assert access.can_view_district_symbiosis(user, prato) is (
        persona in {"admin", "prato_manager"}
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_match_sides_by_persona(request, persona, suggestion, carder_owner):
    user = request.getfixturevalue(persona)
    side = {"owner_a": "offer", "editor_a": "offer", "viewer_a": "offer"}.get(persona)
    acting = {"owner_a": "offer", "editor_a": "offer", "admin": "offer"}.get(persona)
    assert access.match_side(user, suggestion) == side
    assert access.acting_side(user, suggestion) == acting
    # A firm's people, the staff of either firm's district (Carpi, Prato), the admin.
    viewers = {"admin", "manager", "verifier", "prato_manager", "owner_a", "editor_a", "viewer_a"}
    assert access.can_view_match(user, suggestion) is (persona in viewers)
    assert access.match_side(carder_owner, suggestion) == "need"


def _flat(view) -> str:
    """Every value a page could show of a match view, as text."""
    summary = dataclasses.asdict(view.other_flow_summary)
    return " ".join(str(v) for v in summary.values())


@pytest.mark.parametrize(
    "status",
    [Status.SUGGESTED, Status.INTEREST, Status.DECLINED],
)
def test_no_identity_before_both_accept(status, offer_a, carder_need, carder, firm_a):
    from tests.symbiosis.conftest import make_match

    make_match(offer_a, carder_need, status)
    for firm, other in ((firm_a, carder), (carder, firm_a)):
        (view,) = selectors.firm_matches(firm)
        assert view.counterpart is None
        text = _flat(view)
        site = other.sites.get()
        for secret in (other.legal_name, other.vat, site.name, site.address, other.email):
            if secret:
                assert secret not in text
        assert view.other_flow_summary.province in ("PO", "MO")


@pytest.mark.parametrize(
    "status", [Status.CONTACT_SHARED, Status.AGREED, Status.ACTIVE, Status.CLOSED]
)
def test_identity_once_both_accept(status, offer_a, carder_need, carder, carder_owner, owner_a):
    from tests.symbiosis.conftest import make_match

    make_match(offer_a, carder_need, status)
    (mine,) = selectors.firm_matches(offer_a.firm)
    assert mine.side == "offer" and mine.my_flow == offer_a
    assert mine.counterpart.name == carder.legal_name
    assert [p["email"] for p in mine.counterpart.people] == [carder_owner.email]
    (theirs,) = selectors.firm_matches(carder)
    assert theirs.counterpart.name == offer_a.firm.legal_name
    assert [p["email"] for p in theirs.counterpart.people] == [owner_a.email]


def test_views_reasons_and_counts(flows, owner_a):
    from tests.symbiosis.conftest import make_match

    make_match(
        flows["offer_a"],
        flows["carder_need"],
        Status.INTEREST,
        components={
            "code": 1,
            "material": 0.2,
            "text": 0.4,
            "quantity": 0.9,
            "time": 1,
            "distance": 0.25,
        },
        offer_interest_at=None,
        need_interest_at=flows["carder_need"].created_at,
    )
    make_match(flows["offer_b"], flows["need_a"], Status.AGREED)
    views = selectors.firm_matches(flows["offer_a"].firm)
    assert [v.status for v in views] == [Status.INTEREST, Status.AGREED]
    first = views[0]
    assert first.they_are_interested and not first.i_am_interested
    assert next(r.name for r in first.reasons) == "code"
    assert abs(sum(r.weight for r in first.reasons) - 1) < 1e-9
    _label, value, weight = first.reasons[0]
    assert value == 1 and 0 < weight < 1
    assert selectors.match_counts(flows["offer_a"].firm) == {
        "suggestions": 1,
        "exchanges": 1,
        "waiting": 1,
    }
    assert len(selectors.firm_matches(flows["offer_a"].firm, statuses=[Status.AGREED])) == 1
    assert selectors.firm_match(flows["need_b"].firm, views[0].match.pk) is None  # firm B's?
    district = list(selectors.district_matches(flows["offer_a"].firm.districts.get()))
    assert len(district) == 2
