"""Reads behind a brand's chain pages: the reachable relations, what each supplier shares with
the brand, the indicators and the rows of the supplier table.

Everything is read in a few bulk queries (relations level by level, their processes through the
M2M table, consents, facts, places, names), then joined in Python: no query per supplier. What a
supplier shares is read fresh on every call, so revoking takes effect at the next request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from filiera.chains import facts as chain_facts
from filiera.chains import indicators as engine
from filiera.chains.access import consents_to
from filiera.chains.models import ChainAlert, Consent, Level, SupplyInvitation
from filiera.qualification.models import Assessment, Score
from filiera.registry.models import Firm, Process, Site

STATUS_LABELS = dict(Score.Status.choices)


# Suppliers as the brand sees them ----------------------------------------------------------


@dataclass
class SupplierRow:
    """One supplier of the chain, with only what it shares with the brand."""

    firm_id: int
    tier: int
    processes: tuple[str, ...]
    clients: set[int] = field(default_factory=set)
    site_ids: set[int] = field(default_factory=set)
    name: str = ""  # empty: undisclosed
    level: int = Level.NONE
    profile: bool = False
    sites: bool = False
    assessed: bool = False
    grade: str = ""
    status: str = ""
    evaluated_on: date | None = None
    overall: float | None = None
    areas: dict[str, dict] = field(default_factory=dict)
    expiring_on: date | None = None
    process_labels: list[str] = field(default_factory=list)
    area_cells: list[dict | None] = field(default_factory=list)  # aligned to a table's areas

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    def align_areas(self, codes: list[str]) -> None:
        """Area cells in the order of ``codes`` (empty unless the supplier shares them)."""
        shown = self.areas if self.shows_areas else {}
        self.area_cells = [shown.get(code) for code in codes]

    @property
    def disclosed(self) -> bool:
        return bool(self.name)

    @property
    def shows_grade(self) -> bool:
        return self.level >= Level.GRADE

    @property
    def shows_areas(self) -> bool:
        return self.level >= Level.AREAS

    @property
    def key(self) -> str:
        return f"s{self.firm_id}"


def suppliers_of(links: list[engine.Link]) -> dict[int, SupplierRow]:
    """Each supplier once: its tier is the lowest tier of the links into it, its processes
    those of every link into it (the engine's rule)."""
    rows: dict[int, SupplierRow] = {}
    for firm_id, (tier, processes) in engine.chain_suppliers(links).items():
        rows[firm_id] = SupplierRow(firm_id, tier, tuple(sorted(processes)))
    for link in links:
        row = rows[link.supplier]
        row.clients.add(link.client)
        if link.site is not None:
            row.site_ids.add(link.site)
    return rows


def _apply_consents(rows: dict[int, SupplierRow], consents: dict[int, Consent]) -> None:
    for firm_id, consent in consents.items():
        row = rows.get(firm_id)
        if row is not None:
            row.level, row.profile, row.sites = consent.level, consent.profile, consent.sites


def sharing_with(client_id: int) -> dict[int, tuple[int, bool, bool]]:
    """(level, profile, sites) of every consent given to the client that shares something:
    the rule of ``access.consents_to``, read as plain values (one query, no model objects)."""
    rows = (
        Consent.objects.filter(client_id=client_id)
        .filter(Q(level__gt=Level.NONE) | Q(profile=True) | Q(sites=True))
        .values_list("supplier_id", "level", "profile", "sites")
    )
    return {supplier: (level, profile, sites) for supplier, level, profile, sites in rows}


def _apply_facts(rows: dict[int, SupplierRow], facts: dict) -> None:
    """Copy the consent-filtered facts onto the rows (only for suppliers sharing the grade)."""
    for firm_id, item in facts.items():
        row = rows.get(firm_id)
        if row is None or row.level < Level.GRADE or not item.shared:
            continue
        row.assessed = item.assessed
        row.grade = item.grade or ""
        row.overall = item.overall
        row.expiring_on = item.expiring_on


def with_scores(rows: Iterable[SupplierRow]) -> None:
    """Fill in the status, date and area scores of the rows a page or a file shows (read only
    for those: a dashboard shows one page of the table)."""
    _apply_scores({row.firm_id: row for row in rows})


def _apply_scores(rows: dict[int, SupplierRow]) -> None:
    """Status and date of the latest official score (the latest scored assessment, as
    ``selectors_peers.latest_scored``) of suppliers sharing their grade; the area scores of
    those sharing them. Two queries, whatever the number of suppliers."""
    graded = [r.firm_id for r in rows.values() if r.level >= Level.GRADE]
    if not graded:
        return
    latest: dict[int, int] = {}
    found = (
        Assessment.objects.filter(firm_id__in=graded, score__isnull=False)
        .order_by("firm_id", "-created_at", "-id")
        .values_list("firm_id", "score_id", "score__status", "score__evaluated_on")
    )
    for firm_id, score_id, status, evaluated_on in found:
        if firm_id in latest:
            continue
        latest[firm_id] = score_id
        rows[firm_id].status = status or ""
        rows[firm_id].evaluated_on = evaluated_on
    by_score = {latest[f]: f for f in latest if rows[f].level >= Level.AREAS}
    if not by_score:
        return
    for score_id, areas in Score.objects.filter(pk__in=list(by_score)).values_list(
        "id", "result__areas"
    ):
        rows[by_score[score_id]].areas = {
            code: {"score": area.get("score"), "grade": area.get("grade", "")}
            for code, area in (areas or {}).items()
        }


# The whole chain ---------------------------------------------------------------------------


@dataclass
class Chain:
    brand: Firm
    on: date
    links: list[engine.Link]
    suppliers: dict[int, SupplierRow]
    indicators: engine.ChainIndicators
    process_names: dict[str, str]

    @property
    def processes(self) -> list[tuple[str, str]]:
        codes = {code for row in self.suppliers.values() for code in row.processes}
        return sorted(((c, self.process_names.get(c, c)) for c in codes), key=lambda p: p[1])

    def filtered(self, *, process: str = "", tier: int | None = None, q: str = "") -> list:
        needle = q.casefold()
        rows = [
            row
            for row in self.suppliers.values()
            if (not process or process in row.processes)
            and (tier is None or row.tier == tier)
            and (not needle or needle in row.name.casefold())
        ]
        # Named suppliers first by name, undisclosed ones after, each group by tier.
        return sorted(rows, key=lambda r: (r.tier, not r.disclosed, r.name.casefold(), r.firm_id))


def process_names(codes: Iterable[str]) -> dict[str, str]:
    return {p.code: p.name for p in Process.objects.filter(code__in=set(codes))}


def load_chain(brand: Firm, on: date | None = None) -> Chain:
    """The brand's chain as the brand sees it today: a few queries per tier, then Python."""
    on = on or timezone.localdate()
    graph = chain_facts.chain_graph(brand.pk, on)
    links = graph.reachable(brand.pk)
    rows = suppliers_of(links)
    shared = {k: v for k, v in sharing_with(brand.pk).items() if k in rows}
    for firm_id, (level, profile, sites) in shared.items():
        row = rows[firm_id]
        row.level, row.profile, row.sites = level, profile, sites
    named = Firm.objects.filter(pk__in=list(shared)).values_list("id", "legal_name")
    for firm_id, name in named:
        rows[firm_id].name = name
    facts = chain_facts.supplier_facts(list(rows), client_id=brand.pk, on=on)
    _apply_facts(rows, facts)
    places = chain_facts.places({link.site for link in links if link.site is not None})
    origin = chain_facts.origin_of(brand)
    result = engine.indicators(brand.pk, graph, facts, places, origin, on)
    names = process_names({code for link in links for code in link.processes})
    for row in rows.values():
        row.process_labels = [names.get(code, code) for code in row.processes]
    return Chain(brand, on, links, rows, result, names)


# Around the chain --------------------------------------------------------------------------


def pending_invitations(brand: Firm) -> int:
    return SupplyInvitation.objects.filter(
        client=brand, status=SupplyInvitation.Status.PENDING
    ).count()


def visible_alerts(brand: Firm, *, unread_only: bool = False):
    """The brand's alerts about suppliers that still share at least their grade (read fresh),
    plus alerts about no supplier in particular."""
    sharing = Consent.objects.filter(client=brand, level__gte=Level.GRADE).values("supplier_id")
    alerts = ChainAlert.objects.filter(client=brand).filter(
        Q(supplier_id__in=sharing) | Q(supplier__isnull=True)
    )
    if unread_only:
        alerts = alerts.filter(read_at__isnull=True)
    return alerts.select_related("supplier").order_by("-created_at", "-id")


def map_points(rows: Iterable[SupplierRow]) -> list[dict]:
    """Sites doing the chain's work, only of suppliers that share their sites (with names)."""
    by_site: dict[int, SupplierRow] = {}
    for row in rows:
        if row.sites and row.disclosed:
            for site_id in row.site_ids:
                by_site[site_id] = row
    if not by_site:
        return []
    points = []
    for site_id, name, lat, lon, town in Site.objects.filter(pk__in=list(by_site)).values_list(
        "id", "name", "lat", "lon", "municipality__name"
    ):
        row = by_site[site_id]
        points.append(
            {
                "lat": lat,
                "lon": lon,
                "site": f"{name} · {town}" if town else name,
                "supplier": row.name,
                "grade": row.grade if row.shows_grade else "",
                "supplier_id": row.firm_id,
            }
        )
    return sorted(points, key=lambda p: (p["supplier"], p["site"]))


def supplier_in_chain(brand: Firm, supplier_id: int, on: date | None = None) -> SupplierRow | None:
    """The supplier as it sits in the brand's chain (tier, processes, sites of the links), with
    the consent applied; None when it is not in the chain or shares nothing with the brand."""
    on = on or timezone.localdate()
    links = chain_facts.chain_graph(brand.pk, on).reachable(brand.pk)
    row = suppliers_of(links).get(supplier_id)
    if row is None:
        return None
    consent = consents_to(brand.pk, [supplier_id]).get(supplier_id)
    if consent is None:
        return None
    _apply_consents({supplier_id: row}, {supplier_id: consent})
    names = process_names(row.processes)
    row.process_labels = [names.get(code, code) for code in row.processes]
    return row
