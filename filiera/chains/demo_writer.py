"""Writes the demo supply chains (``filiera.chains.demo``) in bulk: the firms outside the district
with their sites, the relations with their processes, the sharing consents and open requests,
pending invitations and a few alerts. Used by ``filiera demo`` after the qualification data.

The firms created outside the district carry ``source: demo`` in their creation audit event;
``clear`` deletes them (``filiera demo --reset``), the district's own firms are the command's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from filiera.chains import demo
from filiera.chains.models import ChainAlert, Consent, Level, SupplyInvitation, SupplyRelation
from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.qualification.models import Assessment, Evidence, Score
from filiera.qualification.selectors import current_version
from filiera.registry import services
from filiera.registry.models import District, FacilityId, Firm, FirmActivity, FirmMembership, Site
from filiera.registry.models.firm import size_class_for

SOURCE = "demo"
EXPIRY_DAYS = (30, 90)  # an alert for a document ending within 30 days, else within 90
EXPIRED_LOOKBACK_DAYS = 90
Kind = ChainAlert.Kind


def sites_abroad() -> bool:
    """Whether the registry places sites abroad (a site country); without it, firms abroad are
    written without a site and their links without a known site."""
    return any(f.name == "country" for f in Site._meta.get_fields())


def clear() -> int:
    """Delete the firms outside any district that an earlier demo run created."""
    events = AuditEvent.objects.filter(
        action="create", object_type="registry.firm", changes__has_key="source"
    ).values_list("object_id", "changes")
    ids = [int(pk) for pk, changes in events if changes.get("source") == [None, SOURCE]]
    firms = Firm.objects.filter(pk__in=ids, districts__isnull=True)
    count = firms.count()
    if count:
        firms.delete()
    return count


@transaction.atomic
def write(district: District, *, seed: int = 1, today: date | None = None) -> dict[str, int]:
    """Plan and write the chains of the district's brands; returns what was written."""
    today = today or timezone.localdate()
    clear()
    rows = list(
        Firm.objects.filter(districts=district).order_by("id").values_list("id", "vat", "role")
    )
    ids = {vat: pk for pk, vat, _role in rows}
    main_site: dict[int, int] = {}
    for site_id, firm_id in (
        Site.objects.filter(firm_id__in=ids.values()).order_by("id").values_list("id", "firm_id")
    ):
        main_site.setdefault(firm_id, site_id)
    processes: dict[int, list[str]] = defaultdict(list)
    for site_id, code in Site.processes.through.objects.filter(
        site_id__in=main_site.values()
    ).values_list("site_id", "process_id"):
        processes[site_id].append(code)
    members = [
        demo.Member(vat, role, tuple(sorted(processes[main_site.get(pk, 0)])))
        for pk, vat, role in rows
    ]
    logins: dict[str, tuple[str, object]] = {}
    for membership in (
        FirmMembership.objects.filter(
            user__username__in=("brand", "subcontractor"), firm__districts=district
        )
        .select_related("user", "firm")
        .order_by("firm_id")
    ):
        logins.setdefault(membership.user.username, (membership.firm.vat, membership.user))
    plan = demo.plan(
        members,
        seed,
        lead=logins.get("brand", ("", None))[0],
        subcontractor=logins.get("subcontractor", ("", None))[0],
        avoid_vats=set(Firm.objects.values_list("vat", flat=True)),
    )
    sites = {vat: main_site[pk] for vat, pk in ids.items() if pk in main_site}
    outside = _firms(plan.firms, ids, sites)
    # Firm objects for the audit events' descriptions, read once.
    firms = Firm.objects.only("legal_name").in_bulk(list(ids.values()))
    relations = _relations(plan.links, ids, sites, today, firms)
    consents = _consents(plan.shares, ids, firms)
    brand_user = logins.get("brand", ("", None))[1]
    invitations = _invitations(plan.invitations, ids, brand_user, plan.brands[:1], firms)
    alerts = _alerts(plan, ids, relations, district, today)
    return {
        "brands": len(plan.brands),
        "firms": outside,
        "relations": len(relations),
        "consents": consents,
        "invitations": invitations,
        "alerts": alerts,
    }


