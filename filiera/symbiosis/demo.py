"""Demo industrial symbiosis for ``filiera demo`` (after the passports).

``load(district, seed=…)`` adds the receiving firms in the districts around (a carding mill
and a nonwoven maker in Prato, a ceramics plant and a packaging recycler in the ceramics
district of Formigine and Sassuolo; those districts are made when missing), lets the
district's firms declare flows by what they do (knitting and cutting scraps, yarn cones,
dyehouse sludge, waste heat, treated water, packaging, truck space, a used machine), gives the
demo ``subcontractor`` login's firm flows with suggestions to look at (one with the carding
mill's interest already expressed), computes the suggestions, moves some of them along the
lifecycle with realised quantities over the last year (one declined with its reason), writes
the district's eco-district rules and runs the allocation. Returns counts of what it made.

``clear(district)`` deletes the flows of the district's firms (their matches and quantities go
with them), the receiving firms (and the districts around made for them, once empty), the
rules and the firms' yearly totals, so ``filiera demo --reset`` starts again.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.registry import services
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import (
    District,
    Firm,
    FirmActivity,
    FirmMembership,
    Municipality,
    Site,
)
from filiera.symbiosis import demo_data as data
from filiera.symbiosis.models import CircularityProfile, Delivery, Flow, Match, SymbiosisPolicy
from filiera.symbiosis.services.allocation import run_allocation
from filiera.symbiosis.services.flows import AUDITED
from filiera.symbiosis.services.refresh import refresh_all
from filiera.symbiosis.validation import FIELDS, clean_flow

Status = Match.Status
SOURCE = "symbiosis demo"  # marks the districts around the demo's that the demo made
FIBRE_WORDS = {
    "wool": ("lana", "wool"),
    "cotton": ("cotone", "cotton"),
    "viscose": ("viscosa", "viscose"),
    "cashmere": ("cashmere", "cashmere"),
    "mixed": ("fibre miste", "mixed fibres"),
}
# Steps the demo gives to suggestions, by the need (or offer) they concern, best first.
STEPS = {
    "DEMO-CARD-IN": (
        Status.ACTIVE,
        Status.ACTIVE,
        Status.CLOSED,
        Status.AGREED,
        Status.CONTACT_SHARED,
        Status.DECLINED,
    ),
    "DEMO-NW-IN": (Status.ACTIVE, Status.INTEREST),
    "DEMO-CER-SLUDGE": (Status.ACTIVE,),
    "DEMO-REC-PACK": (Status.ACTIVE, Status.ACTIVE, Status.AGREED),
    "DEMO-NW-WATER": (Status.AGREED,),
}
ORDER = [s.value for s in Status if s != Status.DECLINED]


def receiver_vats() -> list[str]:
    return [italian_vat(r.serial, r.office) for r in data.RECEIVERS]


def _neighbour(key: str) -> District:
    """A district around the demo's, where receivers are; made (and marked) when missing."""
    slug, name, municipalities = data.NEIGHBOURS[key]
    found = District.objects.filter(slug=slug).first()
    if found is not None:
        return found
    found = District.objects.create(slug=slug, name=name, languages=["it", "en"])
    found.municipalities.set(Municipality.objects.filter(pk__in=municipalities))
    audit.record(
        None,
        "demo_create",
        found,
        changes=audit.facts(name=name, source=SOURCE),
        district_id=found.pk,
    )
    return found


def _receivers() -> dict[str, Firm]:
    found: dict[str, Firm] = {}
    for r in data.RECEIVERS:
        vat = italian_vat(r.serial, r.office)
        neighbour = _neighbour(r.district)
        firm = Firm.objects.filter(vat=vat).first()
        if firm is None:
            firm = services.create_firm(
                None,
                districts=[neighbour],
                ateco=[r.ateco],
                legal_name=r.legal_name,
                vat=vat,
                role=r.role,
                employees=r.employees,
                description_it=r.description_it,
                description_en=r.description_en,
                email=f"info@{r.key}.filiera-demo.example",
            )
            services.create_site(
                None,
                firm,
                name=r.site_name,
                address=r.address,
                municipality=Municipality.objects.get(pk=r.municipality),
                processes=list(r.processes),
            )
        else:
            firm.districts.add(neighbour)
        found[r.key] = firm
    return found


def _quantity(rng: random.Random, t: data.FlowTemplate) -> Decimal:
    value = rng.uniform(t.low, t.high)
    if t.unit == "pcs":
        return Decimal(max(1, round(value)))
    if value >= 100:
        return Decimal(round(value, -1))
    return Decimal(str(round(value, 1)))


