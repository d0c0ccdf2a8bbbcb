"""Profile answers: the methodology's profile block (``PRO-…``), asked once per assessment and
never scored; the VSME export reports them.

They are stored as ``Answer`` rows whose ``question`` is the profile code, next to the scored
answers of the same assessment; the scoring engine reads only scored question codes, so these
rows never change a score. ``services.assessments.save_answer`` accepts scored codes only, hence
this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.qualification import answers as answer_rules
from filiera.qualification.methodology.schema import ProfileField
from filiera.qualification.models import Answer, Assessment

YESNO_PROFILE = ("yes", "no", "na")


def profile_fields(assessment: Assessment) -> list[ProfileField]:
    return list(assessment.version.parsed().profile)


def _field(assessment: Assessment, code: str) -> ProfileField:
    found = next((p for p in profile_fields(assessment) if p.code == code), None)
    if found is None:
        raise UserError(N_("%(code)s: no such profile item in this methodology."), code=code)
    return found


def normalise(item: ProfileField, raw: str | None) -> str:
    """The stored value, by the same rules as scored answers of the same type (a profile yes/no
    has no "partly")."""
    value = answer_rules.normalise(cast(Any, item), raw)
    if item.type == "yesno" and value and value not in YESNO_PROFILE:
        raise UserError(N_("%(code)s: answer yes, no or not applicable."), code=item.code)
    return value


def profile_answers(assessment: Assessment) -> dict[str, str]:
    codes = [p.code for p in profile_fields(assessment)]
    return dict(assessment.answers.filter(question__in=codes).values_list("question", "value"))


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable_by_firm:
        raise UserError(
            N_("This assessment is %(status)s: answers can no longer be changed."),
            status=assessment.get_status_display(),
        )


@transaction.atomic
def save_profile_answer(actor, assessment: Assessment, code: str, raw: str | None) -> Answer:
    """Save one profile answer (empty clears it) while the firm may still edit the assessment."""
    _require_editable(assessment)
    item = _field(assessment, code)
    value = normalise(item, raw)
    answer = Answer.objects.filter(assessment=assessment, question=code).first()
    if answer is None:
        answer = Answer(assessment=assessment, question=code)
        if not value:
            return answer  # nothing to store
    before = answer.value
    answer.value = value
    answer.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    answer.save()
    if before != value:
        audit.record(
            actor,
            "answer",
            assessment,
            changes={f"{code}.value": [before, value]},
            firm_id=assessment.firm_id,
            district_id=assessment.district_id,
        )
    return answer


@transaction.atomic
def save_profile(actor, assessment: Assessment, values: Mapping[str, str | None]) -> int:
    """Save several profile answers at once: all or nothing. Returns how many changed."""
    _require_editable(assessment)
    current = profile_answers(assessment)
    wanted = {code: normalise(_field(assessment, code), raw) for code, raw in values.items()}
    changed = 0
    for code, value in wanted.items():
        if value != current.get(code, ""):
            save_profile_answer(actor, assessment, code, value)
            changed += 1
    return changed
