"""Evidence of a firm: what each document is and how long it is valid, never the file itself.

``file_url`` is the page that serves the file to people signed in who may see it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from filiera.api.firms import get_firm
from filiera.api.pagination import PageParams, page_keys
from filiera.api.qualification_schemas import EvidencePage, evidence_out
from filiera.qualification.models import Evidence

router = Router(tags=["evidence"])


@router.get("/firms/{firm_id}/evidence", response=EvidencePage, summary="List a firm's evidence")
def list_evidence(request: HttpRequest, firm_id: int, params: Query[PageParams]):
    """Certificates and documents the firm uploaded, in the order they were added."""
    firm = get_firm(request.user, firm_id)
    rows, next_cursor = page_keys(
        Evidence.objects.filter(firm=firm).order_by("id"), ("id",), params
    )
    page = Evidence.objects.filter(id__in=[pk for (pk,) in rows]).order_by("id")
    today = timezone.localdate()
    return {
        "items": [evidence_out(e, reverse("evidence_file", args=[e.pk]), today) for e in page],
        "next_cursor": next_cursor,
    }
