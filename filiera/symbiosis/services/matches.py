"""The steps of an exchange: interest, contacts shared, agreement, activity, closing, declining,
and the quantities actually exchanged.

suggested → interest (either side) → contact shared (both sides accepted: only now each firm sees
the other's name) → agreed → active → closed; declined at any open step (suggested, interest,
contact shared, agreed) with a reason, after which the pair is never suggested again.

The acting user must be an owner or editor of the firm on one side (``access.acting_side``);
a step out of order raises ``MatchError`` (a ``UserError`` naming the field when there is one).
Every step is audited on the acting firm's history; e-mails go to the other side on commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.registry.models import Firm
from filiera.symbiosis import access, notify
from filiera.symbiosis.engine import units
from filiera.symbiosis.models import Delivery, Flow, Match
from filiera.symbiosis.validation import parse_decimal

Status = Match.Status
DECLINABLE = (Status.SUGGESTED, Status.INTEREST, Status.CONTACT_SHARED, Status.AGREED)
DELIVERABLE = (Status.AGREED, Status.ACTIVE, Status.CLOSED)
MAX_QUANTITY = Decimal("99999999999.999")


class MatchError(UserError):
    """A step that cannot be taken; ``field`` names the form field when there is one."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def side_of(user, match: Match, firm: Firm | None = None) -> str | None:
    """The side ``user`` acts for: ``"offer"``, ``"need"`` or None."""
    return access.acting_side(user, match, firm)


def _require_side(user, match: Match, firm: Firm | None) -> str:
    side = side_of(user, match, firm)
    if side is None:
        raise MatchError(None, N_("Only the owners and editors of the two firms can do this."))
    return side


def _locked(match: Match) -> None:
    """Read the match again under a row lock, so two clicks do not race."""
    Match.objects.select_for_update().filter(pk=match.pk).first()
    match.refresh_from_db()


def _firm_id(match: Match, side: str) -> int:
    return match.offer.firm_id if side == "offer" else match.need.firm_id


def _record(user, action: str, match: Match, side: str, changes: dict) -> None:
    audit.record(user, action, match, changes=changes, firm_id=_firm_id(match, side))


def _wrong_step(match: Match) -> MatchError:
    return MatchError(
        None,
        N_("This cannot be done now: the exchange is “%(status)s”."),
        status=match.get_status_display(),
    )


def _save(match: Match, fields: list[str]) -> None:
    match.save(update_fields=[*fields, "status", "updated_at"])


@transaction.atomic
def express_interest(match: Match, *, user, firm: Firm | None = None) -> Match:
    """``user``'s side is interested. When the other side already is, contacts are shared."""
    side = _require_side(user, match, firm)
    _locked(match)
    if match.status not in (Status.SUGGESTED, Status.INTEREST):
        raise _wrong_step(match)
    field = f"{side}_interest_at"
    if getattr(match, field) is not None:
        return match
    now = timezone.now()
    setattr(match, field, now)
    if match.offer_interest_at and match.need_interest_at:
        match.status, match.contact_shared_at = Status.CONTACT_SHARED, now
        _save(match, [field, "contact_shared_at"])
        _record(user, "express_interest", match, side, {"side": [None, side]})
        _record(user, "share_contacts", match, side, {"status": [Status.INTEREST, match.status]})
        transaction.on_commit(lambda: notify.contact_shared(match))
    else:
        match.status = Status.INTEREST
        _save(match, [field])
        _record(user, "express_interest", match, side, {"side": [None, side]})
        transaction.on_commit(lambda: notify.interest(match, side))
    return match


@transaction.atomic
def decline(match: Match, *, user, reason: str, firm: Firm | None = None) -> Match:
    """``user``'s side does not want this exchange; the reason is required and the other side
    reads it. The pair is never suggested again."""
    side = _require_side(user, match, firm)
    reason = (reason or "").strip()
    if not reason:
        raise MatchError("reason", N_("Reason: say why, e.g. too far or wrong material."))
    _locked(match)
    if match.status not in DECLINABLE:
        raise _wrong_step(match)
    before = match.status
    names = match.identities_visible
    other_interested = getattr(match, f"{notify.other(side)}_interest_at") is not None
    match.status, match.declined_at = Status.DECLINED, timezone.now()
    match.declined_by, match.decline_reason = side, reason[:2000]
    _save(match, ["declined_at", "declined_by", "decline_reason"])
    _record(
        user,
        "decline_match",
        match,
        side,
        {"status": [before, match.status], "reason": [None, match.decline_reason]},
    )
    if other_interested or names:
        transaction.on_commit(lambda: notify.declined(match, side, names))
    return match


def _amount(quantity: Any, unit: str, field: str) -> Decimal:
    number = parse_decimal(quantity)
    if number is None or number < 0 or number > MAX_QUANTITY:
        raise MatchError(field, N_("Quantity: write a number of 0 or more."))
    return number.quantize(Decimal("0.001"))


