"""Saving a district's eco-district rules and a firm's yearly material totals.

Both writes are atomic and audited (the rules on the district's history, the totals on the
firm's). Bad values raise Django's ``ValidationError`` by field name (the model's own checks),
and nothing is saved. Who may call these is checked by the views
(``filiera.symbiosis.access``): district managers for the rules, the firm's owners and editors
for its totals.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from filiera.core import audit
from filiera.registry.models import District, Firm
from filiera.symbiosis.models import CircularityProfile, SymbiosisPolicy

POLICY_FIELDS = (
    "min_circular_inflow",
    "min_circular_outflow",
    "min_grade",
    "min_active_exchanges",
    "transport_kg_co2e_per_tkm",
)
PROFILE_FIELDS = ("material_inflow_t", "material_outflow_t")


def _save(obj, fields: tuple[str, ...], data: dict[str, Any], user) -> tuple[Any, dict, bool]:
    created = obj.pk is None
    before = {} if created else audit.snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    after = audit.snapshot(obj, fields)
    changes = audit.diff(before, after)
    if created or changes:
        obj.save()
    return obj, changes, created


@transaction.atomic
def save_policy(district: District, *, user, data: dict[str, Any]) -> SymbiosisPolicy:
    """Create or change the district's rules with the given fields (others unchanged)."""
    policy = SymbiosisPolicy.objects.select_for_update().filter(
        district=district
    ).first() or SymbiosisPolicy(district=district)
    if user is not None and getattr(user, "is_authenticated", False):
        policy.updated_by = user
    policy, changes, created = _save(policy, POLICY_FIELDS, data, user)
    if created or changes:
        audit.record(
            user,
            "create" if created else "update",
            policy,
            changes=changes,
            district_id=district.pk,
        )
    return policy


@transaction.atomic
def save_profile(firm: Firm, *, user, data: dict[str, Any]) -> CircularityProfile:
    """Create or change the firm's yearly totals (empty values: not known)."""
    profile = CircularityProfile.objects.select_for_update().filter(
        firm=firm
    ).first() or CircularityProfile(firm=firm)
    profile, changes, created = _save(profile, PROFILE_FIELDS, data, user)
    if created or changes:
        audit.record(
            user, "create" if created else "update", profile, changes=changes, firm_id=firm.pk
        )
    return profile
