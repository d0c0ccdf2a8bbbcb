"""The demo practices: across themes and areas, in both languages, with codes the methodology
knows, two evaluations by the demo verifier, an adoption, and nothing written twice."""

from __future__ import annotations

from filiera.district import demo_practices
from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.selectors_practices import catalogue


def test_demo_practices(carpi, firm_a, firm_b, manager, verifier, base_version):
    counts = demo_practices.load(carpi, seed=1)
    assert counts["practices"] >= 6
    assert counts["practice_evaluations"] == 2
    assert counts["practice_adoptions"] >= 1
    practices = GoodPractice.objects.filter(district=carpi)
    published = practices.filter(status="published")
    assert published.count() >= 6 and practices.filter(status="draft").exists()
    assert len({p.theme for p in published}) == len(GoodPractice.Theme.values)
    known = catalogue("it")
    areas = {code for p in published for code in p.areas}
    assert areas == set(known.areas)
    for practice in published:
        assert practice.title_en and practice.summary_en and practice.body_en
        assert set(practice.questions) <= set(known.questions)
        assert practice.created_by == manager
    assert sum(1 for p in published if p.questions) >= 5
    assert set(PracticeEvaluation.objects.values_list("evaluator__username", flat=True)) == {
        "verifier"
    }
    for adoption in PracticeAdoption.objects.all():
        assert adoption.firm_id != adoption.practice.firm_id
    again = demo_practices.load(carpi, seed=1)
    assert again == {"practices": 0, "practice_evaluations": 0, "practice_adoptions": 0}
    assert GoodPractice.objects.count() == counts["practices"]
