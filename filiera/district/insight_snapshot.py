"""The district-wide figures kept in ``DistrictSnapshot.figures`` at each refresh.

Besides the names the dashboard needs (qualification areas, kinds of certificate) it holds the
supply-chain figures of ``filiera.chains.district_figures.district_sections`` (the same function
as the district's supply-chain page, so both always agree) and the circularity figures of
``filiera.symbiosis.indicators.for_district``; each only when the district has such data.
Labels are stored in both languages, so that the page shows its own language without
computing anything again. The figures are not filtered: they cover the whole district.

Shape::

    {"on": "2026-11-22", "firms": 812,
     "areas": [{"code": "environment", "name": {"it": …, "en": …}}, …],
     "kinds": {"durc": {"it": …, "en": …}, …},
     "chains": [{"title": {"it", "en"}, "figures": [{"key", "label": {"it", "en"}, "value",
                 "unit"}, …]}, …],
     "symbiosis": [{"key", "label": {"it", "en"}, "value", "unit"}, …]}
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import translation

from filiera.district.insight_engine import MIN_COHORT, SUPPRESSED, hide
from filiera.qualification.selectors import current_version
from filiera.registry.models import District, Firm

LANGS = ("it", "en")
# The circularity figures shown, in this order (keys of ``indicator_labels.district_figures``).
SYMBIOSIS_KEYS = (
    "cmu",
    "diverted_t",
    "co2e_avoided_t",
    "links_per_firm",
    "links",
    "exchanges",
    "firms_with_flows",
    "outputs_matched",
)
SYMBIOSIS_COUNTS = ("links", "exchanges", "firms_with_flows")


def bilingual(build: Callable[[], Any]) -> dict[str, Any]:
    """``build()`` run once in each language of the platform."""
    result = {}
    for lang in LANGS:
        with translation.override(lang):
            result[lang] = build()
    return result


def _names(district: District) -> tuple[list[dict], dict[str, dict]]:
    version = current_version(district)
    if version is None:
        return [], {}
    definition = version.parsed()
    areas = [
        {"code": a.code, "name": {lang: a.name.get(lang) for lang in LANGS}}
        for a in definition.areas
    ]
    kinds = {c.code: {lang: c.name.get(lang) for lang in LANGS} for c in definition.certificates}
    return areas, kinds


def chain_figures(district: District, on: date) -> list[dict]:
    """The district's supply-chain tables, or [] when no relation in force involves its firms."""
    from filiera.chains.district_figures import district_sections
    from filiera.chains.models import SupplyRelation

    members = Firm.districts.through.objects.filter(district=district).values("firm_id")
    involved = SupplyRelation.objects.active(on).filter(
        Q(client_id__in=members) | Q(supplier_id__in=members)
    )
    if not involved.exists():
        return []
    sections = bilingual(lambda: district_sections(district, on))
    tables = []
    for index, (title, figures) in enumerate(sections["it"]):
        english_title, english = sections["en"][index]
        tables.append(
            {
                "title": {"it": str(title), "en": str(english_title)},
                "figures": [
                    {
                        "key": figure.key,
                        "label": {"it": str(figure.label), "en": str(english[i].label)},
                        "value": figure.value,
                        "unit": figure.unit,
                    }
                    for i, figure in enumerate(figures)
                ],
            }
        )
    return tables


def symbiosis_figures(district: District, on: date) -> list[dict]:
    """Circularity figures of the district, [] when no firm declares a flow. Counts of 1 to 4
    show as "<5"; with fewer than five firms declaring flows every figure is hidden."""
    from filiera.symbiosis import indicators
    from filiera.symbiosis.indicator_labels import district_figures as labelled

    totals = indicators.for_district(district, on).totals
    if not totals.firms_with_flows:
        return []
    few = totals.firms_with_flows < MIN_COHORT
    named = bilingual(lambda: {f.key: f for f in labelled(totals)})
    rows = []
    for key in SYMBIOSIS_KEYS:
        figure = named["it"].get(key)
        if figure is None:
            continue
        value: Any = figure.value
        if key in SYMBIOSIS_COUNTS:
            value = hide(int(value or 0))
        elif few:
            value = SUPPRESSED
        rows.append(
            {
                "key": key,
                "label": {lang: str(named[lang][key].label) for lang in LANGS},
                "value": value,
                "unit": figure.unit,
            }
        )
    return rows


def district_figures(district: District, on: date, month: date, firms: int) -> dict:
    areas, kinds = _names(district)
    figures: dict[str, Any] = {
        "on": on.isoformat(),
        "month": month.isoformat(),
        "firms": firms,
        "areas": areas,
        "kinds": kinds,
    }
    chains = chain_figures(district, on)
    if chains:
        figures["chains"] = chains
    symbiosis = symbiosis_figures(district, on)
    if symbiosis:
        figures["symbiosis"] = symbiosis
    return figures
