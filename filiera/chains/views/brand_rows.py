"""The supplier table's rows as ready HTML: built once per supplier in Python (a 200-row
table through template tags costs far more). Everything is escaped
here; a row shows only what the supplier shares."""

from __future__ import annotations

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from filiera.chains.selectors import SupplierRow
from filiera.chains.views.brand_common import supplier_url_maker

DASH = "—"


def _badge(grade: str, label: str) -> str:
    grade, label = escape(grade), escape(label)
    return (
        f'<span class="grade grade-{grade}" title="{label}">'
        f'<span class="visually-hidden">{label} </span>{grade}</span>'
    )


def _score(value) -> str:
    return DASH if value is None else number_format(value, 1)


def _area(area: dict | None) -> str:
    if not area or area.get("score") is None:
        return f'<td class="num area">{DASH}</td>'
    grade = escape(area.get("grade", ""))
    return f'<td class="num area">{_score(area["score"])} <small>{grade}</small></td>'


def rows_html(rows: list[SupplierRow], brand_pk: int) -> list[SafeString]:
    """One ``<tr>`` per row, in the table's column order."""
    undisclosed = f'<span class="muted">{escape(_("Undisclosed supplier"))}</span>'
    nothing = escape(_("nothing"))
    profile, sites = _("profile"), _("sites")
    not_assessed = escape(_("not assessed"))
    grade_label = _("Grade")
    supplier_url = supplier_url_maker(brand_pk)
    badges: dict[str, str] = {}
    out = []
    for number, row in enumerate(rows, 1):
        if row.disclosed:
            name = f'<a href="{supplier_url(row.firm_id)}">{escape(row.name)}</a>'
            parts = [row.level_label[:1].upper() + row.level_label[1:]]
            if row.profile:
                parts.append(profile)
            if row.sites:
                parts.append(sites)
            shared = escape(", ".join(parts))
            attrs = f' data-supplier="{row.firm_id}"'
        else:
            name, shared, attrs = undisclosed, nothing, ""
        if row.shows_grade:
            if row.grade:
                badge = badges.get(row.grade)
                if badge is None:
                    badge = badges[row.grade] = _badge(row.grade, grade_label)
            else:
                badge = not_assessed
            status = escape(row.status_label) if row.status else DASH
            score = _score(row.overall)
            expiring = (
                date_format(row.expiring_on, "SHORT_DATE_FORMAT") if row.expiring_on else DASH
            )
        else:
            badge, status, score, expiring = DASH, DASH, DASH, DASH
        areas = "".join(_area(a) for a in row.area_cells)
        processes = escape(", ".join(row.process_labels)) or DASH
        out.append(
            # Every value above is escaped or a number.
            mark_safe(
                f'<tr id="row-{number}"{attrs}><th scope="row">{name}</th>'
                f'<td class="num">{row.tier}</td><td>{processes}</td><td>{shared}</td>'
                f'<td>{badge}</td><td>{status}</td><td class="num">{score}</td>{areas}'
                f"<td>{expiring}</td></tr>"
            )
        )
    return out
