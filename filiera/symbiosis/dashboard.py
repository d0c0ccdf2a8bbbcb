"""Reads of the district symbiosis dashboard besides the figures: flows between sectors (the
Sankey), realised exchanges on the map, the allocation's picks and the eligibility table.

Each read is one or two queries whatever the size of the district; lists a person scrolls
(map, picks) are cut to their largest rows, the eligibility table is paged. District staff see
firms' names here: they facilitate exchanges (see ``filiera.symbiosis.access``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from filiera.registry.models import District, Firm
from filiera.registry.models.firm import FirmActivity
from filiera.registry.reference import ateco_divisions
from filiera.symbiosis.engine import indicators as engine
from filiera.symbiosis.indicator_labels import number
from filiera.symbiosis.indicators import Circularity, district_firm_ids, realised
from filiera.symbiosis.models import Match
from filiera.symbiosis.sankey import Band

# Matches the allocation leaves out: an amount left on them is from an earlier run.
LEFT_OUT = (Match.Status.DECLINED, Match.Status.CLOSED)
MAP_LIMIT = 300
PICKS_LIMIT = 50
BASES = ("realised", "allocated")


def _district(data: Circularity) -> District:
    if data.district is None:
        raise ValueError("district figures expected")
    return data.district


# Sectors and the Sankey ----------------------------------------------------------------------


def sectors(
    firm_ids: Iterable[int], members=None, member_ids: Iterable[int] = ()
) -> tuple[dict[int, str], dict[str, str]]:
    """Each firm's sector key (ATECO division of its main activity, else its role in the
    chain) and the label of every key. ``members`` (a subquery of the ids ``member_ids``)
    holds most of ``firm_ids``: they are read through it, the others by id, so the SQL stays
    short however many firms there are."""
    ids = set(firm_ids)
    if not ids:
        return {}, {}
    division_names = dict(ateco_divisions())
    of: dict[int, str] = {}
    if members is None:
        wanted = Q(firm_id__in=sorted(ids))
    else:
        outside = ids - set(member_ids)
        wanted = Q(firm_id__in=members) | Q(firm_id__in=sorted(outside))
    rows = FirmActivity.objects.filter(wanted).order_by("firm_id", "-is_primary", "code")
    for firm_id, code in rows.values_list("firm_id", "code"):
        if firm_id in ids:
            of.setdefault(firm_id, f"ateco:{code[:2]}")
    missing = sorted(ids - set(of))
    for firm_id, role in Firm.objects.filter(id__in=missing).values_list("id", "role"):
        of.setdefault(firm_id, f"role:{role}")
    labels = {}
    roles = dict(Firm.Role.choices)
    for key in set(of.values()):
        kind, code = key.split(":", 1)
        if kind == "ateco":
            labels[key] = f"{code} {division_names.get(code, '')}".strip()
        else:
            labels[key] = str(roles.get(code, code)).capitalize()
    return of, labels


@dataclass(frozen=True)
class SectorRow:
    source: str
    target: str
    tonnes: float
    pairs: int


def sankey_bands(data: Circularity, basis: str = "realised") -> tuple[list[Band], dict, list]:
    """Tonnes between sectors, sent by district firms: realised in the last 12 months, or what
    the district allocation picked (t/year). Returns the bands, the labels and table rows."""
    members = set(data.inputs)
    pairs: dict[tuple[int, int], tuple[float, int]] = {}
    if basis == "allocated":
        rows = (
            Match.objects.filter(
                allocated_amount__gt=0, offer__firm_id__in=district_firm_ids(_district(data))
            )
            .exclude(status__in=LEFT_OUT)
            .values_list("offer__firm_id", "need__firm_id")
            .annotate(t=Sum("allocated_amount"), n=Count("id"))
        )
        pairs = {(o, n): (float(t or 0), count) for o, n, t, count in rows}
    else:
        for e in data.exchanges:
            if e.offer_firm in members and engine.is_material(e):
                t, count = pairs.get((e.offer_firm, e.need_firm), (0.0, 0))
                pairs[(e.offer_firm, e.need_firm)] = (t + e.amount, count + 1)
    involved = {f for pair in pairs for f in pair}
    of, labels = sectors(involved, district_firm_ids(_district(data)), members)
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for (offer_firm, need_firm), (t, _matches) in pairs.items():
        total = totals[(of[offer_firm], of[need_firm])]
        total[0] += t
        total[1] += 1  # one more pair of firms
    bands = [Band(s, t, v[0]) for (s, t), v in sorted(totals.items(), key=lambda i: -i[1][0])]
    table = [
        SectorRow(labels[s], labels[t], round(v[0], 3), int(v[1]))
        for (s, t), v in sorted(totals.items(), key=lambda i: -i[1][0])
    ]
    return bands, labels, table


# Map -----------------------------------------------------------------------------------------

MAP_FIELDS = (
    "match_id",
    "match__offer__lat",
    "match__offer__lon",
    "match__need__lat",
    "match__need__lon",
    "match__offer__firm__legal_name",
    "match__need__firm__legal_name",
    "match__offer__kind",
    "match__offer__ewc",
    "match__offer__description",
    "match__offer__base_unit",
    "match__distance_km",
)


@dataclass(frozen=True)
class MapRow:
    match_id: int
    source: tuple[float, float]
    target: tuple[float, float]
    sender: str
    receiver: str
    kind: str
    ewc: str
    description: str
    unit: str
    distance_km: float
    amount: float

    @property
    def display_ewc(self) -> str:
        code = self.ewc
        return f"{code[:2]} {code[2:4]} {code[4:]}" if len(code) == 6 else code

    @property
    def amount_text(self) -> str:
        return f"{number(self.amount, 1)} {self.unit}".strip()

    def point(self) -> dict:
        return {
            "from": list(self.source),
            "to": list(self.target),
            "label": f"{self.sender} → {self.receiver}",
            "amount": round(self.amount, 3),
            "unit": self.unit,
        }


def map_rows(data: Circularity, district) -> tuple[list[MapRow], int]:
    """The largest realised exchanges involving the district's firms, and how many there are."""
    queryset = realised(district_firm_ids(district), data.since)
    rows = [
        MapRow(m, (olat, olon), (nlat, nlon), sender, receiver, kind, ewc, desc, unit, km, total)
        for (m, olat, olon, nlat, nlon, sender, receiver, kind, ewc, desc, unit, km, total)
        in queryset.values_list(*MAP_FIELDS, "total").order_by("-total", "match_id")[:MAP_LIMIT]
    ]  # fmt: skip
    return rows, len(data.exchanges)


