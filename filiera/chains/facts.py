"""Bulk reads feeding the chain indicators engine (``filiera.chains.indicators``).

Every function reads with ``values_list`` in a handful of queries, whatever the size of the
chain. What a client learns of a supplier follows the supplier's consent towards that client,
read fresh on every call (the same rule as ``filiera.chains.access.consents_to``): a consent at
the grade level or above shares the qualification facts; anything else leaves the supplier
"not shared".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from filiera.chains.indicators import (
    QUALIFIED,
    ChainGraph,
    ChainIndicators,
    ConsentView,
    Link,
    Origin,
    Place,
    PlaceIndex,
    SupplierFacts,
    indicators_for_brands,
)
from filiera.chains.models import Consent, Level, SupplyRelation
from filiera.qualification.models import Assessment, Evidence
from filiera.registry.models import District, Firm, Site

EXPIRY_HORIZON_DAYS = 90
# Above this many ids a query reads every row and the rest are dropped in Python: cheaper
# than a huge IN list (and within SQLite's limit on query parameters).
IN_LIMIT = 5000
_ProcessThrough = SupplyRelation.processes.through
_FirmDistricts = Firm.districts.through
_DistrictMunicipalities = District.municipalities.through


def _ids(values: Iterable[int] | None) -> list[int] | None:
    return None if values is None else sorted({v for v in values if v is not None})


def _limited(queryset, field: str, ids: list[int] | None):
    if ids is not None and len(ids) <= IN_LIMIT:
        return queryset.filter(**{f"{field}__in": ids})
    return queryset


# Supplier facts ----------------------------------------------------------------------------


def firm_facts(
    firm_ids: Iterable[int] | None, on: date | None = None, horizon_days: int = EXPIRY_HORIZON_DAYS
) -> dict[int, SupplierFacts]:
    """Everything about each firm, shared (no consent applied): two queries. Firms without a
    scored assessment nor expiring evidence are left out (``SupplierFacts(firm, True)``)."""
    on = on or timezone.localdate()
    ids = _ids(firm_ids)
    wanted = None if ids is None else set(ids)
    latest: dict[int, tuple] = {}
    rows = _limited(Assessment.objects.filter(score__isnull=False), "firm_id", ids)
    # A firm's latest scored assessment: the most recent one holding an official score
    # (as ``filiera.qualification.selectors_peers.latest_scored``).
    for firm, overall, grade, qualification in rows.order_by(
        "firm_id", "-created_at", "-id"
    ).values_list("firm_id", "overall", "grade", "qualification"):
        if firm not in latest and (wanted is None or firm in wanted):
            latest[firm] = (overall, grade or "", qualification in QUALIFIED)
    expiring = _expiring(ids, wanted, on + timedelta(days=horizon_days))
    result = {}
    for firm in latest.keys() | expiring.keys():
        overall, grade, qualified = latest.get(firm, (None, "", False))
        result[firm] = SupplierFacts(
            firm=firm,
            shared=True,
            assessed=firm in latest,
            grade=grade,
            overall=overall,
            qualified=qualified,
            expiring_on=expiring.get(firm),
        )
    return result


def _expiring(ids: list[int] | None, wanted: set[int] | None, horizon: date) -> dict[int, date]:
    """The soonest date of each firm's documents expired or expiring by ``horizon``; a document
    already replaced by one of the same kind valid beyond the horizon is left out (the rule of
    ``filiera.qualification.views.assessments_data.expiring_evidence``). One query."""
    rows = (
        _limited(Evidence.objects.all(), "firm_id", ids)
        .values("firm_id", "certificate")
        .annotate(
            soonest=Min("valid_until", filter=Q(valid_until__lte=horizon)),
            lasting=Count("id", filter=Q(valid_until__isnull=True) | Q(valid_until__gt=horizon)),
        )
        .filter(soonest__isnull=False)
        .values_list("firm_id", "certificate", "soonest", "lasting")
    )
    result: dict[int, date] = {}
    for firm, certificate, soonest, lasting in rows:
        if (wanted is not None and firm not in wanted) or (certificate != "other" and lasting):
            continue
        if firm not in result or soonest < result[firm]:
            result[firm] = soonest
    return result


def shared_with(client_id: int, firm_ids: Iterable[int] | None = None) -> set[int]:
    """Suppliers whose consent lets ``client_id`` see at least their grade."""
    ids = _ids(firm_ids)
    rows = _limited(
        Consent.objects.filter(client_id=client_id, level__gte=Level.GRADE), "supplier_id", ids
    ).values_list("supplier_id", flat=True)
    return set(rows) if ids is None else set(rows) & set(ids)


def supplier_facts(
    firm_ids: Iterable[int],
    client_id: int | None = None,
    on: date | None = None,
    horizon_days: int = EXPIRY_HORIZON_DAYS,
) -> dict[int, SupplierFacts]:
    """Facts of every firm in ``firm_ids``. With ``client_id``, only what each firm shares with
    that client (others: ``shared=False``); without, everything (district aggregates only)."""
    ids = _ids(firm_ids) or []
    visible = set(ids) if client_id is None else shared_with(client_id, ids)
    known = firm_facts(visible, on, horizon_days) if visible else {}
    return {
        firm: (known.get(firm) or SupplierFacts(firm, True))
        if firm in visible
        else SupplierFacts(firm, False)
        for firm in ids
    }


# One client's view of facts loaded for everybody (see ``ConsentView``).
SharedFacts = ConsentView


# Places ----------------------------------------------------------------------------------


def _site_has_country() -> bool:
    return any(f.name == "country" for f in Site._meta.get_fields())


def _place_rows(queryset) -> Iterator[tuple[int, Place]]:
    """(firm id, place) of each site; a site abroad has no region (nor, often, municipality)."""
    fields = ["id", "firm_id", "lat", "lon", "municipality_id", "municipality__region"]
    if _site_has_country():  # sites abroad: the country column, when the registry has it
        fields.append("country")
    for row in queryset.values_list(*fields):
        site, firm, lat, lon, municipality, region = row[:6]
        country = (row[6] if len(row) > 6 else "") or "IT"
        if country != "IT":
            region = ""
        yield firm, Place(site, lat, lon, country, region or "", municipality or "")


def places(site_ids: Iterable[int] | None) -> dict[int, Place]:
    """Position, country, region and ISTAT municipality of each site (``None``: every site)."""
    ids = _ids(site_ids)
    if ids == []:
        return {}
    wanted = None if ids is None else set(ids)
    return {
        place.site: place
        for _, place in _place_rows(_limited(Site.objects.all(), "id", ids))
        if wanted is None or place.site in wanted
    }


def origins(firm_ids: Iterable[int]) -> dict[int, Origin]:
    """Each firm's origin: its main (lowest-id) site and the municipalities of its districts.
    Firms without a site are left out. Three queries."""
    ids = _ids(firm_ids) or []
    wanted = set(ids)
    main: dict[int, Place] = {}
    sites = _limited(Site.objects.order_by("firm_id", "id"), "firm_id", ids)
    for firm, place in _place_rows(sites):
        if firm in wanted and firm not in main:
            main[firm] = place
    if not main:
        return {}
    districts: dict[int, set[int]] = {}
    for firm, district in _limited(_FirmDistricts.objects.all(), "firm_id", ids).values_list(
        "firm_id", "district_id"
    ):
        districts.setdefault(firm, set()).add(district)
    municipalities: dict[int, set[str]] = {}
    used = set().union(*districts.values()) if districts else set()
    for district, municipality in _DistrictMunicipalities.objects.filter(
        district_id__in=sorted(used)
    ).values_list("district_id", "municipality_id"):
        municipalities.setdefault(district, set()).add(municipality)
    result = {}
    for firm, place in main.items():
        around = frozenset().union(*(municipalities.get(d, ()) for d in districts.get(firm, ())))
        result[firm] = Origin(place.lat, place.lon, place.country, place.region, around)
    return result


def origin_of(firm: Firm | int) -> Origin | None:
    """The brand's main site (its lowest-id site) and its districts' municipalities."""
    firm_id = firm if isinstance(firm, int) else firm.pk
    return origins([firm_id]).get(firm_id)


# Graph -----------------------------------------------------------------------------------


def _links(relations, on: date | None) -> list[Link]:
    rows = list(relations.values_list("id", "client_id", "supplier_id", "tier", "site_id"))
    if not rows:
        return []
    processes: dict[int, list[str]] = {}
    through = _ProcessThrough.objects.all()
    ids = [row[0] for row in rows]
    if len(ids) <= IN_LIMIT:
        through = through.filter(supplyrelation_id__in=ids)
    else:
        through = through.filter(supplyrelation__in=SupplyRelation.objects.active(on))
    for relation, process in through.values_list("supplyrelation_id", "process_id"):
        processes.setdefault(relation, []).append(process)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per set of processes
    links = []
    for pk, client, supplier, tier, site in rows:
        codes = tuple(sorted(processes.get(pk, ())))
        links.append(Link(client, supplier, tier, shared.setdefault(codes, codes), site))
    return links


def load_graph(on: date | None = None) -> ChainGraph:
    """Every relation in force on ``on`` (today by default), with its processes: two queries."""
    return ChainGraph(_links(SupplyRelation.objects.active(on).order_by("id"), on))


def chain_graph(brand_id: int, on: date | None = None) -> ChainGraph:
    """Only the relations reachable from ``brand_id``, read tier by tier (two queries per
    level of the chain): for one brand's pages, without reading the whole graph."""
    on = on or timezone.localdate()
    seen, frontier, links = {brand_id}, [brand_id], []
    while frontier:
        level = _links(
            SupplyRelation.objects.active(on).filter(client_id__in=frontier).order_by("id"), on
        )
        links.extend(level)
        frontier = sorted({link.supplier for link in level} - seen)
        seen.update(frontier)
    return ChainGraph(links)


