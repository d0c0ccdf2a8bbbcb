"""Writes to the good-practice library: write and publish a practice, evaluate it, adopt it and
withdraw an adoption. Atomic and audited; bad input raises ``PracticeError`` naming the field.

The views decide who may act (see ``selectors_practices``); these functions check the data:
the Italian texts, the English ones before publishing, the area and question codes against the
current methodology, the origin firm belonging to the origin district, marks from 1 to 5, the
author not evaluating their own practice, the improvement action belonging to the adopting firm.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.selectors_practices import CRITERIA, PUBLISHED, catalogue
from filiera.qualification.models import ImprovementAction
from filiera.registry.models import District, Firm

Status = GoodPractice.Status
TEXTS = ("title", "summary", "body", "results")
# Italian texts a practice needs from the start; the others may wait.
REQUIRED_IT = ("title", "summary", "body")
FIELDS = (
    *(f"{name}_{lang}" for name in TEXTS for lang in ("it", "en")),
    "theme",
    "areas",
    "questions",
    "district",
    "firm",
    "firm_consents",
)
MAX_NOTE = 2000


class PracticeError(UserError):
    """Bad input; ``field`` names the form field it is about (None: the whole form)."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def _label(name: str) -> str:
    return capfirst(str(getattr(GoodPractice._meta.get_field(name), "verbose_name", name)))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Trimmed texts, known codes, a firm of the district; raises PracticeError."""
    values = dict(data)
    for name in TEXTS:
        for lang in ("it", "en"):
            key = f"{name}_{lang}"
            values[key] = (values.get(key) or "").strip()
    for name in REQUIRED_IT:
        if not values[f"{name}_it"]:
            raise PracticeError(
                f"{name}_it", N_("%(label)s: write it in Italian."), label=_label(f"{name}_it")
            )
    if values.get("theme") not in GoodPractice.Theme.values:
        raise PracticeError("theme", N_("Theme: choose one of the six themes."))
    known = catalogue("it")
    for name, codes in (("areas", known.areas), ("questions", known.questions)):
        given = list(dict.fromkeys(values.get(name) or []))
        unknown = [code for code in given if code not in codes]
        if unknown:
            raise PracticeError(
                name,
                N_("%(label)s: unknown codes %(codes)s."),
                label=_label(name),
                codes=", ".join(unknown),
            )
        values[name] = given
    district: District | None = values.get("district")
    if district is None:
        raise PracticeError("district", N_("Origin district: choose the district."))
    firm: Firm | None = values.get("firm")
    if firm is not None and not firm.districts.filter(pk=district.pk).exists():
        raise PracticeError("firm", N_("Origin firm: choose a firm of the origin district."))
    values["firm_consents"] = bool(values.get("firm_consents")) and firm is not None
    return values


def _missing_english(practice: GoodPractice) -> str | None:
    """The first English text a published practice lacks (its Italian one is filled)."""
    for name in TEXTS:
        if getattr(practice, f"{name}_it") and not getattr(practice, f"{name}_en"):
            return f"{name}_en"
    return None


def _english_error(name: str) -> PracticeError:
    return PracticeError(
        name,
        N_("%(label)s: a published practice needs its English text too."),
        label=_label(name),
    )


@transaction.atomic
def save_practice(actor, practice: GoodPractice | None, data: dict[str, Any]) -> GoodPractice:
    """Create (``practice`` None) or change a practice. A published one stays published only
    with its English texts."""
    values = _clean({name: data.get(name) for name in FIELDS})
    creating = practice is None
    if practice is None:
        practice = GoodPractice(created_by=actor if actor and actor.is_authenticated else None)
        before: dict[str, Any] = {}
    else:
        # Read it again: a form may already have changed the instance it was given.
        stored = GoodPractice.objects.select_for_update().get(pk=practice.pk)
        before = audit.snapshot(stored, FIELDS)
    for name, value in values.items():
        setattr(practice, name, value)
    if practice.status == PUBLISHED:
        missing = _missing_english(practice)
        if missing:
            raise _english_error(missing)
    practice.save()
    after = audit.snapshot(practice, FIELDS)
    audit.record(
        actor,
        "create" if creating else "update",
        practice,
        changes=audit.diff(before, after),
        district_id=practice.district_id,
    )
    return practice


@transaction.atomic
def set_published(actor, practice: GoodPractice, publish: bool) -> GoodPractice:
    """Publish the practice (every filled Italian text needs its English one), or take it back
    to draft."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    target = Status.PUBLISHED if publish else Status.DRAFT
    if practice.status == target:
        return practice
    if publish:
        missing = _missing_english(practice)
        if missing:
            raise _english_error(missing)
    before = practice.status
    practice.status = target
    if publish:
        practice.published_at = timezone.now()
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor,
        "publish" if publish else "unpublish",
        practice,
        changes={"status": [before, target]},
        district_id=practice.district_id,
    )
    return practice