# Allocation picks ----------------------------------------------------------------------------


def picks(district) -> QuerySet[Match]:
    members = district_firm_ids(district)
    return (
        Match.objects.filter(allocated_amount__gt=0)
        .exclude(status__in=LEFT_OUT)
        .filter(Q(offer__firm_id__in=members) | Q(need__firm_id__in=members))
    )


def pick_totals(district) -> tuple[int, float]:
    """How many suggestions the allocation picked and the tonnes per year it gives them."""
    totals = picks(district).aggregate(n=Count("id"), t=Sum("allocated_amount"))
    return totals["n"] or 0, float(totals["t"] or 0)


def pick_summary(district) -> tuple[list[Match], int, float]:
    """The largest picks (with both firms loaded) and the totals."""
    top = list(
        picks(district)
        .select_related("offer__firm", "need__firm")
        .order_by("-allocated_amount", "id")[:PICKS_LIMIT]
    )
    return top, *pick_totals(district)


# Eligibility ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityRow:
    firm_id: int
    name: str
    eligible: bool
    reasons: list[engine.Reason]


def eligibility_rows(data: Circularity, only: str = "") -> tuple[list[EligibilityRow], int]:
    """Every firm of the district with its outcome, by name (``only``: "yes" or "no"), and
    how many are eligible in all."""
    names = Firm.objects.filter(id__in=district_firm_ids(_district(data))).order_by(
        "legal_name", "id"
    )
    rows, eligible = [], 0
    for firm_id, name in names.values_list("id", "legal_name"):
        ok, reasons = data.eligibility(firm_id)
        eligible += ok
        if only == "" or (only == "yes") == ok:
            rows.append(EligibilityRow(firm_id, name, ok, reasons))
    return rows, eligible
