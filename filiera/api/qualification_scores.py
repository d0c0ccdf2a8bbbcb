"""Scores of an assessment: the stored snapshots, and a score computed on the fly under another
methodology version or area weighting (never stored)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field

from filiera.api.errors import field_error
from filiera.api.firms import MAX_ID
from filiera.api.pagination import PageParams, page_keys
from filiera.api.qualification_assessments import get_assessment
from filiera.api.qualification_methodologies import find_version
from filiera.api.qualification_schemas import EvaluationOut, ScorePage, score_out
from filiera.core.usererror import N_
from filiera.qualification.models import Score, Weighting
from filiera.qualification.services import scores
from filiera.registry import access as registry_access
from filiera.registry.models import Firm

router = Router(tags=["assessments"])
NO_VERSION = N_("No methodology version %(key)s: write it as code@number, e.g. filiera-base@1.")
NO_WEIGHTING = N_("No weighting %(id)s for this methodology.")


class WhatIfQuery(Schema):
    version: str | None = Field(
        None,
        description="`slug@version` to score under, e.g. `filiera-base@1`; left out: the "
        "assessment's own version.",
    )
    weighting: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id of an area weighting of that methodology."
    )


def usable_weighting(user, weighting_id: int, methodology_id: int) -> Weighting | None:
    """A weighting of the methodology that is platform-wide, or belongs to a district the user
    works in or to a firm the user may see."""
    weighting = Weighting.objects.filter(pk=weighting_id, methodology_id=methodology_id).first()
    if weighting is None:
        return None
    districts = registry_access.visible_districts(user)
    if weighting.district_id and not districts.filter(pk=weighting.district_id).exists():
        return None
    if weighting.firm_id is not None:
        firm = Firm.objects.filter(pk=weighting.firm_id).first()
        if firm is None or not registry_access.can_view_firm(user, firm):
            return None
    return weighting


@router.get(
    "/assessments/{assessment_id}/scores", response=ScorePage, summary="List score snapshots"
)
def list_scores(request: HttpRequest, assessment_id: int, params: Query[PageParams]):
    """Every stored score of the assessment, oldest first: the official ones (on submission,
    verification, corrections, evidence changes) and re-scorings under other weights."""
    assessment = get_assessment(request.user, assessment_id)
    rows, next_cursor = page_keys(assessment.scores.order_by("id"), ("id",), params)
    page = (
        Score.objects.filter(id__in=[pk for (pk,) in rows])
        .select_related("version__methodology")
        .order_by("id")
    )
    return {"items": [score_out(s) for s in page], "next_cursor": next_cursor}


@router.get(
    "/assessments/{assessment_id}/score", response=EvaluationOut, summary="Score on the fly"
)
def evaluate_score(request: HttpRequest, assessment_id: int, params: Query[WhatIfQuery]):
    """The assessment's answers scored today, under another methodology version
    (`?version=slug@N`) and/or an area weighting (`?weighting=ID`). Nothing is stored."""
    assessment = get_assessment(request.user, assessment_id)
    version = assessment.version
    if params.version is not None:
        slug, _at, number = params.version.strip().rpartition("@")
        found = find_version(request.user, slug, int(number)) if number.isdigit() else None
        if found is None:
            message = gettext(NO_VERSION) % {"key": params.version}
            raise field_error("query", "version", message)
        version = found
    weighting = None
    if params.weighting is not None:
        weighting = usable_weighting(request.user, params.weighting, version.methodology_id)
        if weighting is None:
            message = gettext(NO_WEIGHTING) % {"id": params.weighting}
            raise field_error("query", "weighting", message)
    on = timezone.localdate()
    result = scores.evaluate(
        assessment,
        version=version,
        area_weights=weighting.area_weights if weighting else None,
        on=on,
    )
    return {
        "methodology": version.key,
        "weighting": weighting.pk if weighting else None,
        "evaluated_on": on,
        "overall": result.overall,
        "grade": result.grade,
        "status": result.status,
        "result": result.as_dict(),
    }
