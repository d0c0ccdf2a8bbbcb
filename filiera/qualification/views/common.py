"""Lookups every qualification view shares: the object, or 404 when the user may not see it
(its existence stays private), or 403 when they may see it but not do this."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.qualification import access
from filiera.qualification.models import Answer, Assessment, Correction, Evidence


def get_assessment_for(user, pk: int, check: Callable | None = None) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("firm", "district", "version__methodology"), pk=pk
    )
    if not access.can_view_assessment(user, assessment):
        raise Http404("No such assessment")
    if check is not None and not check(user, assessment):
        raise PermissionDenied
    return assessment


def get_evidence_for(user, pk: int, check: Callable | None = None) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("firm"), pk=pk)
    if not access.can_view_evidence(user, evidence):
        raise Http404("No such evidence")
    if check is not None and not check(user, evidence):
        raise PermissionDenied
    return evidence


def get_answer_for(user, pk: int, check: Callable | None = None) -> Answer:
    answer = get_object_or_404(Answer.objects.select_related("assessment__firm"), pk=pk)
    get_assessment_for(user, answer.assessment_id, check)
    return answer


def get_correction_for(user, pk: int, check: Callable | None = None) -> Correction:
    correction = get_object_or_404(
        Correction.objects.select_related("answer__assessment__firm"), pk=pk
    )
    get_assessment_for(user, correction.answer.assessment_id, check)
    return correction
