"""E-mails of the review workflow. Views call these after a service succeeded, so services stay
free of mail and a failed delivery never undoes a decision already taken.

Firms hear when their assessment is returned or verified, when an answer is corrected and when a
dispute is decided; the district's verifiers hear when a correction is disputed. Texts are in the
platform's default language (Italian), as firms may never have chosen one.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from filiera.core import mail
from filiera.core.usererror import N_
from filiera.qualification.access import EDITING_ROLES
from filiera.qualification.models import Assessment, Correction
from filiera.qualification.views.review_rows import QUALIFICATION_LABELS, display_value
from filiera.registry.models import District, DistrictMembership, Firm, FirmMembership


def firm_recipients(firm: Firm) -> list[str]:
    """The firm's owners and editors, or the firm's own address when none has one."""
    emails = list(
        FirmMembership.objects.filter(firm=firm, role__in=EDITING_ROLES)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not emails and firm.email:
        emails = [firm.email]
    return sorted(set(emails))


def verifier_recipients(district: District, also=None) -> list[str]:
    """The district's verifiers (its managers when it has none), plus ``also`` if given."""
    people = DistrictMembership.objects.filter(district=district, user__is_active=True).exclude(
        user__email=""
    )
    emails = set(
        people.filter(role=DistrictMembership.Role.VERIFIER).values_list("user__email", flat=True)
    )
    if not emails:
        emails = set(
            people.filter(role=DistrictMembership.Role.MANAGER).values_list(
                "user__email", flat=True
            )
        )
    if also is not None and also.is_active and also.email:
        emails.add(also.email)
    return sorted(emails)


def _send(template: str, subject: str, context: dict, recipients: list[str]) -> int:
    return mail.send(
        f"qualification/review_email_{template}.txt",
        subject,
        context.get("subject_params", {}),
        context,
        recipients,
    )


def _correction_context(correction: Correction, link: str) -> dict:
    answer = correction.answer
    assessment = answer.assessment
    question = assessment.version.parsed().question(answer.question)
    with translation.override(settings.LANGUAGE_CODE):
        text = question.text.get(settings.LANGUAGE_CODE) if question else ""
        old = display_value(question, correction.old_value)
        new = display_value(question, correction.new_value)
    return {
        "correction": correction,
        "assessment": assessment,
        "firm": assessment.firm,
        "code": answer.question,
        "question_text": text,
        "old": old,
        "new": new,
        "link": link,
        "subject_params": {"firm": assessment.firm.legal_name, "code": answer.question},
    }


def assessment_returned(assessment: Assessment, link: str) -> int:
    return _send(
        "returned",
        N_("Filiera: your assessment %(period)s was returned with comments"),
        {
            "assessment": assessment,
            "firm": assessment.firm,
            "link": link,
            "subject_params": {"period": assessment.period},
        },
        firm_recipients(assessment.firm),
    )


def assessment_verified(assessment: Assessment, link: str) -> int:
    return _send(
        "verified",
        N_("Filiera: your assessment %(period)s is verified"),
        {
            "assessment": assessment,
            "qualification": QUALIFICATION_LABELS.get(assessment.qualification, ""),
            "firm": assessment.firm,
            "link": link,
            "subject_params": {"period": assessment.period},
        },
        firm_recipients(assessment.firm),
    )


def answer_corrected(correction: Correction, link: str) -> int:
    context = _correction_context(correction, link)
    return _send(
        "corrected",
        N_("Filiera: an answer of %(firm)s was corrected (%(code)s)"),
        context,
        firm_recipients(context["firm"]),
    )


def correction_disputed(correction: Correction, link: str) -> int:
    context = _correction_context(correction, link)
    district = context["assessment"].district
    return _send(
        "disputed",
        N_("Filiera: %(firm)s disputes a correction (%(code)s)"),
        context,
        verifier_recipients(district, also=correction.verifier),
    )


def dispute_resolved(correction: Correction, link: str) -> int:
    context = _correction_context(correction, link)
    return _send(
        "resolved",
        N_("Filiera: your dispute on %(code)s was decided"),
        context,
        firm_recipients(context["firm"]),
    )
