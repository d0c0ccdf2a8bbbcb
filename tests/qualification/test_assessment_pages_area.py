"""Area pages of a self-assessment: the questions that apply, autosave (htmx and plain POST),
bad values, documents, read-only rendering, carry-forward; the firm page's qualification panel
and the qualification template tags."""

from __future__ import annotations

from datetime import date, timedelta

from django.template import Context, Template
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.qualification.services import assessments as flow

from .conftest import add_evidence, fill

HX = {"HTTP_HX_REQUEST": "true"}


# Area pages ---------------------------------------------------------------------------------


def test_the_area_page_shows_only_the_questions_that_apply(draft_a, owner_a, client_for):
    from filiera.qualification import scoring
    from filiera.qualification.services.scores import context_of

    methodology = draft_a.version.parsed()
    ctx = context_of(draft_a.context)
    for area in methodology.areas:
        html = (
            client_for(owner_a)
            .get(reverse("assessment_area", args=[draft_a.pk, area.code]))
            .content.decode()
        )
        for q in area.questions:
            shown = f'id="q-{q.code}"' in html
            assert shown == (q.enabled and scoring.applies(q, ctx)), q.code
    assert (
        client_for(owner_a)
        .get(reverse("assessment_area", args=[draft_a.pk, "nowhere"]))
        .status_code
        == 404
    )


def test_each_question_has_an_autosave_form_with_the_right_input(draft_a, owner_a, client_for):
    html = (
        client_for(owner_a)
        .get(reverse("assessment_area", args=[draft_a.pk, "environment"]))
        .content.decode()
    )
    url = reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"])
    assert f'hx-post="{url}"' in html
    assert 'hx-trigger="change, submit"' in html and 'hx-swap="outerHTML"' in html
    assert 'name="value" value="partial"' in html
    assert 'name="comment"' in html
    methodology = draft_a.version.parsed()
    numbers = [q for q in methodology.areas[0].questions if q.type == "number"]
    if numbers:
        assert 'inputmode="decimal"' in html


