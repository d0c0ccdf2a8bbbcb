"""What a client sees of one supplier, built from the supplier's consent read on this request.

Each part appears only at the level the supplier chose: the grade from ``grade``, the overall
and area scores from ``areas``, the answers from ``answers``, the evidence (what each document
is and how long it is valid) from ``evidence``; the profile and the sites have their own
switches. Every part sent is written to the access log the supplier reads (``via="api"``).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from filiera.api.chains_schemas import LEVEL_NAMES, firm_ref
from filiera.chains.models import Consent, Level, Scope
from filiera.chains.services.access_log import record_access
from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.registry.models import Firm, Site


def _latest_scored(firm_id: int) -> Assessment | None:
    return (
        Assessment.objects.filter(firm_id=firm_id, score__isnull=False)
        .select_related("score", "version__methodology")
        .order_by("-created_at", "-id")
        .first()
    )


def _qualification(assessment: Assessment, level: int) -> dict:
    score = assessment.score
    areas = None
    if level >= Level.AREAS and score is not None:
        areas = {
            code: {"score": area.get("score"), "grade": area.get("grade") or ""}
            for code, area in score.areas.items()
        }
    return {
        "period": assessment.period,
        "status": assessment.status,
        "grade": assessment.grade,
        "qualification": assessment.qualification,
        "methodology": assessment.version.key,
        "scored_on": score.evaluated_on if score is not None else None,
        "overall": assessment.overall if level >= Level.AREAS else None,
        "areas": areas,
    }


def _answers(assessment: Assessment) -> list[Answer]:
    return list(
        assessment.answers.exclude(value="")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("question", "id")
    )


def _evidence(answers: list[Answer]) -> list[dict]:
    today = timezone.localdate()
    seen: dict[int, Evidence] = {}
    for answer in answers:
        for item in answer.evidence.all():
            seen.setdefault(item.pk, item)
    return [
        {
            "id": e.pk,
            **{name: getattr(e, name) for name in EVIDENCE_FIELDS},
            "valid_today": e.is_valid_on(today),
        }
        for e in sorted(seen.values(), key=lambda e: e.pk)
    ]


EVIDENCE_FIELDS = ["certificate", "title", "issuer", "number", "valid_from", "valid_until"]


def _profile(firm: Firm) -> dict:
    return {
        "vat": firm.vat,
        "role": firm.role,
        "size_class": firm.size_class,
        "employees": firm.employees,
        "website": firm.website,
        "email": firm.email,
        "districts": sorted(d.slug for d in firm.districts.all()),
    }


def _sites(firm: Firm) -> list[dict]:
    sites = (
        Site.objects.filter(firm=firm)
        .select_related("municipality")
        .prefetch_related("processes")
        .order_by("id")
    )
    return [
        {
            "facility_id": s.facility_id,
            "name": s.name,
            "country": s.country,
            "municipality": s.municipality.istat_code if s.municipality else None,
            "municipality_name": s.municipality.name if s.municipality else "",
            "province": s.municipality.province if s.municipality else "",
            "lat": s.lat,
            "lon": s.lon,
            "processes": sorted(p.code for p in s.processes.all()),
        }
        for s in sites
    ]


def shared_view(user, client: Firm, consent: Consent, relations: list[dict]) -> dict:
    """The supplier as ``client`` may see it now, and one access-log row per part sent."""
    supplier = consent.supplier
    level = consent.level
    scopes: list[str] = []
    out: dict = {
        "supplier": firm_ref(supplier),
        "shared": {"level": LEVEL_NAMES[level], "profile": consent.profile, "sites": consent.sites},
        "relations": relations,
        "profile": None,
        "qualification": None,
        "answers": None,
        "evidence": None,
        "sites": None,
    }
    if consent.profile:
        out["profile"] = _profile(supplier)
        scopes.append(Scope.PROFILE)
    if consent.sites:
        out["sites"] = _sites(supplier)
        scopes.append(Scope.SITES)
    assessment = _latest_scored(supplier.pk) if level >= Level.GRADE else None
    if level >= Level.GRADE:
        scopes.append(Scope.GRADE)
        if level >= Level.AREAS:
            scopes.append(Scope.AREAS)
    if assessment is not None:
        out["qualification"] = _qualification(assessment, level)
        if level >= Level.ANSWERS:
            answers = _answers(assessment)
            out["answers"] = [
                {"question": a.question, "value": a.value, "reviewed": a.reviewed} for a in answers
            ]
            scopes.append(Scope.ANSWERS)
            if level >= Level.EVIDENCE:
                out["evidence"] = _evidence(answers)
                scopes.append(Scope.EVIDENCE)
    record_access(user, client.pk, [supplier.pk], scopes, via="api")
    return out
