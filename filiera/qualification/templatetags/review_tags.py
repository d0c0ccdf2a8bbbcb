"""The link to a district's review queue, with how many assessments wait there, for staff."""

from __future__ import annotations

from django import template

from filiera.qualification import access
from filiera.qualification.forms_review import OPEN_STATUSES
from filiera.registry import access as registry_access

register = template.Library()


@register.inclusion_tag("qualification/review_queue_link.html", takes_context=True)
def review_queue_link(context, district) -> dict:
    """Shown to the district's managers and verifiers only; N counts what waits for review."""
    user = context.get("user")
    if user is None or not registry_access.can_view_district(user, district):
        return {"show": False}
    waiting = access.review_queue(user).filter(district=district, status__in=OPEN_STATUSES).count()
    return {"show": True, "district": district, "waiting": waiting}
