"""Improvement plans link their actions to good practices: those naming the action's question
first, then those of its area, at most three, in one query; firm editors adopt from the plan,
which then shows the practice as adopted."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from filiera.district import practices_match
from filiera.district.models import PracticeAdoption
from tests.conftest import PERSONAS
from tests.district import factories_practices as f


@pytest.fixture
def world(carpi, prato, firm_a, base_version, verifier):
    by_question = f.practice(
        prato, title_it="Per domanda", areas=["environment"], questions=["ENV-2.02"]
    )
    by_area = f.practice(carpi, title_it="Per area", areas=["environment"])
    f.evaluation(by_area, verifier, (5, 5, 5, 5))  # better rated, still after the question
    other = f.practice(carpi, title_it="Altra area", areas=["chemicals"])
    draft = f.practice(
        carpi, status="draft", title_it="Bozza", areas=["environment"], questions=["ENV-2.02"]
    )
    energy = f.action(firm_a, "ENV-2.02", "environment", priority=3)
    target = f.action(firm_a, "ENV-3.03", "environment", priority=2)
    ethics = f.action(firm_a, "ETH-2.01", "ethics", priority=1)
    return {
        "by_question": by_question,
        "by_area": by_area,
        "other": other,
        "draft": draft,
        "energy": energy,
        "target": target,
        "ethics": ethics,
    }


def test_question_first_then_area_then_nothing(world, django_assert_max_num_queries):
    actions = [world["energy"], world["target"], world["ethics"]]
    with django_assert_max_num_queries(1):
        found = practices_match.for_actions(actions)
    assert found[world["energy"].pk] == [world["by_question"], world["by_area"]]
    # By area only: the better evaluated first.
    assert found[world["target"].pk] == [world["by_area"], world["by_question"]]
    assert world["ethics"].pk not in found
    everything = {p.pk for ps in found.values() for p in ps}
    assert world["draft"].pk not in everything and world["other"].pk not in everything


def test_at_most_three_per_action(world, carpi):
    for n in range(4):
        f.practice(carpi, title_it=f"Ambiente {n}", areas=["environment"])
    found = practices_match.for_actions([world["energy"]])
    assert len(found[world["energy"].pk]) == practices_match.MAX_PER_ACTION
    assert found[world["energy"].pk][0] == world["by_question"]


def test_no_actions_no_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert practices_match.for_actions([]) == {}


def test_for_plan_marks_adoptions_in_two_queries(world, firm_a, django_assert_max_num_queries):
    f.adoption(world["by_area"], firm=firm_a)
    with django_assert_max_num_queries(2):
        found = practices_match.for_plan([world["energy"]])
    linked = found[world["energy"].pk]
    assert [(p.pk, p.by_question, p.adopted) for p in linked] == [
        (world["by_question"].pk, True, False),
        (world["by_area"].pk, False, True),
    ]
    assert linked[0].url == reverse("practice_detail", args=[world["by_question"].pk])


def practice_items(html: str, action) -> str:
    start = html.index(f'id="action-{action.pk}"')
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plan_links_practices_and_offers_adoption_to_firm_editors(
    client_for, request, world, firm_a, persona
):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("firm_plan", args=[firm_a.pk])
    )
    if persona not in {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}:
        assert response.status_code == 404
        return
    item = practice_items(response.content.decode(), world["energy"])
    detail = reverse("practice_detail", args=[world["by_question"].pk])
    assert f'href="{detail}"' in item
    adopt = reverse("practice_adopt", args=[world["by_question"].pk])
    assert (f'action="{adopt}"' in item) == (persona in {"admin", "owner_a", "editor_a"})


def test_adopting_from_the_plan_marks_it_adopted(client_for, owner_a, world, firm_a):
    client = client_for(owner_a)
    plan = reverse("firm_plan", args=[firm_a.pk])
    energy = world["energy"]
    response = client.post(
        reverse("practice_adopt", args=[world["by_question"].pk]),
        {"firm": firm_a.pk, "action": energy.pk, "next": f"{plan}#action-{energy.pk}"},
    )
    assert response.status_code == 302 and response["Location"].startswith(plan)
    adoption = PracticeAdoption.objects.get()
    assert (adoption.firm, adoption.action, adoption.practice) == (
        firm_a,
        energy,
        world["by_question"],
    )
    item = practice_items(client.get(plan).content.decode(), energy)
    row = re.search(rf'data-practice="{world["by_question"].pk}">(.*?)</li>', item, re.S)
    assert row and 'class="practice-adopted"' in row.group(1)
    other = re.search(rf'data-practice="{world["by_area"].pk}">(.*?)</li>', item, re.S)
    assert other and "practice-adopted" not in other.group(1)


def test_next_outside_the_site_is_ignored(client_for, owner_a, world, firm_a):
    response = client_for(owner_a).post(
        reverse("practice_adopt", args=[world["by_question"].pk]),
        {"firm": firm_a.pk, "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse("practice_detail", args=[world["by_question"].pk])


def test_the_firms_own_practice_is_not_offered_for_adoption(client_for, owner_a, world, firm_a):
    own = f.practice(world["other"].district, title_it="Nostra", areas=["ethics"], firm=firm_a)
    found = practices_match.for_plan([world["ethics"]])
    assert [(p.pk, p.own) for p in found[world["ethics"].pk]] == [(own.pk, True)]
    html = client_for(owner_a).get(reverse("firm_plan", args=[firm_a.pk])).content.decode()
    item = practice_items(html, world["ethics"])
    assert f'href="{reverse("practice_detail", args=[own.pk])}"' in item
    assert reverse("practice_adopt", args=[own.pk]) not in item