def _mismatch(unit: str, flow: Flow) -> MatchError:
    return MatchError(
        "unit",
        N_("Unit: %(unit)s cannot be converted to %(base)s."),
        unit=unit,
        base=flow.base_unit or "—",
    )


def _in_base(value: float, unit: str, flow: Flow, period: str = "once") -> float:
    """``value`` ``unit`` (per ``period``) in the flow's base unit (per year unless once)."""
    if not flow.base_unit:
        raise _mismatch(unit, flow)
    try:
        unit = units.symbol(unit)
        if period == "once":
            return float(units.convert(value, unit, flow.base_unit))
        amount = units.per_year(value, unit, period)
    except units.UnitError as exc:
        raise _mismatch(unit, flow) from exc
    if amount.base_unit != flow.base_unit:
        raise _mismatch(unit, flow)
    return float(amount.value)


@transaction.atomic
def agree(
    match: Match, *, user, quantity, unit: str, period: str, firm: Firm | None = None
) -> Match:
    """Record what the two firms agreed: a quantity per period (after contacts were shared)."""
    side = _require_side(user, match, firm)
    amount = _amount(quantity, unit, "quantity")
    if period not in Flow.Period.values:
        raise MatchError("period", N_("Period: write year, month, week or once."))
    _in_base(float(amount), unit, match.offer, period)
    unit = units.symbol(unit)
    _locked(match)
    if match.status != Status.CONTACT_SHARED:
        raise _wrong_step(match)
    match.status, match.agreed_at = Status.AGREED, timezone.now()
    match.agreed_quantity, match.agreed_unit, match.agreed_period = amount, unit, period
    _save(match, ["agreed_at", "agreed_quantity", "agreed_unit", "agreed_period"])
    _record(
        user,
        "agree_exchange",
        match,
        side,
        {
            "status": [Status.CONTACT_SHARED, match.status],
            "agreed": [None, f"{amount.normalize():f} {unit} {period}"],
        },
    )
    transaction.on_commit(lambda: notify.agreed(match, side))
    return match


@transaction.atomic
def activate(match: Match, *, user, firm: Firm | None = None) -> Match:
    """The agreed exchange has started."""
    side = _require_side(user, match, firm)
    _locked(match)
    if match.status != Status.AGREED:
        raise _wrong_step(match)
    match.status, match.activated_at = Status.ACTIVE, timezone.now()
    _save(match, ["activated_at"])
    _record(user, "activate_exchange", match, side, {"status": [Status.AGREED, match.status]})
    return match


@transaction.atomic
def close(match: Match, *, user, firm: Firm | None = None) -> Match:
    """The exchange is over (from agreed or active); its quantities stay on record."""
    side = _require_side(user, match, firm)
    _locked(match)
    if match.status not in (Status.AGREED, Status.ACTIVE):
        raise _wrong_step(match)
    before = match.status
    match.status, match.closed_at = Status.CLOSED, timezone.now()
    _save(match, ["closed_at"])
    _record(user, "close_exchange", match, side, {"status": [before, match.status]})
    return match


@transaction.atomic
def record_delivery(
    match: Match,
    *,
    user,
    period_start: date,
    period_end: date,
    quantity,
    unit: str,
    note: str = "",
    firm: Firm | None = None,
) -> Delivery:
    """A quantity actually exchanged in a period (agreed, active or closed exchanges). The
    first one on an agreed exchange makes it active."""
    side = _require_side(user, match, firm)
    if period_start is None:
        raise MatchError("period_start", N_("From: write the first day of the period."))
    if period_end is None:
        raise MatchError("period_end", N_("To: write the last day of the period."))
    if period_end < period_start:
        raise MatchError("period_end", N_("To: the period ends before it starts."))
    value = _amount(quantity, unit, "quantity")
    amount = _in_base(float(value), unit, match.offer)
    unit = units.symbol(unit)
    _locked(match)
    if match.status not in DELIVERABLE:
        raise _wrong_step(match)
    delivery = Delivery.objects.create(
        match=match,
        period_start=period_start,
        period_end=period_end,
        quantity=value,
        unit=unit,
        amount=amount,
        note=(note or "").strip()[:200],
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    changes = audit.facts(
        period=f"{period_start.isoformat()}/{period_end.isoformat()}",
        quantity=f"{value.normalize():f} {unit}",
        amount=round(amount, 6),
    )
    if match.status == Status.AGREED:
        match.status, match.activated_at = Status.ACTIVE, timezone.now()
        _save(match, ["activated_at"])
        changes["status"] = [Status.AGREED, Status.ACTIVE]
    _record(user, "record_delivery", match, side, changes)
    return delivery
