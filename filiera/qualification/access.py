"""Who may see and change qualification data. Hidden → 404, visible but not allowed → 403.

The firm's members see their own assessments, evidence and scores; the staff of a district the
firm belongs to see them too. Only the firm's owners and editors answer; only the verifiers and
managers of the assessment's district review, and never for a firm they belong to.
"""

from __future__ import annotations

from django.db.models import QuerySet

from filiera.qualification.models import Assessment, Evidence
from filiera.registry import access as registry_access
from filiera.registry.access import EDITING_ROLES
from filiera.registry.models import Firm


def is_firm_editor(user, firm: Firm) -> bool:
    r = registry_access.roles(user)
    return r.superuser or r.firm_roles.get(firm.pk) in EDITING_ROLES


def visible_assessments(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(firm__in=registry_access.visible_firms(user).values("id"))


def can_view_assessment(user, assessment: Assessment) -> bool:
    return registry_access.can_view_firm(user, assessment.firm)


def can_answer(user, assessment: Assessment) -> bool:
    return is_firm_editor(user, assessment.firm)


def can_review(user, assessment: Assessment) -> bool:
    r = registry_access.roles(user)
    if r.superuser:
        return True
    if assessment.firm_id in r.firm_roles:
        return False
    return assessment.district_id in r.staffed_districts


def review_queue(user) -> QuerySet[Assessment]:
    r = registry_access.roles(user)
    queryset = Assessment.objects.exclude(firm_id__in=list(r.firm_roles))
    if not r.superuser:
        queryset = queryset.filter(district_id__in=r.staffed_districts)
    return queryset


def can_view_evidence(user, evidence: Evidence) -> bool:
    return registry_access.can_view_firm(user, evidence.firm)


def can_edit_evidence(user, evidence_or_firm: Evidence | Firm) -> bool:
    firm = evidence_or_firm.firm if isinstance(evidence_or_firm, Evidence) else evidence_or_firm
    return is_firm_editor(user, firm)
