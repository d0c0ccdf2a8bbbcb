"""Chain alerts: grade drops from real scores, expiring documents, suppliers not assessed;
each alert once, one e-mail per client per run, only to clients the supplier shares with."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from filiera.chains.models import ChainAlert, Level
from filiera.chains.services.alerts import mark_read, refresh_alerts
from filiera.qualification.models import Answer, Score
from filiera.qualification.services.scores import record_official
from tests.qualification.conftest import add_evidence

GRADE_DROP = ChainAlert.Kind.GRADE_DROP


def _worsen(assessment) -> None:
    Answer.objects.filter(assessment=assessment, value="yes").update(value="no")


def test_grade_drop_alerts_clients_that_see_the_grade(
    chain, brand_c, brand_owner, brand_y, relate, verified_a, django_capture_on_commit_callbacks
):
    relate(brand_y, verified_a.firm, level=Level.NONE)  # firm A shares nothing with brand Y
    assert not ChainAlert.objects.filter(kind=GRADE_DROP).exists()  # submit → verify: same grade
    before = verified_a.grade
    _worsen(verified_a)
    with django_capture_on_commit_callbacks(execute=True):
        score = record_official(verified_a, "corrected")
    assert score.grade > before
    alert = ChainAlert.objects.get(kind=GRADE_DROP)
    assert (alert.client, alert.supplier, alert.key) == (
        brand_c,
        verified_a.firm,
        f"grade:{score.pk}",
    )
    assert alert.detail["old"] == before and alert.detail["new"] == score.grade
    assert [m.to for m in mail.outbox[-1:]] == [["brand_owner@example.test"]]
    assert verified_a.firm.legal_name in mail.outbox[-1].body
    # The same grade again is no drop; a rescore snapshot is not official.
    record_official(verified_a, "corrected")
    Score.objects.create(
        assessment=verified_a,
        version=verified_a.version,
        kind=Score.Kind.RESCORE,
        evaluated_on=date.today(),
        grade="E",
        status="not_qualified",
        result={},
    )
    assert ChainAlert.objects.filter(kind=GRADE_DROP).count() == 1


def test_ended_relation_hears_nothing(chain, brand_c, verified_a):
    first, _second = chain
    first.since = date.today() - timedelta(days=30)
    first.until = date.today() - timedelta(days=1)
    first.save()
    _worsen(verified_a)
    record_official(verified_a, "corrected")
    assert not ChainAlert.objects.filter(kind=GRADE_DROP).exists()


def test_refresh_alerts_expiring_evidence(
    chain, brand_c, brand_owner, firm_a, owner_a, firm_b, owner_b
):
    soon = add_evidence(owner_a, firm_a, certificate="iso_14001", days=10)
    add_evidence(owner_a, firm_a, certificate="durc", days=5)
    add_evidence(owner_a, firm_a, certificate="durc", days=200)  # renewed: no alert
    add_evidence(owner_a, firm_a, certificate="sa8000", days=100)  # far away
    expired = add_evidence(owner_b, firm_b, certificate="durc", days=-3)
    counts = refresh_alerts()
    expiring = ChainAlert.objects.filter(kind=ChainAlert.Kind.EVIDENCE_EXPIRING)
    assert {(a.client_id, a.supplier_id, a.key) for a in expiring} == {
        (brand_c.pk, firm_a.pk, f"evidence:{soon.pk}:{soon.valid_until.isoformat()}"),
        # firm B shares with firm A only: brand C does not hear about it.
        (firm_a.pk, firm_b.pk, f"evidence:{expired.pk}:{expired.valid_until.isoformat()}"),
    }
    assert expiring.get(supplier=firm_b).detail["expired"] is True
    assert counts["evidence_expiring"] == 2
    # Both suppliers have no assessment: one alert per relation.
    assert counts["not_assessed"] == 2
    assert counts["emails"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "brand_owner@example.test",
        "owner_a@example.test",
    ]
    assert any(f"/firms/{brand_c.pk}/chain/alerts/" in m.body for m in mail.outbox)
    # Idempotent: nothing new, no e-mail.
    mail.outbox.clear()
    again = refresh_alerts()
    assert again == {"evidence_expiring": 0, "not_assessed": 0, "emails": 0}
    assert not mail.outbox
    # A new end date is news again.
    soon.valid_until = soon.valid_until + timedelta(days=2)
    soon.save()
    assert refresh_alerts()["evidence_expiring"] == 1


def test_not_assessed_and_undisclosed(
    chain, brand_c, brand_y, brand_y_owner, relate, firm_b, verified_a
):
    first, second = chain
    hidden = relate(brand_y, firm_b, consent=False, processes=("MU.EMBROIDERY",))
    refresh_alerts()
    unassessed = ChainAlert.objects.filter(kind=ChainAlert.Kind.NOT_ASSESSED)
    # firm A is assessed (verified); firm B is not.
    assert {a.key for a in unassessed} == {f"unassessed:{second.pk}", f"unassessed:{hidden.pk}"}
    undisclosed = unassessed.get(client=brand_y)
    assert undisclosed.supplier is None and "supplier" not in undisclosed.detail
    assert undisclosed.detail["processes"] == ["MU.EMBROIDERY"]
    body = next(m.body for m in mail.outbox if m.to == ["brand_y_owner@example.test"])
    assert firm_b.legal_name not in body
    named = unassessed.get(client=first.supplier)
    assert named.supplier == firm_b and named.detail["supplier"] == firm_b.legal_name


def test_mark_read_only_own_alerts(chain, brand_c, brand_owner, firm_a, owner_a):
    refresh_alerts()
    mine = ChainAlert.objects.get(client=brand_c)
    theirs = ChainAlert.objects.get(client=firm_a)
    assert mark_read(brand_owner, brand_c, [mine.pk, theirs.pk]) == 1
    assert ChainAlert.objects.get(pk=mine.pk).read_at is not None
    assert ChainAlert.objects.get(pk=theirs.pk).read_at is None
    assert mark_read(brand_owner, brand_c, [mine.pk]) == 0


def test_command_prints_counts(chain):
    out = StringIO()
    call_command("chain_alerts", "--date", date.today().isoformat(), stdout=out)
    assert json.loads(out.getvalue()) == {"evidence_expiring": 0, "not_assessed": 2, "emails": 0}
