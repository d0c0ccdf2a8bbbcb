"""Writes to what a firm publishes on its public scorecard page. Nothing is public by default:
the row (and its link) is made on the first PDF download with every choice switched off."""

from __future__ import annotations

from django.db import transaction

from filiera.core import audit
from filiera.qualification.models import ScorecardPublication
from filiera.registry.models import Firm

ACTION = "publish_scorecard"
FLAGS = ("show_grade", "show_areas", "show_certificates", "in_passports")


def publication_of(firm: Firm) -> ScorecardPublication | None:
    return ScorecardPublication.objects.filter(firm=firm).first()


@transaction.atomic
def ensure_publication(actor, firm: Firm) -> ScorecardPublication:
    """The firm's publication, created (everything hidden) when it has none yet."""
    publication, created = ScorecardPublication.objects.get_or_create(firm=firm)
    if created:
        audit.record(
            actor,
            ACTION,
            publication,
            changes=audit.facts(**{flag: False for flag in FLAGS}),
            firm_id=firm.pk,
        )
    return publication


@transaction.atomic
def update_publication(
    actor,
    firm: Firm,
    *,
    show_grade: bool,
    show_areas: bool,
    show_certificates: bool,
    in_passports: bool | None = None,
) -> ScorecardPublication:
    """Save the firm's choices; ``in_passports`` None keeps the consent to passports as it is."""
    publication = ensure_publication(actor, firm)
    before = audit.snapshot(publication, FLAGS)
    publication.show_grade = bool(show_grade)
    publication.show_areas = bool(show_areas)
    publication.show_certificates = bool(show_certificates)
    if in_passports is not None:
        publication.in_passports = bool(in_passports)
    changes = audit.diff(before, audit.snapshot(publication, FLAGS))
    if changes:
        publication.save(update_fields=[*FLAGS, "updated_at"])
        audit.record(actor, ACTION, publication, changes=changes, firm_id=firm.pk)
    return publication
