"""Inviting many suppliers from a CSV or XLSX file.

Columns: ``vat``, ``email``, ``name``, ``tier``, ``processes`` (codes, ``|``-separated),
``message``, ``asks`` (``grade``, ``areas``, ``answers`` or ``evidence``, optionally with
``profile`` and ``sites``: ``areas|sites``). Every row is checked first; one bad row (or two rows
naming the same supplier) and nothing is saved nor sent. ``dry_run`` only checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from filiera.chains import notify
from filiera.chains.models import Level
from filiera.chains.services.invitations import Target, create, prepare
from filiera.core.usererror import N_, UserError
from filiera.registry.importing.reader import read_table
from filiera.registry.importing.records import ImportFileError

COLUMNS = ("vat", "email", "name", "tier", "processes", "message", "asks")
MAX_ROWS = 5000
ASKS = {
    "grade": Level.GRADE,
    "areas": Level.AREAS,
    "answers": Level.ANSWERS,
    "evidence": Level.EVIDENCE,
}
ALIASES = {"p.iva": "vat", "piva": "vat", "partita iva": "vat", "e-mail": "email", "mail": "email"}


@dataclass
class BulkReport:
    rows: int = 0
    # (row number as a spreadsheet shows it — the header is row 1 —, column, message)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    invited: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _asks(raw: str) -> dict:
    parts = [p.strip().lower() for p in raw.replace(",", "|").split("|") if p.strip()]
    wanted = {"requested_level": Level.GRADE, "requested_profile": False, "requested_sites": False}
    for part in parts:
        if part in ASKS:
            wanted["requested_level"] = max(wanted["requested_level"], ASKS[part])
        elif part == "profile":
            wanted["requested_profile"] = True
        elif part == "sites":
            wanted["requested_sites"] = True
        else:
            raise UserError(
                N_("unknown value %(value)s: write grade, areas, answers or evidence"),
                value=part,
            )
    return wanted


def _header(cells: list[str]) -> list[str]:
    names = [c.strip().lower() for c in cells]
    return [ALIASES.get(n, n) for n in names]


def _read(uploaded_file, report: BulkReport) -> list[tuple[int, dict[str, str]]]:
    name = getattr(uploaded_file, "name", "") or ""
    size = getattr(uploaded_file, "size", None)
    try:
        uploaded_file.seek(0)
        table = read_table(uploaded_file, name, settings.IMPORT_MAX_BYTES, size)
        header = _header(table.header)
        if "vat" not in header and "email" not in header:
            raise ImportFileError(N_("The file needs a column vat or email (and tier)."))
        if "tier" not in header:
            raise ImportFileError(N_("The file needs a column tier (1 to 4)."))
        rows: list[tuple[int, dict[str, str]]] = []
        for line, cells in table.rows:
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    N_("The file has more than %(count)s rows: split it."), count=MAX_ROWS
                )
            values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
            rows.append((line, {c: values.get(c, "") for c in COLUMNS}))
    except ImportFileError as err:
        report.errors.append((1, "", err.translated()))
        return []
    return rows


def _check(client, line: int, row: dict[str, str], report: BulkReport) -> Target | None:
    try:
        asks = _asks(row["asks"])
    except UserError as err:
        report.errors.append((line, "asks", err.translated()))
        return None
    try:
        return prepare(
            client,
            vat=row["vat"],
            email=row["email"],
            name=row["name"],
            tier=row["tier"],
            processes=[p for p in row["processes"].replace(",", "|").split("|") if p.strip()],
            message=row["message"],
            **asks,
        )
    except UserError as err:
        column = getattr(err, "field", None) or ""
        column = {"requested_level": "asks"}.get(column, column)
        report.errors.append((line, column, err.translated()))
        return None


def _duplicate_of(target: Target, seen: dict[tuple, int]) -> tuple[int | None, list[tuple]]:
    """The earlier row naming the same supplier (if any), and this row's keys."""
    keys: list[tuple] = []
    if target.supplier is not None:
        keys.append(("firm", target.supplier.pk))
    if target.vat:
        keys.append(("vat", target.vat))
    if target.email and target.supplier is None:
        keys.append(("email", target.email))
    earlier = next((seen[k] for k in keys if k in seen), None)
    return earlier, keys


def bulk_invite(actor, client, uploaded_file, *, dry_run: bool = False) -> BulkReport:
    """Check every row, then (unless ``dry_run`` or any error) invite them all at once."""
    report = BulkReport(dry_run=dry_run)
    rows = _read(uploaded_file, report)
    report.rows = len(rows)
    if not rows and not report.errors:
        report.errors.append((1, "", UserError(N_("The file has no rows to invite.")).translated()))
    targets: list[Target] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        target = _check(client, line, row, report)
        if target is None:
            continue
        earlier, keys = _duplicate_of(target, seen)
        if earlier is not None:
            report.errors.append(
                (
                    line,
                    target.key_field,
                    UserError(
                        N_("the same supplier as row %(row)s: keep one row per supplier"),
                        row=earlier,
                    ).translated(),
                )
            )
            continue
        for key in keys:
            seen[key] = line
        targets.append(target)
    if report.errors:
        return report
    report.invited = len(targets)
    if dry_run:
        return report
    with transaction.atomic():
        invitations = [create(actor, client, target) for target in targets]
    for invitation in invitations:
        notify.invitation_sent(invitation)
    return report
