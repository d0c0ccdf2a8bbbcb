"""Improvement plan: the service (refresh, edits), peer shares, and who may open and change it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.qualification import improvement
from filiera.qualification.models import ImprovementAction
from filiera.qualification.selectors_peers import peer_shares
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import plans
from filiera.registry import services as registry_services
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Municipality

from .conftest import add_evidence, fill

# Non-critical yes/no questions firm A is asked, of each effort level.
GAPS = {"ENV-2.02": "medium", "ENV-3.03": "high", "SOC-2.03": "low"}


def make_firm(district, serial: int, *, employees: int = 12, ateco: str = "14.10.20"):
    """A firm like firm A (same division and size class) in ``district``."""
    firm = registry_services.create_firm(
        None,
        districts=[district],
        ateco=[ateco],
        legal_name=f"Impresa Pari {serial} S.r.l.",
        vat=italian_vat(serial),
        role="subcontractor",
        employees=employees,
    )
    registry_services.create_site(
        None,
        firm,
        name=f"Impresa Pari {serial} · sede",
        address="Via Roma 1",
        municipality=Municipality.objects.get(pk="036005"),
        processes=["MU.KNIT_TO_SHAPE"],
    )
    return firm


def scored(firm, actor=None, *, period: str = "2026", answers: dict | None = None):
    """A submitted assessment: every question answered well, then ``answers`` applied."""
    assessment = flow.start(actor, firm, period)
    fill(actor, assessment, evidence=add_evidence(actor, firm))
    for code, value in (answers or {}).items():
        flow.save_answer(actor, assessment, code, value)
    return flow.submit(actor, assessment)


@pytest.fixture
def gaps_a(base_version, firm_a, owner_a):
    return scored(firm_a, owner_a, answers=dict.fromkeys(GAPS, "no"))


# The service -----------------------------------------------------------------------------


def test_refresh_creates_one_ranked_action_per_gap(gaps_a, firm_a, owner_a):
    counts = plans.refresh_plan(owner_a, firm_a)
    assert counts["added"] == 3
    actions = list(ImprovementAction.objects.filter(firm=firm_a))
    assert {a.question for a in actions} == set(GAPS)
    for action in actions:
        assert action.points > 0 and action.assessment == gaps_a
        assert action.ease == improvement.EASE[GAPS[action.question]]
        assert action.peer_share == 0  # no peers in the district
        assert action.priority == improvement.priority(action.points, GAPS[action.question], 0)
    priorities = [a.priority for a in actions]  # model order: priority, highest first
    assert priorities == sorted(priorities, reverse=True)
    event = AuditEvent.objects.filter(action="plan_action", object_type="registry.firm").get()
    assert event.changes["added"] == [None, 3]


def test_refresh_needs_a_submitted_assessment(draft_a, firm_a, owner_a):
    with pytest.raises(UserError):
        plans.refresh_plan(owner_a, firm_a)
    assert not ImprovementAction.objects.exists()


def test_refresh_keeps_the_firms_choices_and_closes_finished_gaps(
    gaps_a, firm_a, owner_a, editor_a, verifier
):
    plans.refresh_plan(owner_a, firm_a)
    env2 = ImprovementAction.objects.get(question="ENV-2.02")
    env3 = ImprovementAction.objects.get(question="ENV-3.03")
    soc = ImprovementAction.objects.get(question="SOC-2.03")
    plans.update_action(owner_a, env2, owner=editor_a, status="doing", note="Preventivo chiesto")
    plans.update_action(owner_a, soc, due_date=date(2026, 9, 30))
    # the verifier returns the assessment; the firm fixes ENV-2.02 and SOC-2.03
    flow.take_in_review(verifier, gaps_a)
    flow.return_to_firm(verifier, gaps_a, "Controllate le risposte")
    flow.save_answer(owner_a, gaps_a, "ENV-2.02", "yes")
    flow.save_answer(owner_a, gaps_a, "SOC-2.03", "yes")
    flow.submit(owner_a, gaps_a)
    counts = plans.refresh_plan(owner_a, firm_a)
    assert counts == {"added": 0, "updated": 1, "removed": 1, "completed": 1}
    env2.refresh_from_db()
    assert (env2.status, env2.owner, env2.note) == ("done", editor_a, "Preventivo chiesto")
    assert not ImprovementAction.objects.filter(pk=soc.pk).exists()  # "to do": removed
    env3.refresh_from_db()
    assert env3.status == "todo"


def test_update_action_checks_every_field_and_audits(gaps_a, firm_a, owner_a, owner_b):
    plans.refresh_plan(owner_a, firm_a)
    action = ImprovementAction.objects.get(question="ENV-3.03")
    with pytest.raises(UserError, match="Owner"):
        plans.update_action(owner_a, action, owner=owner_b, note="x")
    with pytest.raises(UserError, match="Status"):
        plans.update_action(owner_a, action, status="maybe")
    with pytest.raises(UserError, match="Note"):
        plans.update_action(owner_a, action, note="x" * 2001)
    with pytest.raises(UserError):
        plans.update_action(owner_a, action, points=99)
    action.refresh_from_db()
    assert (action.owner, action.note, action.status) == (None, "", "todo")
    plans.update_action(owner_a, action, owner=owner_a, status="doing")
    event = AuditEvent.objects.filter(action="plan_action", object_id=str(action.pk)).get()
    assert event.changes["ENV-3.03.status"] == ["todo", "doing"]


def test_peer_shares_come_from_one_aggregate_query(
    gaps_a, firm_a, carpi, django_assert_max_num_queries
):
    for serial in range(2001, 2005):
        scored(make_firm(carpi, serial), answers={"ENV-3.03": "no", "SOC-2.03": "partial"})
    methodology = gaps_a.version.parsed()
    with django_assert_max_num_queries(2):
        found = peer_shares(firm_a, carpi, methodology, list(GAPS))
    assert found.peers == 4 and found.usable
    assert found.shares == {"ENV-2.02": 1.0}  # ENV-3.03 "no", SOC-2.03 only partly
    plans.refresh_plan(None, firm_a)
    env2 = ImprovementAction.objects.get(question="ENV-2.02")
    assert env2.peer_share == 1.0
    assert env2.priority == improvement.priority(env2.points, "medium", 1.0)


def test_too_few_peers_leave_the_shares_out(gaps_a, firm_a, carpi):
    for serial in range(2001, 2004):  # 3 peers + firm A = 4 firms
        scored(make_firm(carpi, serial))
    found = peer_shares(firm_a, carpi, gaps_a.version.parsed(), list(GAPS))
    assert found.peers == 3 and not found.usable
    plans.refresh_plan(None, firm_a)
    assert set(ImprovementAction.objects.values_list("peer_share", flat=True)) == {0.0}


# The pages --------------------------------------------------------------------------------

READERS = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
EDITORS = {"admin", "owner_a", "editor_a"}
PERSONAS = [*sorted(READERS), "owner_b", "brand_owner", "outsider", "prato_manager"]


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def planned(gaps_a, firm_a, owner_a):
    plans.refresh_plan(owner_a, firm_a)
    return ImprovementAction.objects.filter(firm=firm_a).order_by("-priority", "id").first()


def test_plan_page_lists_actions_in_priority_order(planned, firm_a, owner_a, client_for):
    response = client_for(owner_a).get(reverse("firm_plan", args=[firm_a.pk]))
    assert response.status_code == 200
    shown = [a.question for a in response.context["open_actions"]]
    expected = list(
        ImprovementAction.objects.filter(firm=firm_a)
        .order_by("-priority", "id")
        .values_list("question", flat=True)
    )
    assert shown == expected
    body = response.content.decode()
    first, last = (f'data-question="{code}"' for code in (shown[0], shown[-1]))
    assert body.index(first) < body.index(last)
    assert reverse("plan_action_update", args=[planned.pk]) in body
    assert reverse("firm_plan_refresh", args=[firm_a.pk]) in body
    assert reverse("assessment_vsme", args=[planned.assessment_id]) in body


def test_plan_page_empty_state(draft_a, firm_a, owner_a, client_for):
    response = client_for(owner_a).get(reverse("firm_plan", args=[firm_a.pk]))
    assert response.status_code == 200
    assert not response.context["open_actions"] and response.context["source"] is None
    assert b"plan-empty" in response.content


def test_readers_see_the_plan_and_others_get_404(planned, everyone, firm_a, client_for):
    url = reverse("firm_plan", args=[firm_a.pk])
    for name, user in everyone.items():
        response = client_for(user).get(url)
        assert response.status_code == (200 if name in READERS else 404), name
        if name in READERS:
            can_edit = name in EDITORS
            assert response.context["can_edit"] is can_edit, name
            assert (
                reverse("plan_action_update", args=[planned.pk]).encode() in response.content
            ) is can_edit
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_only_owners_and_editors_change_the_plan(planned, everyone, firm_a, client_for):
    refresh = reverse("firm_plan_refresh", args=[firm_a.pk])
    update = reverse("plan_action_update", args=[planned.pk])
    for name, user in everyone.items():
        expected = 302 if name in EDITORS else (403 if name in READERS else 404)
        assert client_for(user).post(refresh).status_code == expected, name
        response = client_for(user).post(update, {"status": "doing", "note": name})
        assert response.status_code == expected, name
    for url in (refresh, update):
        response = client_for(None).post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    planned.refresh_from_db()
    assert planned.note in EDITORS  # only an editor's change went through
    assert client_for(everyone["owner_a"]).get(refresh).status_code == 405


def test_inline_edit_with_htmx_returns_the_list(planned, firm_a, owner_a, editor_a, client_for):
    response = client_for(owner_a).post(
        reverse("plan_action_update", args=[planned.pk]),
        {"status": "doing", "owner": editor_a.pk, "due_date": "2026-10-31", "note": "Avviato"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="plan-actions">') and "<html" not in body
    planned.refresh_from_db()
    assert (planned.status, planned.owner, str(planned.due_date)) == (
        "doing",
        editor_a,
        "2026-10-31",
    )


def test_bad_edits_name_the_field_and_save_nothing(planned, owner_a, owner_b, client_for):
    url = reverse("plan_action_update", args=[planned.pk])
    client = client_for(owner_a)
    response = client.post(url, {"status": "doing", "owner": owner_b.pk, "note": "x"})
    assert response.status_code == 200
    failed = next(a for a in response.context["open_actions"] if a.pk == planned.pk)
    assert "owner" in failed.form.errors
    response = client.post(url, {"status": "doing", "due_date": "31/31/2026"})
    failed = next(a for a in response.context["open_actions"] if a.pk == planned.pk)
    assert "due_date" in failed.form.errors
    planned.refresh_from_db()
    assert (planned.status, planned.owner, planned.note) == ("todo", None, "")