def _firms(records, ids: dict[str, int], sites: dict[str, int]) -> int:
    abroad = sites_abroad()
    firms = [
        Firm(
            legal_name=r.legal_name,
            vat=r.key,
            country=r.country,
            legal_form=r.legal_form,
            role=r.role,
            employees=r.employees,
            turnover_eur=Decimal(r.turnover_eur),
            size_class=size_class_for(r.employees, r.turnover_eur),
            description_it=r.description_it,
            description_en=r.description_en,
            email=r.email,
            website=r.website,
        )
        for r in records
    ]
    Firm.objects.bulk_create(firms)
    FirmActivity.objects.bulk_create(
        FirmActivity(firm=firm, code=r.ateco, is_primary=True)
        for firm, r in zip(firms, records, strict=True)
    )
    placed = [
        (f, r.site) for f, r in zip(firms, records, strict=True) if abroad or r.site.country == "IT"
    ]
    codes = services.issue_facility_ids(len(placed))
    new_sites = []
    for (firm, s), code in zip(placed, codes, strict=True):
        fields = {"country": s.country} if abroad else {}
        new_sites.append(
            Site(
                firm=firm,
                name=s.name,
                address=s.address,
                municipality_id=s.municipality or None,
                lat=s.lat,
                lon=s.lon,
                pinned=True,
                workers=s.workers,
                facility_id=code,
                **fields,
            )
        )
    Site.objects.bulk_create(new_sites)
    FacilityId.objects.bulk_create(FacilityId(code=s.facility_id, site=s) for s in new_sites)
    Site.processes.through.objects.bulk_create(
        Site.processes.through(site_id=site.pk, process_id=code)
        for site, (_f, s) in zip(new_sites, placed, strict=True)
        for code in s.processes
    )
    events = []
    for firm, r in zip(firms, records, strict=True):
        ids[r.key] = firm.pk
        after = audit.snapshot(firm, services.FIRM_FIELDS) | {"ateco": [r.ateco], "source": SOURCE}
        events.append(audit.event_fields(None, "create", firm, audit.diff({}, after), firm.pk))
    for site in new_sites:
        sites[site.firm.vat] = site.pk
        after = audit.snapshot(site, services.SITE_FIELDS)
        events.append(audit.event_fields(None, "create", site, audit.diff({}, after), site.firm_id))
    AuditEvent.objects.bulk_create(AuditEvent(**fields) for fields in events)
    return len(firms)


def _relations(links, ids, sites, today: date, firms) -> list[SupplyRelation]:
    relations = [
        SupplyRelation(
            client=firms[ids[link.client]],
            supplier=firms[ids[link.supplier]],
            site_id=sites.get(link.supplier) if link.site_known else None,
            tier=link.tier,
            since=today - timedelta(days=link.since_days),
            until=today - timedelta(days=link.ended_days) if link.ended_days else None,
        )
        for link in links
    ]
    SupplyRelation.objects.bulk_create(relations)
    Through = SupplyRelation.processes.through
    Through.objects.bulk_create(
        Through(supplyrelation_id=relation.pk, process_id=code)
        for relation, link in zip(relations, links, strict=True)
        for code in link.processes
    )
    events = []
    for relation, link in zip(relations, links, strict=True):
        changes = audit.facts(tier=link.tier, processes=list(link.processes))
        for firm_id in (relation.client_id, relation.supplier_id):
            events.append(audit.event_fields(None, "create", relation, changes, firm_id))
    AuditEvent.objects.bulk_create(AuditEvent(**fields) for fields in events)
    return relations


def _consents(shares, ids, firms) -> int:
    now = timezone.now()
    consents = []
    for s in shares:
        asked = s.requested_level is not None
        consents.append(
            Consent(
                supplier=firms[ids[s.supplier]],
                client=firms[ids[s.client]],
                level=s.level,
                profile=s.profile,
                sites=s.sites,
                requested_level=s.requested_level,
                requested_profile=s.requested_profile,
                requested_sites=s.requested_sites,
                request_message=s.message,
                requested_at=now - timedelta(days=4) if asked else None,
                request_declined_at=now - timedelta(days=1) if s.declined else None,
                revoked_at=now - timedelta(days=12) if s.revoked else None,
            )
        )
    Consent.objects.bulk_create(consents)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **audit.event_fields(
                None,
                "change_sharing",
                c,
                audit.facts(level=c.level, profile=c.profile, sites=c.sites),
                c.supplier_id,
            )
        )
        for c in consents
    )
    return len(consents)


def _invitations(plans, ids, brand_user, lead, firms) -> int:
    invitations = [
        SupplyInvitation(
            client=firms[ids[i.client]],
            supplier=firms[ids[i.supplier]] if i.supplier else None,
            vat=i.vat,
            email=i.email,
            name=i.name,
            tier=i.tier,
            message=i.message,
            requested_level=i.requested_level,
            requested_profile=i.requested_profile,
            requested_sites=i.requested_sites,
            created_by=brand_user if i.client in lead else None,
        )
        for i in plans
    ]
    SupplyInvitation.objects.bulk_create(invitations)
    Through = SupplyInvitation.processes.through
    Through.objects.bulk_create(
        Through(supplyinvitation_id=invitation.pk, process_id=code)
        for invitation, i in zip(invitations, plans, strict=True)
        for code in i.processes
    )
    events = [
        audit.event_fields(
            brand_user if i.client in lead else None,
            "invite_supplier",
            invitation,
            audit.facts(tier=i.tier, vat=i.vat, email=i.email, name=i.name),
            firm_id,
        )
        for invitation, i in zip(invitations, plans, strict=True)
        for firm_id in {invitation.client_id, invitation.supplier_id} - {None}
    ]
    AuditEvent.objects.bulk_create(AuditEvent(**fields) for fields in events)
    return len(invitations)


