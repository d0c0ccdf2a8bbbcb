"""Writes to improvement plans: drawing actions from the latest assessment, and the firm's own
edits (owner, due date, status, note). Atomic and audited (action ``plan_action``).

How a refresh treats what is already there, keeping the firm's work:

* a gap of the assessment with an action already → the figures (points, ease, peer share,
  priority, assessment) are updated; owner, due date, status and note stay as the firm set them;
* a new gap → a new action "to do";
* an action whose gap has closed → "to do" ones are removed (nobody started them), "in progress"
  ones become "done" (the answers now show it in place), "done" and "dropped" ones stay as they
  are, as a record of the work.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.qualification import improvement, scoring
from filiera.qualification.methodology.cache import compiled
from filiera.qualification.models import Assessment, ImprovementAction
from filiera.qualification.selectors import previous_assessment
from filiera.qualification.selectors_peers import peer_shares
from filiera.qualification.services.scores import answer_inputs, context_of
from filiera.registry.models import Firm, FirmMembership

Status = ImprovementAction.Status
EDITABLE = ("due_date", "owner", "status", "note")
MAX_NOTE = 2000


def plan_source(firm: Firm) -> Assessment | None:
    """The assessment a plan is drawn from: the firm's latest one past the draft stage."""
    return previous_assessment(firm, before=None)


def ranked_gaps(
    assessment: Assessment, on: date | None = None
) -> tuple[list[improvement.RankedAction], int]:
    """The assessment's gaps ranked for the plan, and how many peers the shares come from."""
    on = on or timezone.localdate()
    methodology = assessment.version.parsed()
    gains = scoring.gains(
        compiled(assessment.version),
        answer_inputs(assessment.pk),
        context_of(assessment.context),
        on,
    )
    peers = peer_shares(assessment.firm, assessment.district, methodology, [g.code for g in gains])
    shares = peers.shares if peers.usable else {}
    return improvement.rank(gains, methodology, shares), peers.peers


@transaction.atomic
def refresh_plan(actor, firm: Firm, on: date | None = None) -> dict[str, int]:
    """Bring the firm's actions in line with its latest assessment; returns what changed."""
    assessment = plan_source(firm)
    if assessment is None:
        raise UserError(N_("Submit an assessment first: the plan is drawn from its answers."))
    ranked, _peers = ranked_gaps(assessment, on)
    existing = {
        a.question: a for a in ImprovementAction.objects.select_for_update().filter(firm=firm)
    }
    counts = {"added": 0, "updated": 0, "removed": 0, "completed": 0}
    open_codes = set()
    for item in ranked:
        open_codes.add(item.code)
        figures = {
            "assessment": assessment,
            "area": item.area,
            "points": item.points,
            "ease": item.ease,
            "peer_share": item.peer_share,
            "priority": item.priority,
        }
        action = existing.get(item.code)
        if action is None:
            ImprovementAction.objects.create(firm=firm, question=item.code, **figures)
            counts["added"] += 1
            continue
        for name, value in figures.items():
            setattr(action, name, value)
        action.save()
        counts["updated"] += 1
    for code, action in existing.items():
        if code in open_codes:
            continue
        if action.status == Status.TODO:
            action.delete()
            counts["removed"] += 1
        elif action.status == Status.DOING:
            action.status = Status.DONE
            action.save(update_fields=["status", "updated_at"])
            counts["completed"] += 1
    audit.record(
        actor,
        "plan_action",
        firm,
        changes=audit.facts(plan_from=str(assessment), **counts),
        firm_id=firm.pk,
        district_id=assessment.district_id,
    )
    return counts


def _clean_owner(firm: Firm, owner):
    if owner in (None, ""):
        return None
    if not FirmMembership.objects.filter(firm=firm, user=owner).exists():
        raise UserError(N_("Owner: choose one of the firm's people."))
    return owner


def _clean_status(value) -> str:
    if value not in Status.values:
        raise UserError(N_("Status: choose to do, in progress, done or dropped."))
    return value


def _clean_due_date(value):
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        raise UserError(N_("Due date: write a date as YYYY-MM-DD."))
    return value


def _clean_note(value) -> str:
    note = (value or "").strip()
    if len(note) > MAX_NOTE:
        raise UserError(N_("Note: keep it under %(max)s characters."), max=MAX_NOTE)
    return note


@transaction.atomic
def update_action(actor, action: ImprovementAction, **fields) -> ImprovementAction:
    """Change an action's due date, owner (one of the firm's people), status or note."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise UserError(N_("%(field)s cannot be changed here."), field=", ".join(unknown))
    cleaners = {
        "due_date": _clean_due_date,
        "status": _clean_status,
        "note": _clean_note,
        "owner": lambda value: _clean_owner(action.firm, value),
    }
    cleaned = {name: cleaners[name](value) for name, value in fields.items()}
    before = audit.snapshot(action, EDITABLE)
    for name, value in cleaned.items():
        setattr(action, name, value)
    action.save()
    changes = audit.diff(before, audit.snapshot(action, EDITABLE))
    if changes:
        audit.record(
            actor,
            "plan_action",
            action,
            changes={f"{action.question}.{k}": v for k, v in changes.items()},
            firm_id=action.firm_id,
        )
    return action