def test_autosave_with_htmx_returns_the_block_and_the_progress(draft_a, owner_a, client_for):
    url = reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"])
    response = client_for(owner_a).post(
        url, {"value": "partial", "comment": "In corso", "with_evidence": "1"}, **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<article class="question" id="q-ENV-1.04">')
    assert 'class="saved"' in html
    assert 'id="area-progress" hx-swap-oob="true"' in html
    assert 'value="partial" checked' in html
    answer = draft_a.answers.get(question="ENV-1.04")
    assert (answer.value, answer.comment) == ("partial", "In corso")
    assert AuditEvent.objects.filter(action="answer", object_id=str(draft_a.pk)).exists()


def test_autosave_without_javascript_redirects_to_the_question(draft_a, editor_a, client_for):
    response = client_for(editor_a).post(
        reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"]), {"value": "no"}
    )
    area = draft_a.version.parsed().area_of("ENV-1.04").code
    assert response.status_code == 302
    assert response.url == reverse("assessment_area", args=[draft_a.pk, area]) + "#q-ENV-1.04"
    assert draft_a.answers.get(question="ENV-1.04").value == "no"


def test_a_bad_value_names_the_question_and_saves_nothing(draft_a, owner_a, client_for):
    methodology = draft_a.version.parsed()
    number = next(q for a in methodology.areas for q in a.questions if q.type == "number")
    url = reverse("assessment_answer", args=[draft_a.pk, number.code])
    client = client_for(owner_a)
    response = client.post(url, {"value": "tanti", "comment": "x"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert number.code in html and 'role="alert"' in html
    assert 'aria-invalid="true"' in html and 'value="tanti"' in html
    assert not draft_a.answers.filter(question=number.code).exists()
    plain = client.post(url, {"value": "tanti"}, follow=True)
    assert number.code in "".join(str(m) for m in plain.context["messages"])
    assert not draft_a.answers.filter(question=number.code).exists()


def test_evidence_is_attached_and_another_firms_is_refused(
    draft_a, owner_a, owner_b, firm_b, client_for
):
    mine = add_evidence(owner_a, draft_a.firm, certificate="iso_14001")
    theirs = add_evidence(owner_b, firm_b, certificate="iso_14001")
    url = reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"])
    client = client_for(owner_a)
    response = client.post(url, {"value": "yes", "with_evidence": "1", "evidence": [mine.pk]}, **HX)
    assert f'value="{mine.pk}" checked' in response.content.decode()
    assert list(draft_a.answers.get(question="ENV-1.04").evidence.all()) == [mine]
    refused = client.post(url, {"value": "no", "with_evidence": "1", "evidence": [theirs.pk]}, **HX)
    assert "ENV-1.04" in refused.content.decode() and 'role="alert"' in refused.content.decode()
    answer = draft_a.answers.get(question="ENV-1.04")
    assert answer.value == "yes" and list(answer.evidence.all()) == [mine]


def test_a_part_left_out_of_the_post_is_kept(draft_a, owner_a, client_for):
    evidence = add_evidence(owner_a, draft_a.firm)
    flow.save_answer(owner_a, draft_a, "ENV-1.04", "yes", comment="nota", evidence=[evidence])
    client_for(owner_a).post(
        reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"]), {"comment": "nuova"}, **HX
    )
    answer = draft_a.answers.get(question="ENV-1.04")
    assert (answer.value, answer.comment) == ("yes", "nuova")
    assert list(answer.evidence.all()) == [evidence]


def test_read_only_for_a_viewer_and_after_submission(submitted_a, viewer_a, owner_a, client_for):
    url = reverse("assessment_area", args=[submitted_a.pk, "environment"])
    for user in (viewer_a, owner_a):
        html = client_for(user).get(url).content.decode()
        assert 'id="q-ENV-1.04"' in html
        assert "hx-post" not in html and 'name="value"' not in html
    response = client_for(owner_a).post(
        reverse("assessment_answer", args=[submitted_a.pk, "ENV-1.04"]), {"value": "no"}, **HX
    )
    assert 'role="alert"' in response.content.decode()
    assert submitted_a.answers.get(question="ENV-1.04").value == "yes"


def test_a_viewer_of_a_draft_reads_without_inputs(draft_a, viewer_a, owner_a, client_for):
    flow.save_answer(owner_a, draft_a, "ENV-1.04", "partial", comment="Registro parziale")
    html = (
        client_for(viewer_a)
        .get(reverse("assessment_area", args=[draft_a.pk, "environment"]))
        .content.decode()
    )
    assert "Registro parziale" in html
    assert "hx-post" not in html and "<textarea" not in html
    assert reverse("assessment_carry", args=[draft_a.pk, "environment"]) not in html


def test_carrying_answers_forward_copies_the_unanswered_ones(verified_a, owner_a, client_for):
    follow_up = flow.start(owner_a, verified_a.firm, "2027", prefill=False)
    assert follow_up.carried_from_id == verified_a.pk
    flow.save_answer(owner_a, follow_up, "ENV-1.04", "no")
    client = client_for(owner_a)
    area_url = reverse("assessment_area", args=[follow_up.pk, "environment"])
    carry_url = reverse("assessment_carry", args=[follow_up.pk, "environment"])
    assert carry_url in client.get(area_url).content.decode()
    response = client.post(carry_url, follow=True)
    assert response.redirect_chain[-1][0] == area_url
    before = verified_a.answers.filter(question__startswith="ENV-").count()
    after = follow_up.answers.filter(question__startswith="ENV-").exclude(value="").count()
    assert after == before
    assert str(before - 1) in "".join(str(m) for m in response.context["messages"])
    assert follow_up.answers.get(question="ENV-1.04").value == "no"


def test_no_carry_button_without_an_earlier_assessment(draft_a, owner_a, client_for):
    html = (
        client_for(owner_a)
        .get(reverse("assessment_area", args=[draft_a.pk, "environment"]))
        .content.decode()
    )
    assert reverse("assessment_carry", args=[draft_a.pk, "environment"]) not in html


def test_the_area_page_runs_a_bounded_number_of_queries(
    draft_a, owner_a, client_for, django_assert_max_num_queries
):
    evidence = [add_evidence(owner_a, draft_a.firm, certificate=c) for c in ("durc", "iso_14001")]
    fill(owner_a, draft_a, evidence=evidence[1])
    client = client_for(owner_a)
    client.get(reverse("assessment_area", args=[draft_a.pk, "social"]))  # warm caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessment_area", args=[draft_a.pk, "social"]))
    assert response.status_code == 200


def test_the_note_and_documents_stay_open_after_changing_them(draft_a, owner_a, client_for):
    evidence = add_evidence(owner_a, draft_a.firm)
    url = reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"])
    client = client_for(owner_a)
    value_only = client.post(url, {"value": "yes", "comment": "", "with_evidence": "1"}, **HX)
    assert '<details class="extras">' in value_only.content.decode()
    document = client.post(
        url, {"value": "yes", "comment": "", "with_evidence": "1", "evidence": [evidence.pk]}, **HX
    )
    assert '<details class="extras" open>' in document.content.decode()
    note = client.post(
        url,
        {"value": "yes", "comment": "bollette", "with_evidence": "1", "evidence": [evidence.pk]},
        **HX,
    )
    assert '<details class="extras" open>' in note.content.decode()


# The firm's home page and the template tags -------------------------------------------------


def test_the_firm_page_shows_grade_status_and_expiring_documents(
    verified_a, owner_a, viewer_a, client_for
):
    soon = add_evidence(owner_a, verified_a.firm, certificate="durc", days=20)
    add_evidence(owner_a, verified_a.firm, certificate="sa8000", days=400)
    for user in (owner_a, viewer_a):
        html = client_for(user).get(reverse("firm_detail", args=[verified_a.firm_id])).content
        html = html.decode()
        assert reverse("firm_qualification", args=[verified_a.firm_id]) in html
        assert reverse("assessment_detail", args=[verified_a.pk]) in html
        assert f"grade-{verified_a.grade}" in html
        assert "20" in html and soon.certificate.upper() in html.upper()


def test_a_renewed_document_no_longer_reminds(draft_a, owner_a):
    from filiera.qualification.views.assessments_data import expiring_evidence

    add_evidence(owner_a, draft_a.firm, certificate="durc", days=-5)
    assert [i["days_left"] for i in expiring_evidence(draft_a.firm, {})] == [-5]
    add_evidence(owner_a, draft_a.firm, certificate="durc", days=120)
    assert expiring_evidence(draft_a.firm, {}) == []


def test_template_tags(db, settings):
    from filiera.qualification.methodology.schema import Text

    template = Template(
        "{% load qualification %}{{ text|t }}|{{ mapping|question_text }}|"
        "{% grade_badge 'B' status='submitted' %}|{% progress 3 4 %}"
    )
    html = template.render(
        Context({"text": Text(it="Ciao", en="Hello"), "mapping": {"it": "Sì", "en": "Yes"}})
    )
    assert html.startswith("Ciao|Sì|")
    assert 'class="grade grade-B provisional"' in html
    assert '<progress value="3" max="4"' in html


def test_the_day_after_the_horizon_is_not_a_reminder(draft_a, owner_a):
    from filiera.qualification.views.assessments_data import expiring_evidence

    add_evidence(owner_a, draft_a.firm, certificate="durc", days=91)
    add_evidence(owner_a, draft_a.firm, certificate="sa8000", days=90)
    left = [i["days_left"] for i in expiring_evidence(draft_a.firm, {})]
    assert left == [90]
    assert (
        date.today() + timedelta(days=90) == expiring_evidence(draft_a.firm, {})[0]["valid_until"]
    )