# Alerts ------------------------------------------------------------------------------------


def _alerts(plan, ids, relations, district, today: date) -> int:
    """One alert of each kind the plan wants, about a direct supplier that shares at least its
    grade with the client, found in the data (keys as ``filiera.chains.services.alerts``)."""
    wanted = [(ids[client], kind) for client, kind in plan.alerts]
    shared = {(ids[s.client], ids[s.supplier]) for s in plan.shares if s.level >= Level.GRADE}
    names = dict(Firm.objects.filter(pk__in=ids.values()).values_list("pk", "legal_name"))
    processes = defaultdict(list)
    for link, relation in zip(plan.links, relations, strict=True):
        processes[relation.pk] = sorted(link.processes)
    alerts = []
    for client_id, kind in wanted:
        direct = [
            r
            for r in relations
            if r.client_id == client_id
            and (client_id, r.supplier_id) in shared
            and (r.until is None or r.until >= today)
        ]
        find = {
            "not_assessed": _not_assessed,
            "evidence_expiring": _expiring,
            "grade_drop": _grade_drop,
        }[str(kind)]
        alert = find(client_id, direct, names, processes, district, today)
        if alert is not None:
            alerts.append(alert)
    ChainAlert.objects.bulk_create(alerts)
    return len(alerts)


def _not_assessed(client_id, direct, names, processes, district, today):
    assessed = set(
        Assessment.objects.filter(
            firm_id__in=[r.supplier_id for r in direct], score__isnull=False
        ).values_list("firm_id", flat=True)
    )
    for r in direct:
        if r.supplier_id not in assessed:
            detail = {"tier": r.tier, "processes": processes[r.pk], "relation": r.pk}
            return ChainAlert(
                client_id=client_id,
                supplier_id=r.supplier_id,
                kind=Kind.NOT_ASSESSED,
                key=f"unassessed:{r.pk}",
                detail=detail | {"supplier": names.get(r.supplier_id, "")},
            )
    return None


def _expiring(client_id, direct, names, processes, district, today):
    suppliers = [r.supplier_id for r in direct]
    for days in EXPIRY_DAYS:
        horizon = today + timedelta(days=days)
        renewed = set(
            Evidence.objects.filter(firm_id__in=suppliers, valid_until__gt=horizon)
            .exclude(certificate="other")
            .values_list("firm_id", "certificate")
        )
        documents = Evidence.objects.filter(
            firm_id__in=suppliers,
            valid_until__lte=horizon,
            valid_until__gte=today - timedelta(days=EXPIRED_LOOKBACK_DAYS),
        ).order_by("valid_until", "pk")
        for e in documents:
            if (e.firm_id, e.certificate) in renewed:
                continue
            return ChainAlert(
                client_id=client_id,
                supplier_id=e.firm_id,
                kind=Kind.EVIDENCE_EXPIRING,
                key=f"evidence:{e.pk}:{e.valid_until.isoformat()}",
                detail={
                    "supplier": names.get(e.firm_id, ""),
                    "evidence": e.pk,
                    "certificate": e.certificate,
                    "document": _document(district, e),
                    "valid_until": e.valid_until.isoformat(),
                    "expired": e.valid_until < today,
                },
            )
    return None


def _document(district, evidence: Evidence) -> str:
    version = current_version(district)
    found = version.parsed().certificate(evidence.certificate) if version else None
    if evidence.certificate == "other" or found is None:
        return evidence.title or evidence.certificate
    return found.name.get(settings.LANGUAGE_CODE)


def _grade_drop(client_id, direct, names, processes, district, today):
    grades: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, firm_id, grade in (
        Score.objects.filter(
            assessment__firm_id__in=[r.supplier_id for r in direct], kind=Score.Kind.OFFICIAL
        )
        .exclude(grade="")
        .order_by("pk")
        .values_list("pk", "assessment__firm_id", "grade")
    ):
        grades[firm_id].append((pk, grade))
    for r in direct:
        history = grades.get(r.supplier_id, [])
        if len(history) >= 2 and history[-1][1] > history[-2][1]:
            (_old_pk, old), (pk, new) = history[-2], history[-1]
            return ChainAlert(
                client_id=client_id,
                supplier_id=r.supplier_id,
                kind=Kind.GRADE_DROP,
                key=f"grade:{pk}",
                detail={
                    "supplier": names.get(r.supplier_id, ""),
                    "old": old,
                    "new": new,
                    "score": pk,
                },
            )
    return None