def _data(t: data.FlowTemplate, site: Site, rng: random.Random, fibre: str) -> dict:
    fibre_it, fibre_en = FIBRE_WORDS[fibre]
    attributes = dict(t.attributes)
    if "{fibre" in t.description:
        attributes.setdefault("fibre", fibre)
    return {
        "site": site,
        "ref": t.ref,
        "direction": t.direction,
        "kind": t.kind,
        "ewc": t.ewc,
        "description": t.description.format(fibre_it=fibre_it),
        "description_en": t.description_en.format(fibre_en=fibre_en),
        "quantity": _quantity(rng, t),
        "unit": t.unit,
        "period": t.period,
        "attributes": attributes,
        "max_distance_km": t.max_distance_km,
        "accepted_ewc": list(t.accepted_ewc),
        "accepts_hazardous": t.accepts_hazardous,
    }


def _plan(district: District, receivers: dict[str, Firm], rng: random.Random):
    """(firm, site, template) of every flow to declare."""
    receiver_ids = {f.pk for f in receivers.values()}
    featured = (
        FirmMembership.objects.filter(user__username="subcontractor", firm__districts=district)
        .order_by("firm_id")
        .values_list("firm_id", flat=True)
        .first()
    )
    firms = list(
        Firm.objects.filter(districts=district).exclude(pk__in=receiver_ids).order_by("id")
    )
    sites: dict[int, Site] = {}
    for site in Site.objects.filter(firm__in=firms).order_by("id"):
        sites.setdefault(site.firm_id, site)
    processes: dict[int, set[str]] = {}
    for site_id, code in Site.processes.through.objects.filter(
        site_id__in=[s.pk for s in sites.values()]
    ).values_list("site_id", "process_id"):
        processes.setdefault(site_id, set()).add(code)
    ateco = {
        firm_id: code
        for firm_id, code in FirmActivity.objects.filter(
            firm__in=firms, is_primary=True
        ).values_list("firm_id", "code")
    }
    plan: list[tuple[Firm, Site, data.FlowTemplate]] = []
    machine_wanted = False
    for firm in firms:
        if firm.pk not in sites:
            continue
        site = sites[firm.pk]
        if firm.pk == featured:
            plan += [(firm, site, t) for t in data.FEATURED]
            continue
        done = processes.get(site.pk, set())
        for process, share, templates in data.BY_PROCESS:
            if process in done and rng.random() < share:
                plan += [(firm, site, t) for t in templates]
        for code, share, templates in data.EXTRA:
            if ateco.get(firm.pk) == code and rng.random() < share:
                plan += [(firm, site, t) for t in templates]
        if not machine_wanted and "MU.KNIT_TO_SHAPE" in done:
            plan.append((firm, site, data.MACHINE_NEED))
            machine_wanted = True
    for firm in receivers.values():
        home = firm.sites.order_by("id").first()
        template = next(r for r in data.RECEIVERS if r.legal_name == firm.legal_name)
        if home is not None:
            plan += [(firm, home, t) for t in template.flows]
    return plan, featured


def _write_flows(plan, rng: random.Random) -> list[Flow]:
    flows: list[Flow] = []
    for firm, site, template in plan:
        values, errors = clean_flow(_data(template, site, rng, rng.choice(data.FIBRES)), firm=firm)
        if errors:
            raise ValueError(f"demo flow {template.description}: {errors}")
        flow = Flow(firm=firm, lat=site.lat, lon=site.lon)
        for name in FIELDS:
            setattr(flow, name, values[name])
        flows.append(flow)
    Flow.objects.bulk_create(flows)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **audit.event_fields(
                None, "create", f, audit.diff({}, audit.snapshot(f, AUDITED)), f.firm_id
            )
        )
        for f in flows
    )
    return flows


def _advance(match: Match, status: str, rng: random.Random, today: date) -> list[Delivery]:
    """Move a suggestion to ``status`` with plausible dates and, when exchanged, quantities of
    the last four quarters (the closed one stopped after two)."""
    now = timezone.now()
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    reached = ORDER.index(status) if status != Status.DECLINED else 1
    match.offer_interest_at = days(400) if reached >= 1 else None
    match.need_interest_at = days(395) if reached >= 2 else None
    match.contact_shared_at = days(395) if reached >= 2 else None
    match.status = status
    if status == Status.DECLINED:
        match.declined_at, match.declined_by = days(20), "need"
        match.decline_reason = data.DECLINE_REASON
    if reached < 3:
        return []
    base = min(match.offer.amount_year or 0, match.need.amount_year or 0)
    agreed = round(base * rng.uniform(0.5, 0.9), 1) or 1.0
    match.agreed_at, match.agreed_quantity = days(380), Decimal(str(agreed))
    match.agreed_unit, match.agreed_period = match.offer.base_unit, "year"
    if reached < 4:
        return []
    match.activated_at = days(370)
    quarters = 2 if status == Status.CLOSED else 4
    offset = 180 if status == Status.CLOSED else 0
    if status == Status.CLOSED:
        match.closed_at = days(offset)
    deliveries = []
    for q in range(quarters):
        end = today - timedelta(days=offset + 91 * (quarters - 1 - q))
        start = end - timedelta(days=90)
        amount = round(agreed / 4 * rng.uniform(0.8, 1.1), 2)
        deliveries.append(
            Delivery(
                match=match,
                period_start=start,
                period_end=end,
                quantity=Decimal(str(amount)),
                unit=match.offer.base_unit,
                amount=amount,
                note="Dato dimostrativo",
            )
        )
    return deliveries


