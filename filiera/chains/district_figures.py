"""Supply-chain figures of a district, for its staff (the district supply-chain page and the
district dashboard): aggregates only.

Figures cover the supply relations in force today that involve at least one firm of the
district. No figure names a firm or shows one firm's values: every count below MIN_COHORT
shows as "<5", and every share or average computed over fewer than MIN_COHORT firms is hidden
(``benchmarks.suppress``). Qualification facts are read for every firm (no consent applies),
which is allowed for these aggregates only.

- **Suppliers in chains**: district firms that supply someone in a relation in force, each
  counted once, at the lowest tier of its relations.
- **Qualified**: the firm's latest scored assessment is qualified, or qualified with a plan.
- **Traceability coverage** and **short supply chain** come from each district brand's chain
  indicators (``facts.all_brand_indicators``), averaged over the brands that have a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.chains import facts
from filiera.chains.indicators import GRADES, SHARE_KEYS, TIERS
from filiera.chains.models import SupplyRelation
from filiera.qualification.benchmarks import MIN_COHORT, SUPPRESSED, suppress
from filiera.registry.models import District, Firm

SHARE_LABELS = {
    "district": gettext_lazy("Work done within the district"),
    "region": gettext_lazy("Work done within the region"),
    "italy": gettext_lazy("Work done in Italy"),
    "eu": gettext_lazy("Work done in the European Union"),
    "outside_eu": gettext_lazy("Work done outside the European Union"),
}


@dataclass(frozen=True)
class Figure:
    """One line of the table: ``value`` is a number, or "<5" when hidden."""

    key: str
    label: str
    value: int | float | str
    unit: str = ""  # "%" for shares

    @property
    def hidden(self) -> bool:
        return self.value == SUPPRESSED


def _count(key: str, label: str, n: int) -> Figure:
    return Figure(key, label, suppress(n))


def _share(key: str, label: str, part: int, cohort: int) -> Figure:
    value = round(100 * part / cohort, 1) if cohort >= MIN_COHORT else SUPPRESSED
    return Figure(key, label, value, "%")


def _average(key: str, label: str, values: list[float | None], scale: float = 100) -> Figure:
    known = [v for v in values if v is not None]
    if len(known) < MIN_COHORT:
        return Figure(key, label, SUPPRESSED, "%" if scale == 100 else "")
    return Figure(
        key, label, round(scale * sum(known) / len(known), 1), "%" if scale == 100 else ""
    )


def district_sections(district: District, on: date | None = None) -> list[tuple[str, list]]:
    """The page's tables, as (title, figures) pairs, the same for the page and the CSV."""
    on = on or timezone.localdate()
    members = set(Firm.objects.filter(districts=district).values_list("id", flat=True))
    rows = list(
        SupplyRelation.objects.active(on)
        .filter(Q(client_id__in=members) | Q(supplier_id__in=members))
        .values_list("client_id", "supplier_id", "tier")
    )
    involved = {f for c, s, _t in rows for f in (c, s) if f in members}
    tier_of: dict[int, int] = {}
    for _client, supplier, tier in rows:
        if supplier in members:
            tier_of[supplier] = min(tier, tier_of.get(supplier, tier))
    brands = sorted(
        Firm.objects.filter(
            pk__in={c for c, _s, _t in rows if c in members}, role=Firm.Role.BRAND
        ).values_list("id", flat=True)
    )
    known = facts.firm_facts(tier_of, on)
    qualified = {f for f in tier_of if f in known and known[f].qualified}
    overview = [
        Figure(
            "relations",
            _("Supply relations involving district firms"),
            len(rows) if len(involved) >= MIN_COHORT else SUPPRESSED,
        ),
        _count("firms_in_chains", _("District firms in supply chains"), len(involved)),
        _count("brands_with_chains", _("District brands with a supply chain"), len(brands)),
        _count("suppliers", _("District suppliers in supply chains"), len(tier_of)),
        _share("qualified", _("Suppliers qualified"), len(qualified), len(tier_of)),
    ]
    by_tier = []
    for tier in TIERS:
        ids = [f for f, t in tier_of.items() if t == tier]
        by_tier.append(
            _count(f"suppliers_tier_{tier}", _("Tier %(n)s: suppliers") % {"n": tier}, len(ids))
        )
        by_tier.append(
            _share(
                f"qualified_tier_{tier}",
                _("Tier %(n)s: qualified") % {"n": tier},
                sum(1 for f in ids if f in qualified),
                len(ids),
            )
        )
    grades = [
        _count(
            f"grade_{g}",
            _("Grade %(grade)s") % {"grade": g},
            sum(1 for f in tier_of if f in known and known[f].assessed and known[f].grade == g),
        )
        for g in GRADES
    ]
    grades.append(
        _count(
            "not_assessed",
            _("Not assessed"),
            sum(1 for f in tier_of if not (f in known and known[f].assessed)),
        )
    )
    return [
        (_("Overview"), overview),
        (_("Suppliers by tier"), by_tier),
        (_("Grades of the suppliers in supply chains"), grades),
        (_("Brands' chains (averages over the district's brands)"), brand_averages(brands, on)),
    ]


def brand_averages(brands: list[int], on: date) -> list[Figure]:
    results = facts.all_brand_indicators(on, brand_ids=brands).values() if brands else []
    results = list(results)
    chains = [r.short_chain for r in results]
    figures = [
        _average(
            "traceability",
            _("Traceability coverage (steps with a known site)"),
            [r.traceability.share for r in results],
        ),
        _average(
            "short_chain_index",
            _("Short supply chain index (100 = all work at the brand's door)"),
            [c.index for c in chains],
            scale=1,
        ),
    ]
    for key in SHARE_KEYS:
        figures.append(
            _average(
                f"share_{key}",
                str(SHARE_LABELS[key]),
                [c.shares[key] if c.shares else None for c in chains],
            )
        )
    return figures
