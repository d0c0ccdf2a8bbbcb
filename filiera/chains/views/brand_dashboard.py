"""A brand's chain: headline figures, the tiered graph, the map of the sites, the indicators
and the supplier table, each supplier showing only what it shares with the brand."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from filiera.chains import access, selectors
from filiera.chains.forms_filters import ChainFilterForm
from filiera.chains.models import Level, Scope, Tier
from filiera.chains.services.access_log import record_access
from filiera.chains.views import brand_graph, brand_rows
from filiera.chains.views.brand_common import get_brand_for, supplier_url_maker
from filiera.qualification.selectors import current_version

PAGE_SIZE = 200
LIST_CAP = 50  # suppliers named in each indicator list; the rest are counted
SHARE_LABELS = (
    ("district", gettext_lazy("within the district")),
    ("region", gettext_lazy("within the region")),
    ("italy", gettext_lazy("within Italy")),
    ("eu", gettext_lazy("within the EU")),
    ("outside_eu", gettext_lazy("outside the EU")),
)


def area_names(codes) -> list[tuple[str, str]]:
    """(code, name) of the areas in the order of the current methodology, unknown codes last."""
    codes = set(codes)
    if not codes:
        return []
    version = current_version(None)
    language = get_language() or "it"
    known = []
    if version is not None:
        known = [(a.code, a.name.get(language)) for a in version.parsed().areas if a.code in codes]
    named = {code for code, _name in known}
    return known + [(code, code) for code in sorted(codes - named)]


def indicator_tables(chain: selectors.Chain) -> dict:
    """The engine's figures ready for the templates, suppliers named only when disclosed."""
    result = chain.indicators
    suppliers = chain.suppliers
    undisclosed = _("Undisclosed supplier")

    def name(firm_id: int) -> str:
        row = suppliers.get(firm_id)
        return row.name if row is not None and row.name else undisclosed

    url = supplier_url_maker(chain.brand.pk)
    tier_labels = dict(Tier.choices)
    short = result.short_chain
    return {
        "by_tier": [
            (tier, tier_labels.get(tier, tier), counts)
            for tier, counts in sorted(result.by_tier.items())
            if counts.total
        ],
        "by_process": sorted(
            (
                (code, chain.process_names.get(code, code or _("no process given")), counts)
                for code, counts in result.by_process.items()
            ),
            key=lambda item: item[1],
        ),
        "grades": [(g, result.grades.get(g, 0)) for g in ("A", "B", "C", "D", "E")],
        "not_assessed_count": result.grades.get("not_assessed", 0),
        "not_shared_count": result.grades.get("not_shared", 0),
        "bins": [(10 * i, 10 * i + 10, n) for i, n in enumerate(result.score_bins)],
        "weakest": [
            {
                "process": chain.process_names.get(w.process, w.process),
                "firm_id": w.firm,
                "name": name(w.firm),
                "grade": w.grade,
                "overall": w.overall,
                "url": url(w.firm) if suppliers.get(w.firm) and suppliers[w.firm].name else "",
            }
            for w in result.weakest
        ],
        "expiring": [
            {
                "firm_id": e.firm,
                "name": name(e.firm),
                "on": e.on,
                "expired": e.expired,
                "url": url(e.firm),
            }
            for e in result.expiring[:LIST_CAP]
        ],
        "expiring_more": max(len(result.expiring) - LIST_CAP, 0),
        "not_assessed": [
            {"firm_id": f, "name": name(f), "url": url(f)} for f in result.not_assessed[:LIST_CAP]
        ],
        "not_assessed_more": max(len(result.not_assessed) - LIST_CAP, 0),
        "trace_by_tier": [
            (tier, cover)
            for tier, cover in sorted(result.traceability_by_tier.items())
            if cover.steps
        ],
        "short": short,
        "short_shares": [
            (key, str(label), (short.shares or {}).get(key)) for key, label in SHARE_LABELS
        ]
        if short.shares
        else [],
    }


@login_required
def chain_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    brand = get_brand_for(request.user, pk)
    chain = selectors.load_chain(brand)
    form = ChainFilterForm(request.GET or None, processes=chain.processes)
    filters = form.values()
    rows = chain.filtered(**filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    svg, grouped = brand_graph.chain_svg(chain, rows)
    shown = list(page.object_list)
    selectors.with_scores(shown)
    areas = area_names({code for r in shown if r.shows_areas for code in r.areas})
    for row in shown:
        row.align_areas([code for code, _name in areas])
    points = selectors.map_points(chain.suppliers.values())
    context = {
        "brand": brand,
        "chain": chain,
        "ind": chain.indicators,
        "form": form,
        "filters": filters,
        "query": form.query_string(),
        "filtered": any(v not in ("", None) for v in filters.values()),
        "rows": shown,
        "row_html": brand_rows.rows_html(shown, brand.pk),
        "page": page,
        "total_rows": len(rows),
        "area_columns": areas,
        "graph": svg,
        "grouped": grouped,
        "max_nodes": brand_graph.MAX_NODES,
        "points": points,
        "can_manage": access.can_manage_chain(request.user, brand),
        "pending_invitations": selectors.pending_invitations(brand),
        "unread_alerts": selectors.visible_alerts(brand, unread_only=True).count(),
        "levels": Level,
        **indicator_tables(chain),
    }
    # Grades shown one by one: the table's page, the graph's boxes (unless grouped), the map,
    # and the suppliers the indicator lists name.
    shown_ids = {r.firm_id for r in shown}
    if not grouped:
        shown_ids.update(r.firm_id for r in rows)
    shown_ids.update(p["supplier_id"] for p in points)
    for key in ("weakest", "expiring", "not_assessed"):
        shown_ids.update(item["firm_id"] for item in context[key])
    graded = [i for i in shown_ids if chain.suppliers[i].shows_grade]
    if graded:
        record_access(request.user, brand.pk, graded, [Scope.GRADE])
    areas_shown = [r.firm_id for r in shown if r.shows_areas and r.areas]
    if areas_shown:
        record_access(request.user, brand.pk, areas_shown, [Scope.AREAS])
    if points:
        record_access(request.user, brand.pk, {p["supplier_id"] for p in points}, [Scope.SITES])
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "chain-results":
        return render(request, "chains/dashboard_results.html", context)
    return render(request, "chains/dashboard.html", context)
