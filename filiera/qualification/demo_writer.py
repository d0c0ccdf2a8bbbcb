"""Writes the demo qualification data (``filiera.qualification.demo``) in bulk: evidence with
small PDF files, assessments in every state with their answers, official scores, a few
corrections and published scorecards. Used by ``filiera demo`` and by the benchmarks."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import batched

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.qualification import demo, scoring
from filiera.qualification.models import (
    Answer,
    Assessment,
    Correction,
    Evidence,
    Score,
    ScorecardPublication,
)
from filiera.qualification.selectors import current_version
from filiera.qualification.services.scores import (
    context_of,
    firm_contexts,
    record_official,
    snapshot,
)
from filiera.registry.models import District, Firm

BATCH = 500
ISSUERS = {
    "durc": "INPS",
    "dvr": "Datore di lavoro",
    "aua": "SUAP",
    "rating_legalita": "AGCM",
}
RETURN_COMMENT = (
    "Allegate il DURC in corso di validità e la valutazione dei rischi firmata: "
    "senza documenti le risposte non possono essere verificate."
)


def demo_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF naming the document (the demo's stand-in for a scan)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@transaction.atomic
def qualify(
    district: District,
    *,
    seed: int = 1,
    today: date | None = None,
    files: bool = True,
    featured: dict[int, str] | None = None,
    reviewer=None,
    state: str | None = None,
) -> dict[str, int]:
    """Give the district's firms evidence, assessments and scores. ``featured`` forces the
    state of some firms (the demo logins' own firms), always with an earlier verified cycle;
    ``state`` gives every firm one assessment in that state (the benchmarks)."""
    today = today or timezone.localdate()
    version = current_version(district)
    if version is None:
        return {"assessments": 0, "answers": 0, "evidence": 0}
    methodology = version.parsed()
    plan = scoring.compile_methodology(methodology)
    validity = {c.code: c.validity_days for c in methodology.certificates}
    names = {c.code: c.name.it for c in methodology.certificates}
    rnd = random.Random(seed)
    firm_ids = list(
        Firm.objects.filter(districts=district).order_by("id").values_list("id", flat=True)
    )
    contexts = firm_contexts(firm_ids)
    featured = featured or {}
    counts = {"assessments": 0, "answers": 0, "evidence": 0}
    shared_file = None if files else _shared_file()
    for chunk in batched(firm_ids, BATCH):
        plans = {}
        for pk in chunk:
            firm_plan = demo.plan_firm(rnd, today, validity)
            if state is not None:
                firm_plan = demo.FirmPlan(state, firm_plan.practice, firm_plan.certificates, False)
            elif pk in featured:
                firm_plan = demo.FirmPlan(
                    featured[pk], max(firm_plan.practice, 0.75), firm_plan.certificates, True
                )
            plans[pk] = firm_plan
        evidence = _evidence(plans, names, shared_file)
        counts["evidence"] += len(evidence)
        by_firm: dict[int, list[Evidence]] = {}
        for item in evidence:
            by_firm.setdefault(item.firm_id, []).append(item)
        written = _assessments(
            plans, contexts, by_firm, version, methodology, plan, district, rnd, today, reviewer
        )
        counts["assessments"] += written[0]
        counts["answers"] += written[1]
        counts["evidence"] += written[2]
    return counts


def _shared_file() -> str:
    name = "evidence/demo/certificato.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(demo_pdf("Certificato (demo)")))
    return name


def _evidence(
    plans: dict[int, demo.FirmPlan], names: dict[str, str], shared_file
) -> list[Evidence]:
    rows = []
    for firm_id, firm_plan in plans.items():
        for n, cert in enumerate(firm_plan.certificates, 1):
            title = names.get(cert.certificate, cert.certificate)
            if shared_file is None:
                path = default_storage.save(
                    f"evidence/{firm_id}/demo-{cert.certificate}.pdf",
                    ContentFile(demo_pdf(f"{title} (demo)")),
                )
            else:
                path = shared_file
            rows.append(
                Evidence(
                    firm_id=firm_id,
                    certificate=cert.certificate,
                    issuer=ISSUERS.get(cert.certificate, "Ente di certificazione accreditato"),
                    number=f"{cert.certificate.upper()[:6]}-{firm_id}-{n}",
                    valid_from=cert.valid_from,
                    valid_until=cert.valid_until,
                    file=path,
                    file_name=f"{cert.certificate}.pdf",
                    content_type="application/pdf",
                    size=1024,
                )
            )
    return Evidence.objects.bulk_create(rows)


def _assessments(
    plans, contexts, by_firm, version, methodology, plan, district, rnd, today, reviewer
):
    year = today.year
    assessments: list[Assessment] = []
    values: list[dict[str, str]] = []
    for firm_id, firm_plan in plans.items():
        if not firm_plan.state:
            continue
        ctx = contexts[firm_id]
        cycles = [(str(year - 1), "verified")] if firm_plan.previous_cycle else []
        cycles.append((str(year), firm_plan.state))
        for period, state in cycles:
            complete = state != "draft"
            answers = demo.answers_for(
                methodology, context_of(ctx), firm_plan.practice, rnd, complete
            )
            moment = timezone.make_aware(
                datetime.combine(
                    today
                    - timedelta(days=rnd.randint(1, 60) + (365 if period != str(year) else 0)),
                    time(10),
                )
            )
            assessments.append(
                Assessment(
                    firm_id=firm_id,
                    district=district,
                    period=period,
                    version=version,
                    status=state,
                    context=ctx,
                    submitted_at=moment if complete else None,
                    verified_at=moment + timedelta(days=7) if state == "verified" else None,
                    reviewer=reviewer if state in ("verified", "in_review", "returned") else None,
                    review_comment=RETURN_COMMENT if state == "returned" else "",
                )
            )
            values.append(answers)
    Assessment.objects.bulk_create(assessments)
    documents = _documents_for_required(
        assessments, values, methodology, plans, by_firm, rnd, today
    )
    answer_rows, links = [], []
    inputs: list[dict[str, scoring.AnswerInput]] = []
    for assessment, answers in zip(assessments, values, strict=True):
        held = {}
        for item in by_firm.get(assessment.firm_id, []):
            held.setdefault(item.certificate, []).append(item)
        reviewed = assessment.status == "verified"
        scored: dict[str, scoring.AnswerInput] = {}
        for code, value in answers.items():
            question = methodology.question(code)
            kinds = question.certificates or (["other"] if question.evidence == "required" else [])
            attached = [e for c in kinds for e in held.get(c, [])] if value == "yes" else []
            until = max((e.until_for_scoring for e in attached), default=None)
            answer = Answer(
                assessment=assessment,
                question=code,
                value=value,
                evidence_until=until,
                reviewed=reviewed,
            )
            answer_rows.append(answer)
            links.append((answer, attached))
            scored[code] = scoring.AnswerInput(value, until, reviewed)
        inputs.append(scored)
    Answer.objects.bulk_create(answer_rows, batch_size=2000)
    Through = Answer.evidence.through
    Through.objects.bulk_create(
        [Through(answer_id=a.pk, evidence_id=e.pk) for a, attached in links for e in attached],
        batch_size=2000,
    )
    scores, events = [], []
    for assessment, scored in zip(assessments, inputs, strict=True):
        events.append(
            audit.event_fields(
                None,
                "demo_create",
                assessment,
                audit.facts(status=assessment.status),
                assessment.firm_id,
                district.pk,
            )
        )
        if assessment.status == "draft":
            continue
        result = scoring.score(plan, scored, context_of(assessment.context), today)
        scores.append(
            snapshot(
                assessment,
                result,
                version=version,
                kind=Score.Kind.OFFICIAL,
                reason="demo",
                on=today,
            )
        )
    Score.objects.bulk_create(scores, batch_size=1000)
    for score in scores:
        a = score.assessment
        a.score, a.overall, a.grade, a.qualification = (
            score,
            score.overall,
            score.grade,
            score.status,
        )
    Assessment.objects.bulk_update(
        [s.assessment for s in scores],
        ["score", "overall", "grade", "qualification"],
        batch_size=1000,
    )
    AuditEvent.objects.bulk_create(AuditEvent(**fields) for fields in events)
    _extras(assessments, reviewer, rnd)
    return len(assessments), len(answer_rows), documents


def _documents_for_required(assessments, values, methodology, plans, by_firm, rnd, today) -> int:
    """Firms that answer yes where a document is required mostly hold one: add it (a firm with
    better practice more often), of the kind the question names, or "other"."""
    rows: dict[tuple[int, str], Evidence] = {}
    for assessment, answers in zip(assessments, values, strict=True):
        held = {e.certificate for e in by_firm.get(assessment.firm_id, [])}
        for code, value in answers.items():
            question = methodology.question(code)
            if value != "yes" or question.evidence != "required":
                continue
            kinds = question.certificates or ["other"]
            if held.intersection(kinds) or (assessment.firm_id, kinds[0]) in rows:
                continue
            if rnd.random() > plans[assessment.firm_id].practice + 0.1:
                continue
            cert = methodology.certificate(kinds[0])
            days = cert.validity_days if cert else None
            issued = today - timedelta(days=rnd.randint(5, min(days or 700, 700)))
            rows[(assessment.firm_id, kinds[0])] = Evidence(
                firm_id=assessment.firm_id,
                certificate=kinds[0],
                title=question.text.it[:200] if kinds[0] == "other" else "",
                valid_from=issued,
                valid_until=issued + timedelta(days=days) if days else None,
                file=_shared_file(),
                file_name=f"{kinds[0]}.pdf",
                content_type="application/pdf",
                size=1024,
            )
    for item in Evidence.objects.bulk_create(list(rows.values())):
        by_firm.setdefault(item.firm_id, []).append(item)
    return len(rows)


def _extras(assessments: list[Assessment], reviewer, rnd: random.Random) -> None:
    """A few verifier corrections (one disputed) and some published scorecards."""
    verified = [a for a in assessments if a.status == "verified"]
    for index, assessment in enumerate(verified[:3]):
        answer = Answer.objects.filter(assessment=assessment, value="yes").order_by("id").first()
        if answer is None:
            continue
        Correction.objects.create(
            answer=answer,
            verifier=reviewer,
            old_value="yes",
            new_value="partial",
            reason="La documentazione copre solo una delle due sedi.",
            dispute="La seconda sede è chiusa da marzo: allegheremo la visura."
            if index == 0
            else "",
            disputed_at=timezone.now() if index == 0 else None,
        )
        Answer.objects.filter(pk=answer.pk).update(value="partial")
        record_official(assessment, "corrected")
    firms = {a.firm_id for a in verified}
    ScorecardPublication.objects.bulk_create(
        [
            ScorecardPublication(
                firm_id=pk,
                show_grade=rnd.random() < 0.7,
                show_areas=rnd.random() < 0.4,
                show_certificates=True,
            )
            for pk in sorted(firms)
            if not ScorecardPublication.objects.filter(firm_id=pk).exists()
        ]
    )
