"""Helpers of the page tests: what the flow form posts, and the words that name a firm."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from filiera.registry.models import Firm


def flow_form(site, **extra) -> dict:
    """The flow form as a person fills it for an offer of knitting cuttings."""
    return {
        "direction": "offer",
        "site": str(site.pk),
        "kind": "waste",
        "description": "Ritagli di maglieria in lana",
        "description_en": "Wool knitting cuttings",
        "ewc": "04 02 22",
        "quantity": "12",
        "unit": "t",
        "period": "month",
        "max_distance_km": "120",
        "available_from": "",
        "available_until": "",
        "legal_status": "",
        "fibre": "wool",
        "colour": "mixed",
        "construction": "knitted",
        "coated": "no",
        "elastane_pct": "",
        "other_attributes": "",
        "accepted_ewc": "",
        "ref": "",
    } | extra


def identity_words(firm: Firm) -> list[str]:
    """What names a firm to someone: its name, VAT, sites, e-mail and its people."""
    words = [firm.legal_name, firm.vat, firm.vat_display]
    words += list(firm.sites.values_list("name", flat=True))
    words += list(firm.sites.values_list("address", flat=True))
    if firm.email:
        words.append(firm.email)
    for user in get_user_model().objects.filter(firm_memberships__firm=firm):
        words.append(user.email)
        if user.get_full_name():
            words.append(user.get_full_name())
    return [w for w in words if w]
