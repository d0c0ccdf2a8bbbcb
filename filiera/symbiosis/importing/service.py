"""Import flows: check the file, then write it through the flow services in one transaction, or
nothing.

Each row names its firm by VAT number and its site by name. A row whose ``ref`` the firm
already uses updates that flow (columns the file does not have keep their values); any other
row adds a flow. Every row is checked with ``validation.clean_flow``, the rules of the flow form
and the API; when any row has a problem nothing is written and every problem is reported with
its line and column. The writes run in one transaction, each row in its own savepoint so that
the services' own checks are reported for every row too; when any fails, or for a dry run, the
whole transaction is rolled back, so a dry run's counts are exactly what the import would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.importing.records import RowError, row_error
from filiera.registry.models import District, Firm
from filiera.symbiosis.models import Flow
from filiera.symbiosis.services.flows import create_flow, update_flow
from filiera.symbiosis.validation import FIELDS, clean_flow, flow_data

from .columns import REQUIRED
from .rows import Row, read_rows

# clean_flow's field names that are not the file's column names.
COLUMN_OF_FIELD = {"site": "site_name", "firm": "vat", NON_FIELD_ERRORS: "ref"}


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    firms: int = 0  # firms named by the file
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})


@dataclass
class _Checked:
    row: Row
    firm: Firm
    flow: Flow | None  # the stored flow with the row's ref, to update
    data: dict[str, Any]  # what the row says, as the services take it
    changed: bool = True


def import_flows(
    stream: BinaryIO,
    filename: str,
    *,
    firm: Firm | None = None,
    district: District | None = None,
    actor=None,
    dry_run: bool = False,
    size: int | None = None,
) -> Report:
    """Check ``stream`` and, unless it has errors or this is a dry run, save it.

    With ``firm`` (a firm's own page) every row is that firm's flow and ``vat`` may be empty;
    with ``district`` every row must name a firm of the district; with neither (the command
    line) any registered firm. Problems with the file as a whole raise ``ImportFileError``."""
    parsed = read_rows(
        stream,
        filename,
        max_bytes=settings.IMPORT_MAX_BYTES,
        size=size,
        required=REQUIRED if firm is not None else ("vat", *REQUIRED),
    )
    report = Report(dry_run=dry_run, rows=len(parsed.rows), ignored_columns=parsed.ignored_columns)
    checked = _check(parsed.rows, report, firm=firm, district=district)
    report.firms = len({item.firm.pk for item in checked})
    if report.errors:
        return report
    with transaction.atomic():
        _write(checked, actor, report)
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            _record(checked, actor, filename, report, district)
    if report.errors:
        report.created = report.updated = report.unchanged = 0
    return report


# Checking ------------------------------------------------------------------------------------


def _check(
    rows: list[Row], report: Report, *, firm: Firm | None, district: District | None
) -> list[_Checked]:
    firms = _firms_of(rows, firm=firm, district=district, report=report)
    refs = {
        (firms[row.line].pk, row.cells["ref"])
        for row in rows
        if row.line in firms and row.cells.get("ref")
    }
    stored = {
        (flow.firm_id, flow.ref): flow
        for flow in Flow.objects.filter(
            firm_id__in={pk for pk, _ref in refs}, ref__in={ref for _pk, ref in refs}
        ).select_related("site")
    }
    seen: dict[tuple[int, str], int] = {}
    checked: list[_Checked] = []
    for row in rows:
        row_firm = firms.get(row.line)
        if row_firm is None:
            continue  # its VAT problem is reported
        ref = row.cells.get("ref", "")
        if ref and (row_firm.pk, ref) in seen:
            report.errors.append(
                row_error(
                    row.line,
                    "ref",
                    N_("%(ref)s is already on line %(line)s for this firm."),
                    ref=ref,
                    line=seen[(row_firm.pk, ref)],
                )
            )
            continue
        if ref:
            seen[(row_firm.pk, ref)] = row.line
        flow = stored.get((row_firm.pk, ref)) if ref else None
        item = _Checked(row, row_firm, flow, _data(row, flow))
        values, errors = clean_flow(
            flow_data(flow) | item.data if flow else item.data, firm=row_firm
        )
        for name, message in errors.items():
            report.errors.append(
                RowError(row.line, COLUMN_OF_FIELD.get(name, name), UserError(str(message)))
            )
        if not errors:
            item.changed = flow is None or _differs(flow, values)
            checked.append(item)
    report.errors.sort(key=lambda error: error.line)
    return checked


def _data(row: Row, flow: Flow | None) -> dict[str, Any]:
    """The row's cells as the services take them. An updated flow keeps its site when the row
    names none; a name finds the site among the firm's."""
    data: dict[str, Any] = {k: v for k, v in row.cells.items() if k not in ("vat", "site_name")}
    site_name = row.cells.get("site_name", "")
    if site_name or flow is None:
        data["site"] = None
        data["site_name"] = site_name
    return data


def _differs(flow: Flow, values: dict[str, Any]) -> bool:
    return any(getattr(flow, name) != values[name] for name in FIELDS)


def _firms_of(
    rows: list[Row], *, firm: Firm | None, district: District | None, report: Report
) -> dict[int, Firm]:
    """Each row's firm (by line); a row whose VAT number names no firm it may name gets an error."""
    vats: dict[int, str] = {}  # line → canonical VAT
    for row in rows:
        raw = row.cells.get("vat", "")
        if not raw:
            if firm is None:
                report.errors.append(
                    row_error(row.line, "vat", N_("required: the VAT number of the flow's firm."))
                )
            continue
        try:
            vats[row.line], _country = normalise_vat(raw)
        except IdentifierError as exc:
            report.errors.append(RowError(row.line, "vat", exc))
    if firm is not None:
        allowed = {firm.vat: firm}
    else:
        found = Firm.objects.filter(vat__in=set(vats.values()))
        if district is not None:
            found = found.filter(districts=district)
        allowed = {f.vat: f for f in found.prefetch_related("sites")}
    if firm is not None:
        firm = Firm.objects.prefetch_related("sites").get(pk=firm.pk)
    out: dict[int, Firm] = {}
    for row in rows:
        vat = vats.get(row.line)
        if vat is None:
            if firm is not None and not row.cells.get("vat"):
                out[row.line] = firm
            continue
        match = allowed.get(vat)
        if match is not None:
            out[row.line] = firm if firm is not None else match
        elif firm is not None:
            report.errors.append(
                row_error(
                    row.line,
                    "vat",
                    N_(
                        "%(vat)s is not the VAT number of %(firm)s: this page imports its flows only."
                    ),
                    vat=vat,
                    firm=firm.legal_name,
                )
            )
        elif district is not None:
            report.errors.append(
                row_error(
                    row.line,
                    "vat",
                    N_("no firm of %(district)s has the VAT number %(vat)s."),
                    district=district.name,
                    vat=vat,
                )
            )
        else:
            report.errors.append(
                row_error(row.line, "vat", N_("no firm has the VAT number %(vat)s."), vat=vat)
            )
    return out


# Writing -------------------------------------------------------------------------------------


def _write(checked: list[_Checked], actor, report: Report) -> None:
    for item in checked:
        if not item.changed:
            report.unchanged += 1
            continue
        try:
            if item.flow is None:
                create_flow(firm=item.firm, user=actor, data=item.data)
                report.created += 1
            else:
                update_flow(item.flow, user=actor, data=item.data)
                report.updated += 1
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"ref": exc.messages}
            for name, messages in by_field.items():
                for message in messages:
                    report.errors.append(
                        RowError(
                            item.row.line,
                            COLUMN_OF_FIELD.get(name, name),
                            UserError(str(message)),
                        )
                    )


def _record(
    checked: list[_Checked], actor, filename: str, report: Report, district: District | None
) -> None:
    """One ``import`` event in the history of each firm of the file (and of the district)."""
    by_firm: dict[int, dict[str, Any]] = {}
    for item in checked:
        counts = by_firm.setdefault(
            item.firm.pk, {"firm": item.firm, "created": 0, "updated": 0, "unchanged": 0}
        )
        key = "unchanged" if not item.changed else "created" if item.flow is None else "updated"
        counts[key] += 1
    for counts in by_firm.values():
        firm = counts.pop("firm")
        audit.record(
            actor,
            "import",
            firm,
            changes={"flows import": [None, {"file": filename, **counts}]},
            firm_id=firm.pk,
        )
    if district is not None:
        audit.record(
            actor,
            "import",
            district,
            changes={
                "flows import": [
                    None,
                    {
                        "file": filename,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "firms": report.firms,
                    },
                ]
            },
            district_id=district.pk,
        )