# Every brand at once -----------------------------------------------------------------------


def all_brand_indicators(
    on: date | None = None,
    brand_ids: Iterable[int] | None = None,
    horizon_days: int = EXPIRY_HORIZON_DAYS,
    process_weights: Mapping[str, float] | None = None,
    *,
    brands_only: bool = True,
) -> dict[int, ChainIndicators]:
    """Indicators of every brand (firms with the brand role and at least one supplier in force;
    with ``brands_only=False`` every firm with a supplier), or of ``brand_ids``, each seeing
    only what its suppliers share with it. Reads the graph, the consents, the facts of every
    firm reached and the places once."""
    on = on or timezone.localdate()
    graph = load_graph(on)
    if brand_ids is None and not brands_only:
        brands = graph.clients()
    elif brand_ids is None:
        clients = graph.clients()
        roles = _limited(Firm.objects.filter(role=Firm.Role.BRAND), "id", clients)
        brands = sorted(set(roles.values_list("id", flat=True)) & set(clients))
    else:
        brands = _ids(brand_ids) or []
    # What to load: one walk from every brand at once; each brand's own chain is walked just
    # before its indicators are computed (while it is fresh in memory).
    members: set[int] = set()
    sites: set[int] = set()
    for link in graph.reachable_from_any(brands):
        members.add(link.supplier)
        if link.site is not None:
            sites.add(link.site)
    shared: dict[int, set[int]] = {brand: set() for brand in brands}
    consents = _limited(Consent.objects.filter(level__gte=Level.GRADE), "client_id", brands)
    for client, supplier in consents.values_list("client_id", "supplier_id"):
        if client in shared:
            shared[client].add(supplier)
    facts = firm_facts(members, on, horizon_days)
    index = PlaceIndex(places(sites))
    origin = origins(brands)
    return indicators_for_brands(
        brands,
        graph,
        lambda brand: ConsentView(facts, shared[brand]),
        index,
        origin,
        on,
        horizon_days,
        process_weights,
    )
