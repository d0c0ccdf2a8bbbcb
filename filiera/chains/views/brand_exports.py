"""The supplier table of a brand's chain to download: CSV, Excel or PDF, filtered like the page
and with the same visibility; every supplier whose data is in the file is logged (via export)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from filiera.chains import exports, selectors
from filiera.chains.forms_filters import ChainFilterForm
from filiera.chains.views.brand_common import get_brand_for, log_rows
from filiera.chains.views.brand_dashboard import area_names

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def chain_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format")
    brand = get_brand_for(request.user, pk)
    chain = selectors.load_chain(brand)
    form = ChainFilterForm(request.GET or None, processes=chain.processes)
    rows = chain.filtered(**form.values())
    selectors.with_scores(rows)
    areas = area_names({code for r in rows if r.shows_areas for code in r.areas})
    data = exports.table(rows, areas)
    if fmt == "csv":
        content = exports.to_csv(data)
    elif fmt == "xlsx":
        content = exports.to_xlsx(data, _("Suppliers"))
    else:
        summary = exports.Summary(
            title=_("Supply chain of %(name)s") % {"name": brand.legal_name},
            subtitle=_("On %(date)s, with what each supplier shares with you.")
            % {"date": exports.dated(chain.on)},
            lines=exports.summary_lines(chain.indicators),
        )
        content = exports.to_pdf(data, summary)
    log_rows(request.user, brand, rows, via="export", areas=fmt != "pdf")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    stem = slugify(f"{_('chain')} {brand.legal_name}")[:80] or "chain"
    response["Content-Disposition"] = f'attachment; filename="{stem}-{chain.on:%Y%m%d}.{fmt}"'
    return response