def _mark(name: str, value: Any) -> int:
    label = capfirst(str(getattr(PracticeEvaluation._meta.get_field(name), "verbose_name", name)))
    try:
        mark = int(value)
    except (TypeError, ValueError):
        mark = 0
    if str(value).strip() != str(mark) or not 1 <= mark <= 5:
        raise PracticeError(name, N_("%(label)s: give a mark from 1 to 5."), label=label)
    return mark


@transaction.atomic
def evaluate(
    actor, practice: GoodPractice, marks: dict[str, Any], comment: str = ""
) -> PracticeEvaluation:
    """The actor's evaluation of a published practice; a second one replaces the first."""
    if practice.status != PUBLISHED:
        raise PracticeError(None, N_("Only published practices can be evaluated."))
    if practice.created_by_id is not None and practice.created_by_id == actor.pk:
        raise PracticeError(None, N_("You wrote this practice: other experts evaluate it."))
    values: dict[str, Any] = {name: _mark(name, marks.get(name)) for name in CRITERIA}
    values["comment"] = (comment or "").strip()[:MAX_NOTE]
    existing = (
        PracticeEvaluation.objects.select_for_update()
        .filter(practice=practice, evaluator=actor)
        .first()
    )
    fields = (*CRITERIA, "comment")
    before = audit.snapshot(existing, fields) if existing else {}
    evaluation = existing or PracticeEvaluation(practice=practice, evaluator=actor)
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.save()
    audit.record(
        actor,
        "evaluate",
        practice,
        changes=audit.diff(before, audit.snapshot(evaluation, fields)),
        district_id=practice.district_id,
    )
    return evaluation


def adopt(
    actor,
    practice: GoodPractice,
    *,
    firm: Firm | None = None,
    district: District | None = None,
    action: ImprovementAction | None = None,
    note: str = "",
) -> tuple[PracticeAdoption, bool]:
    """Another firm or district adopts a published practice (a firm optionally for one of its
    improvement actions). Returns the adoption and whether it is new: adopting twice gives
    back the first adoption and changes nothing."""
    if practice.status != PUBLISHED:
        raise PracticeError(None, N_("Only published practices can be adopted."))
    if (firm is None) == (district is None):
        raise PracticeError("firm", N_("Who adopts it: choose one firm or one district."))
    if (firm is not None and firm.pk == practice.firm_id) or (
        district is not None and district.pk == practice.district_id
    ):
        raise PracticeError(
            "firm" if firm is not None else "district",
            N_("The practice comes from there: other firms and districts adopt it."),
        )
    if action is not None and (firm is None or action.firm_id != firm.pk):
        raise PracticeError("action", N_("Improvement action: choose an action of that firm."))
    owner = {"firm": firm} if firm is not None else {"district": district}
    existing = PracticeAdoption.objects.filter(practice=practice, **owner).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            adoption = PracticeAdoption.objects.create(
                practice=practice,
                action=action,
                note=(note or "").strip()[:MAX_NOTE],
                adopted_by=actor if actor and actor.is_authenticated else None,
                **owner,
            )
            audit.record(
                actor,
                "adopt",
                practice,
                changes=audit.facts(
                    firm=firm, district=district, action=action.question if action else None
                ),
                firm_id=firm.pk if firm else None,
                district_id=district.pk if district else None,
            )
    except IntegrityError:  # adopted at the same moment by another click
        return PracticeAdoption.objects.get(practice=practice, **owner), False
    return adoption, True


@transaction.atomic
def withdraw(actor, adoption: PracticeAdoption) -> None:
    """Take an adoption back."""
    practice = adoption.practice
    audit.record(
        actor,
        "withdraw_adoption",
        practice,
        changes={"firm": [str(adoption.firm), None]}
        if adoption.firm_id
        else {"district": [str(adoption.district), None]},
        firm_id=adoption.firm_id,
        district_id=adoption.district_id,
    )
    adoption.delete()
