"""A large district for the dashboard benchmark, written with ``bulk_create``.

``build(firms, seed)`` writes one district ("bench") of ``firms`` firms over 15 municipalities of
the Carpi area, each with a main ATECO code (knitwear, apparel, textiles, wholesale, dyeing),
one site at its municipality's point with a few km of scatter and a size class from its
headcount; firms were added over the last two years. Then:

- accounts: 40 % of the firms have a person, whose latest login falls in the last 200 days;
- assessments: 75 % of the firms have one this year, at a stage drawn from a realistic mix
  (draft, submitted, in review, returned, verified); the submitted ones and later carry an
  official score with a grade per area of the shipped methodology, made in the last 12 months;
  a fifth of the firms also have last year's verified assessment and score (history);
- documents: 0 to 6 certificates a firm, of the methodology's kinds, with validity ending
  anywhere from 60 days ago to two years ahead (a tenth never expire).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

BATCH = 5000
MUNICIPALITIES = (
    "036003", "036005", "036009", "036010", "035020", "035021", "036022", "036023",
    "036028", "035033", "035034", "035035", "035037", "036038", "036044",
)  # fmt: skip
ATECO = ("14.10.20", "14.21.10", "14.29.00", "46.41.20", "13.10.00", "13.30.00", "13.20.00")
STAGES = ["draft"] * 2 + ["submitted"] * 2 + ["in_review"] + ["returned"] + ["verified"] * 4
GRADE_OF = ((86, "A"), (71, "B"), (51, "C"), (30, "D"), (0, "E"))


def _grade(score: float) -> str:
    return next(letter for low, letter in GRADE_OF if score >= low)


def _result(rng: random.Random, areas: list[str]) -> tuple[float, dict]:
    scores = {code: rng.triangular(10, 100, 70) for code in areas}
    if rng.random() < 0.2:
        scores[rng.choice(areas)] = None  # an area that does not apply
    known = [s for s in scores.values() if s is not None]
    overall = round(sum(known) / len(known), 1)
    result = {
        "overall": overall,
        "grade": _grade(overall),
        "areas": {
            code: {
                "score": None if s is None else round(s, 1),
                "grade": "" if s is None else _grade(s),
            }
            for code, s in scores.items()
        },
    }
    return overall, result


def build(firms: int, seed: int = 1):
    """Write the district; returns it."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from filiera.qualification.models import Assessment, Evidence, Score
    from filiera.qualification.selectors import current_version
    from filiera.registry.identifiers import italian_vat
    from filiera.registry.models import (
        District,
        Firm,
        FirmActivity,
        FirmMembership,
        Municipality,
        Site,
    )
    from filiera.registry.models.firm import size_class_for

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    version = current_version(None)
    definition = version.parsed()
    areas = [a.code for a in definition.areas]
    kinds = [c.code for c in definition.certificates]
    places = {m.pk: m for m in Municipality.objects.filter(pk__in=MUNICIPALITIES)}
    User = get_user_model()
    with transaction.atomic():
        district = District.objects.create(slug="bench", name="Distretto di prova")
        district.municipalities.set(list(places))
        rows = []
        for i in range(firms):
            employees = int(rng.paretovariate(1.4) * 3)
            rows.append(
                Firm(
                    legal_name=f"Maglificio Prova {i + 1} S.r.l.",
                    vat=italian_vat(i + 1, 300),
                    role=rng.choice(("subcontractor",) * 6 + ("manufacturer", "brand", "service")),
                    employees=employees,
                    size_class=size_class_for(employees, None),
                )
            )
        rows = Firm.objects.bulk_create(rows, batch_size=BATCH)
        _backdate(Firm, {f.pk: now - timedelta(days=rng.randint(0, 730)) for f in rows})
        Firm.districts.through.objects.bulk_create(
            [Firm.districts.through(firm_id=f.pk, district_id=district.pk) for f in rows],
            batch_size=BATCH,
        )
        FirmActivity.objects.bulk_create(
            [FirmActivity(firm=f, code=rng.choice(ATECO), is_primary=True) for f in rows],
            batch_size=BATCH,
        )
        sites = []
        for f in rows:
            place = places[rng.choice(MUNICIPALITIES)]
            sites.append(
                Site(
                    firm=f,
                    name="Sede",
                    municipality=place,
                    lat=place.lat + rng.uniform(-0.02, 0.02),
                    lon=place.lon + rng.uniform(-0.02, 0.02),
                    facility_id=f"BD{f.pk:010d}",
                )
            )
        Site.objects.bulk_create(sites, batch_size=BATCH)
        people = [f for f in rows if rng.random() < 0.4]
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bench{f.pk}",
                    password="!",
                    last_login=now - timedelta(days=rng.randint(0, 200)),
                )
                for f in people
            ],
            batch_size=BATCH,
        )
        FirmMembership.objects.bulk_create(
            [
                FirmMembership(user=u, firm=f, role="owner")
                for u, f in zip(users, people, strict=True)
            ],
            batch_size=BATCH,
        )
        assessments, scored = [], []
        for f in rows:
            cycles = []
            if rng.random() < 0.2:
                cycles.append((str(today.year - 1), "verified", rng.randint(370, 700)))
            if rng.random() < 0.75:
                cycles.append((str(today.year), rng.choice(STAGES), rng.randint(1, 360)))
            for period, status, days in cycles:
                when = now - timedelta(days=days)
                item = Assessment(
                    firm=f, district=district, period=period, version=version, status=status,
                    submitted_at=when if status != "draft" else None,
                    verified_at=when + timedelta(days=7) if status == "verified" else None,
                )  # fmt: skip
                assessments.append((item, when))
        Assessment.objects.bulk_create([a for a, _w in assessments], batch_size=BATCH)
        _backdate(Assessment, {a.pk: w for a, w in assessments})
        scores = []
        for item, when in assessments:
            if item.status == "draft":
                continue
            overall, result = _result(rng, areas)
            scores.append(
                Score(
                    assessment=item, version=version, kind="official", reason="submitted",
                    evaluated_on=when.date(), overall=overall, grade=result["grade"],
                    status="qualified" if overall >= 51 else "not_qualified", result=result,
                )
            )  # fmt: skip
            scored.append((item, when))
        Score.objects.bulk_create(scores, batch_size=BATCH)
        _backdate(Score, {s.pk: w for s, (_a, w) in zip(scores, scored, strict=True)})
        for score in scores:
            item = score.assessment
            item.score, item.overall, item.grade, item.qualification = (
                score, score.overall, score.grade, score.status,
            )  # fmt: skip
        Assessment.objects.bulk_update(
            [s.assessment for s in scores], ["score", "overall", "grade", "qualification"],
            batch_size=BATCH,
        )  # fmt: skip
        documents = []
        for f in rows:
            for code in rng.sample(kinds, rng.randint(0, 6)):
                until = (
                    None if rng.random() < 0.1 else today + timedelta(days=rng.randint(-60, 730))
                )
                documents.append(
                    Evidence(
                        firm=f, certificate=code, valid_from=today - timedelta(days=400),
                        valid_until=until, file="evidence/bench.pdf",
                    )
                )  # fmt: skip
        Evidence.objects.bulk_create(documents, batch_size=BATCH)
        _backdate(Evidence, {e.pk: now - timedelta(days=400) for e in documents})
    return district


def _backdate(model, when_by_pk: dict) -> None:
    """Set ``created_at`` of many rows: one UPDATE per distinct day (at noon)."""
    from collections import defaultdict

    from django.utils import timezone

    by_day: dict = defaultdict(list)
    for pk, when in when_by_pk.items():
        by_day[when.date()].append(pk)
    for day, pks in by_day.items():
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        for start in range(0, len(pks), 900):
            model.objects.filter(pk__in=pks[start : start + 900]).update(created_at=moment)