def _exchanges(featured: int, rng: random.Random, today: date) -> tuple[int, int]:
    moved: list[Match] = []
    deliveries: list[Delivery] = []
    for ref, steps in STEPS.items():
        candidates = list(
            Match.objects.filter(need__ref=ref, status=Status.SUGGESTED)
            .exclude(offer__firm_id=featured)
            .select_related("offer", "need")
            .order_by("-score", "id")[: len(steps)]
        )
        for match, status in zip(candidates, steps, strict=False):
            deliveries += _advance(match, status, rng, today)
            moved.append(match)
    for kind in ("energy", "water", "logistics", "equipment"):
        found = (
            Match.objects.filter(offer__kind=kind, status=Status.SUGGESTED)
            .exclude(offer__firm_id=featured)
            .exclude(need__firm_id=featured)
            .select_related("offer", "need")
            .order_by("-score", "id")
            .first()
        )
        if found is not None:
            step = Status.ACTIVE if kind != "equipment" else Status.CONTACT_SHARED
            deliveries += _advance(found, step, rng, today)
            moved.append(found)
    # The featured firm's cuttings: the carding mill already said it is interested.
    interested = (
        Match.objects.filter(offer__firm_id=featured, need__ref="DEMO-CARD-IN")
        .filter(status=Status.SUGGESTED)
        .first()
    )
    if interested is not None:
        interested.status = Status.INTEREST
        interested.need_interest_at = timezone.now() - timedelta(days=2)
        moved.append(interested)
    fields = [
        "status",
        "offer_interest_at",
        "need_interest_at",
        "contact_shared_at",
        "agreed_at",
        "agreed_quantity",
        "agreed_unit",
        "agreed_period",
        "activated_at",
        "closed_at",
        "declined_at",
        "declined_by",
        "decline_reason",
    ]
    Match.objects.bulk_update(moved, fields)
    Delivery.objects.bulk_create(deliveries)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **audit.event_fields(
                None, "update", m, audit.facts(status=m.status, source="demo"), m.offer.firm_id
            )
        )
        for m in moved
    )
    return len(moved), len(deliveries)


@transaction.atomic
def load(district: District, *, seed: int = 1, today: date | None = None) -> dict[str, int]:
    """Receivers, flows, suggestions, exchanges and the district's rules; counts of each."""
    result = {"receivers": 0, "flows": 0, "suggestions": 0, "exchanges": 0, "deliveries": 0}
    result["allocated"] = 0
    if Flow.objects.filter(firm__districts=district).exists():
        return result
    today = today or timezone.localdate()
    rng = random.Random(seed)
    receivers = _receivers()
    plan, featured = _plan(district, receivers, rng)
    flows = _write_flows(plan, rng)
    SymbiosisPolicy.objects.get_or_create(
        district=district,
        defaults={
            "min_circular_inflow": 5,
            "min_circular_outflow": 20,
            "min_grade": "C",
            "min_active_exchanges": 1,
            "transport_kg_co2e_per_tkm": 0.1,
        },
    )
    if featured is not None:
        CircularityProfile.objects.get_or_create(
            firm_id=featured, defaults={"material_inflow_t": 95, "material_outflow_t": 30}
        )
    stats = refresh_all(district)
    exchanges, deliveries = _exchanges(featured or 0, rng, today)
    totals = run_allocation(district)
    result.update(
        receivers=len(receivers),
        flows=len(flows),
        suggestions=stats["suggestions"],
        exchanges=exchanges,
        deliveries=deliveries,
        allocated=totals["picked"],
    )
    return result


@transaction.atomic
def clear(district: District) -> int:
    """Delete the demo's symbiosis data of ``district`` and the receiving firms; returns how
    many flows were deleted."""
    receivers = Firm.objects.filter(vat__in=receiver_vats())
    flows = Flow.objects.filter(firm__districts=district) | Flow.objects.filter(firm__in=receivers)
    _total, deleted = Flow.objects.filter(pk__in=list(flows.values_list("pk", flat=True))).delete()
    receivers.delete()
    events = AuditEvent.objects.filter(
        action="demo_create", object_type="registry.district", changes__has_key="source"
    ).values_list("object_id", "changes")
    made = [int(pk) for pk, changes in events if changes.get("source") == [None, SOURCE]]
    District.objects.filter(pk__in=made, firms__isnull=True).delete()
    SymbiosisPolicy.objects.filter(district=district).delete()
    CircularityProfile.objects.filter(firm__districts=district).delete()
    return deleted.get("symbiosis.Flow", 0)
