"""Check every row of a firms-and-sites file and turn it into firm and site records (plain Python).

Validation never stops at the first problem: every bad cell of every row becomes a ``RowError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from filiera.core.usererror import N_, UserError
from filiera.registry.countries import ITALY
from filiera.registry.identifiers import normalise_facility_id, normalise_vat

from . import fields
from .columns import SITE_COLUMNS, Header, map_header
from .reader import read_table
from .records import (
    FIRM_VALUE_FIELDS,
    MISSING_MUNICIPALITY,
    MISSING_POSITION,
    FirmOnlyRow,
    FirmRecord,
    ImportFileError,
    Parsed,
    RowError,
    SiteRecord,
    row_error,
)

OSH_SITE_COLUMNS = ("country", "facility_type", "processing_type", "number_of_workers")
NO_VAT_IN_OSH = N_(
    "required: Open Supply Hub lists have no VAT number, and Filiera identifies firms by it; "
    "add a “vat” column"
)


def parse(stream: BinaryIO, filename: str, *, max_bytes: int, size: int | None = None) -> Parsed:
    """Read and check a whole file. File-level problems raise ``ImportFileError``."""
    table = read_table(stream, filename, max_bytes, size)
    header = map_header(table.header)
    parsed = Parsed(ignored_columns=header.ignored, osh=header.osh)
    checker = RowChecker(header, parsed)
    for line, cells in table.rows:
        parsed.rows += 1
        checker.check(line, cells)
    if not parsed.rows:
        raise ImportFileError(N_("The file has a header row but no data rows."))
    checker.finish()
    parsed.errors.sort(key=lambda e: e.line)
    return parsed


class _Row:
    """One row's cells by column name, and the errors found in it."""

    def __init__(self, line: int, values: dict[str, str]) -> None:
        self.line, self.values = line, values
        self.errors: list[RowError] = []

    def raw(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def take(self, column: str, parse: Callable[..., Any], *args: Any) -> Any:
        """The parsed value, or None when the cell is empty or wrong (then an error is noted)."""
        raw = self.raw(column)
        if not raw:
            return None
        try:
            return parse(raw, *args)
        except UserError as exc:
            self.errors.append(RowError(self.line, column, exc))
            return None

    def error(self, column: str, template: str, /, **params: Any) -> None:
        self.errors.append(row_error(self.line, column, template, **params))


class RowChecker:
    def __init__(self, header: Header, parsed: Parsed) -> None:
        self.positions = header.positions
        self.osh = header.osh
        self.parsed = parsed
        self.site_lines: dict[tuple, int] = {}

    def check(self, line: int, cells: list[str]) -> None:
        values = {col: cells[i] for col, i in self.positions.items() if i < len(cells)}
        row = _Row(line, values)
        firm = self._firm(row)
        site = self._site(row, firm)
        if firm is None:
            self.parsed.errors.extend(row.errors)
            return
        self._check_firm_repeat(row, firm)
        site_key = self._check_site_repeat(row, site) if site is not None else ()
        if row.errors:
            self.parsed.errors.extend(row.errors)
            return
        self._keep_firm(firm)
        if site is None:
            self.parsed.firm_only.append(FirmOnlyRow(firm.vat, line))
        else:
            self.parsed.firms[firm.vat].has_site = True
            self.parsed.sites.append(site)
            self.site_lines[site_key] = line

    def finish(self) -> None:
        """Firm-only rows stay to be checked against the database unless the file gives a site."""
        self.parsed.firm_only = [
            r for r in self.parsed.firm_only if not self.parsed.firms[r.vat].has_site
        ]

    # Firm columns ------------------------------------------------------------------------------

    def _firm(self, row: _Row) -> FirmRecord | None:
        vat = country = None
        if not row.raw("vat"):
            row.error("vat", NO_VAT_IN_OSH if self.osh else N_("required"))
        else:
            try:
                vat, country = normalise_vat(fields.vat_text(row.raw("vat")))
            except UserError as exc:
                row.errors.append(RowError(row.line, "vat", exc))
        name = row.take("name", fields.text, 200)
        if not row.raw("name"):
            row.error("name", N_("required"))
        record = FirmRecord(
            vat=vat or "",
            country=country or "",
            name=name or "",
            line=row.line,
            ateco=row.take("ateco", fields.ateco_codes),
            role=row.take("role", fields.role),
            employees=row.take("employees", fields.count),
            turnover_eur=row.take("turnover_eur", fields.count, fields.MAX_TURNOVER),
            email=row.take("email", fields.email),
            website=row.take("website", fields.website),
        )
        return record if vat and name else None

    def _check_firm_repeat(self, row: _Row, firm: FirmRecord) -> None:
        """A firm on several rows: firm columns may be left empty, but must not disagree."""
        known = self.parsed.firms.get(firm.vat)
        if known is None:
            return
        for name in FIRM_VALUE_FIELDS:
            mine, theirs = getattr(firm, name), getattr(known, name)
            if mine is not None and theirs is not None and mine != theirs:
                shown = "|".join(theirs) if isinstance(theirs, list) else theirs
                row.error(
                    name,
                    N_("differs from line %(line)s (%(value)s) for the same VAT number"),
                    line=known.line,
                    value=shown,
                )

    def _keep_firm(self, firm: FirmRecord) -> None:
        known = self.parsed.firms.setdefault(firm.vat, firm)
        for name in FIRM_VALUE_FIELDS:
            if getattr(known, name) is None:
                setattr(known, name, getattr(firm, name))

    # Site columns ------------------------------------------------------------------------------

    def _site(self, row: _Row, firm: FirmRecord | None) -> SiteRecord | None:
        if not any(row.raw(c) for c in (*SITE_COLUMNS, *OSH_SITE_COLUMNS)):
            return None  # a firm-only row
        country = self._country(row)
        municipality = self._municipality(row) if country == ITALY else None
        lat = row.take("lat", fields.coordinate, 90.0)
        lon = row.take("lon", fields.coordinate, 180.0)
        if bool(row.raw("lat")) != bool(row.raw("lon")):
            missing = "lon" if row.raw("lat") else "lat"
            row.error(missing, N_("give both lat and lon, or neither"))
        elif country not in (None, ITALY) and not row.raw("lat"):
            row.error("lat", MISSING_POSITION)
        site_name = row.take("site_name", fields.text, 160)
        return SiteRecord(
            vat=firm.vat if firm else "",
            name=site_name or (firm.name[:160] if firm else ""),
            municipality=municipality or "",
            line=row.line,
            country=country or ITALY,
            name_given=bool(site_name),
            facility_id=row.take("facility_id", normalise_facility_id),
            address=row.take("address", fields.text, 200),
            lat=lat,
            lon=lon,
            processes=self._processes(row),
            workers=self._workers(row),
            osh_id=row.take("osh_id", fields.osh_id),
        )

    def _country(self, row: _Row) -> str | None:
        """The site's country: empty means Italy; None when the cell is wrong (error noted).

        In an Open Supply Hub list a municipality places the site in Italy whatever the country
        says; in our format a site abroad has no municipality."""
        if self.osh and row.raw("municipality"):
            return ITALY
        code = row.take("country", fields.country) if row.raw("country") else ITALY
        if code not in (None, ITALY) and row.raw("municipality"):
            row.error(
                "municipality",
                N_("leave it empty for a site outside Italy (country %(country)s)"),
                country=code,
            )
        return code

    def _municipality(self, row: _Row) -> str | None:
        if row.raw("municipality") or not (self.osh or "municipality" not in self.positions):
            if not row.raw("municipality"):
                row.error("municipality", MISSING_MUNICIPALITY)
            return row.take("municipality", fields.municipality)
        found = fields.municipality_in_address(row.raw("address"))
        if found is None:
            row.error(
                "municipality",
                N_(
                    "not found in the address: add a “municipality” column (ISTAT code or “Name (PR)”)"
                ),
            )
        return found

    def _processes(self, row: _Row) -> list[str] | None:
        codes = row.take("processes", fields.process_codes)
        free_text = [row.raw(c) for c in ("facility_type", "processing_type") if row.raw(c)]
        if not free_text:
            return codes
        found, ignored = fields.processing_types("|".join(free_text))
        self.parsed.ignored_processing_types.update(ignored)
        merged = list(dict.fromkeys([*(codes or []), *found]))
        return merged or codes

    def _workers(self, row: _Row) -> int | None:
        if row.raw("workers") or not row.raw("number_of_workers"):
            return row.take("workers", fields.count)
        return row.take("number_of_workers", fields.workers_range)

    def _check_site_repeat(self, row: _Row, site: SiteRecord) -> tuple:
        if site.facility_id:
            key: tuple = ("facility_id", site.facility_id)
        else:
            key = ("site_name", site.vat, site.name.casefold())
        first = self.site_lines.get(key)
        if first is not None:
            row.error(key[0], N_("the same site is already on line %(line)s"), line=first)
        return key
