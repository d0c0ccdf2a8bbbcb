"""Adding, changing and archiving a firm's flows.

Every write is atomic and audited on the firm's history. Bad input raises Django's
``ValidationError`` with the messages by field name (from ``validation.clean_flow``), so a form
shows each message on its field and a file import on its row; nothing is saved then. Who may call
these is checked by the views (``filiera.symbiosis.access``).

A flow keeps its site's position (``lat``/``lon``) and its amount per year in the base unit;
after the commit the firm's suggestions are computed again in the background.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from filiera.core import audit
from filiera.registry.models import Firm
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.tasks import refresh_later
from filiera.symbiosis.validation import FIELDS, clean_flow, flow_data

# What the history shows of a flow: the fields a person sets (not the derived yearly amount).
DERIVED = ("amount_year", "base_unit")
AUDITED = [*(name for name in FIELDS if name not in DERIVED), "active"]
OPEN = (Match.Status.SUGGESTED, Match.Status.INTEREST)


def _snapshot(flow: Flow) -> dict[str, Any]:
    values = audit.snapshot(flow, AUDITED)
    values["attributes"] = dict(flow.attributes or {})
    values["accepted_ewc"] = list(flow.accepted_ewc or [])
    return values


def _check_ref(firm: Firm, ref: str, flow: Flow | None) -> None:
    if not ref:
        return
    taken = Flow.objects.filter(firm=firm, ref=ref)
    if flow is not None:
        taken = taken.exclude(pk=flow.pk)
    if taken.exists():
        raise ValidationError(
            {"ref": _("Reference: this firm already has a flow “%(ref)s”.") % {"ref": ref}}
        )


def _cleaned(data: dict[str, Any], firm: Firm, flow: Flow | None) -> dict[str, Any]:
    values, errors = clean_flow(data, firm=firm)
    if errors:
        raise ValidationError(errors)
    _check_ref(firm, values["ref"], flow)
    return values


def _apply(flow: Flow, values: dict[str, Any]) -> None:
    for name in FIELDS:
        setattr(flow, name, values[name])
    flow.lat, flow.lon = flow.site.lat, flow.site.lon


@transaction.atomic
def create_flow(*, firm: Firm, user, data: dict[str, Any]) -> Flow:
    """A new active flow of ``firm`` from ``data`` (the model's fields by name)."""
    values = _cleaned(data, firm, None)
    flow = Flow(firm=firm, created_by=user if getattr(user, "is_authenticated", False) else None)
    _apply(flow, values)
    flow.save()
    audit.record(user, "create", flow, changes=audit.diff({}, _snapshot(flow)), firm_id=firm.pk)
    refresh_later(firm.pk)
    return flow


@transaction.atomic
def update_flow(flow: Flow, *, user, data: dict[str, Any]) -> Flow:
    """Change a flow; fields missing from ``data`` keep their values. A flow whose counterpart
    no longer fits loses those suggestions at the refresh; exchanges under way stay."""
    firm = flow.firm
    before = _snapshot(flow)
    values = _cleaned(flow_data(flow) | data, firm, flow)
    _apply(flow, values)
    changes = audit.diff(before, _snapshot(flow))
    if not changes:
        return flow
    flow.save()
    audit.record(user, "update", flow, changes=changes, firm_id=firm.pk)
    refresh_later(firm.pk)
    return flow


@transaction.atomic
def archive_flow(flow: Flow, *, user) -> Flow:
    """The flow stops being offered or sought: its open suggestions (suggested or with
    interest) go; exchanges with contacts shared or later stay as they are."""
    if not flow.active:
        return flow
    flow.active = False
    flow.save(update_fields=["active", "updated_at"])
    _total, removed = Match.objects.filter(Q(offer=flow) | Q(need=flow), status__in=OPEN).delete()
    gone = removed.get("symbiosis.Match", 0)
    audit.record(
        user,
        "archive_flow",
        flow,
        changes={"active": [True, False], "suggestions_removed": [None, gone]},
        firm_id=flow.firm_id,
    )
    refresh_later(flow.firm_id)
    return flow


@transaction.atomic
def restore_flow(flow: Flow, *, user) -> Flow:
    """An archived flow back in use; its suggestions come back at the refresh."""
    if flow.active:
        return flow
    flow.active = True
    flow.save(update_fields=["active", "updated_at"])
    audit.record(
        user, "restore_flow", flow, changes={"active": [False, True]}, firm_id=flow.firm_id
    )
    refresh_later(flow.firm_id)
    return flow
