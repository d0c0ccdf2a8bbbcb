"""Check the rows of the sheets into product and step records, and row problems.

Each problem names the sheet, the line (as a spreadsheet numbers it, the header is line 1) and
the column. An empty cell means "not given": a product already stored keeps its value. What
needs the database (sites the brand may name, its model codes, the processes) comes in as sets
and dictionaries, so this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from filiera.core.usererror import N_, UserError
from filiera.products.models import ProductStep
from filiera.products.services.common import parse_date
from filiera.registry import countries
from filiera.registry.importing.records import ImportFileError

from .cells import CellError, parse_composition, parse_materials, value_of
from .columns import COLUMNS, PRODUCTS, REQUIRED, STEPS, normalise
from .sheets import Sheet

STAGES = tuple(ProductStep.Stage.values)


@dataclass(frozen=True)
class Problem:
    sheet: str
    line: int
    column: str
    error: UserError

    @property
    def message(self) -> str:
        return str(self.error)

    def translated(self) -> str:
        return self.error.translated()

    def __str__(self) -> str:
        return f"{self.sheet}, line {self.line}, {self.column}: {self.message}"


@dataclass
class ProductRecord:
    line: int
    model_code: str
    fields: dict[str, Any] = field(default_factory=dict)  # product fields given, typed
    components: list[tuple[str, str, str, Decimal]] | None = None  # rows for set_components
    materials: list[tuple[str, Decimal, str]] | None = None  # rows for set_composition


@dataclass
class StepRecord:
    line: int
    model_code: str
    row: dict[str, Any]  # a row for set_steps


@dataclass
class Parsed:
    products: list[ProductRecord] = field(default_factory=list)
    steps: dict[str, list[StepRecord]] = field(default_factory=dict)  # by model code
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # by sheet kind
    sheet_names: dict[str, str] = field(default_factory=dict)  # kind → name in the file
    ignored_columns: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)


# Products ------------------------------------------------------------------------------------


def _header(sheet: Sheet, parsed: Parsed) -> dict[str, int]:
    """Column name → index; unknown columns are noted, missing required ones stop the file."""
    known = COLUMNS[sheet.kind or PRODUCTS]
    index: dict[str, int] = {}
    for n, cell in enumerate(sheet.header):
        name = normalise(cell)
        if not name:
            continue
        if name in known and name not in index:
            index[name] = n
        else:
            parsed.ignored_columns.append(f"{sheet.name}: {cell}")
    missing = [c for c in REQUIRED[sheet.kind or PRODUCTS] if c not in index]
    if missing:
        raise ImportFileError(
            N_("The sheet “%(sheet)s” has no column %(columns)s (the header is its first row)."),
            sheet=sheet.name,
            columns=", ".join(missing),
        )
    return index


def _cells(index: dict[str, int], cells: list[str]) -> dict[str, str]:
    return {name: (cells[n].strip() if n < len(cells) else "") for name, n in index.items()}


def _products(sheet: Sheet, parsed: Parsed) -> None:
    index = _header(sheet, parsed)
    seen: dict[str, int] = {}
    for line, cells in sheet.rows:
        parsed.rows[PRODUCTS] = parsed.rows.get(PRODUCTS, 0) + 1
        values = _cells(index, cells)

        def problem(column: str, error: UserError, line: int = line) -> None:
            parsed.problems.append(Problem(sheet.name, line, column, error))

        code = values.get("model_code", "")
        if not code:
            problem("model_code", UserError(N_("required: the product's model code.")))
            continue
        if len(code) > 64:
            problem("model_code", UserError(N_("use at most 64 characters.")))
            continue
        if code in seen:
            problem(
                "model_code",
                UserError(N_("%(code)s is already on line %(line)s."), code=code, line=seen[code]),
            )
            continue
        seen[code] = line
        record = ProductRecord(line, code)
        for name, raw in values.items():
            if name == "model_code" or not raw:
                continue
            try:
                if name == "composition":
                    record.components = parse_composition(raw)
                elif name == "materials":
                    record.materials = parse_materials(raw)
                else:
                    record.fields[name] = value_of(name, raw)
            except CellError as err:
                problem(name, err.error)
        parsed.products.append(record)


# Steps ---------------------------------------------------------------------------------------


def _steps(
    sheet: Sheet,
    parsed: Parsed,
    *,
    sites: dict[str, int],
    processes: frozenset[str],
) -> None:
    index = _header(sheet, parsed)
    for line, cells in sheet.rows:
        parsed.rows[STEPS] = parsed.rows.get(STEPS, 0) + 1
        values = _cells(index, cells)
        before = len(parsed.problems)

        def problem(column: str, template: str, line: int = line, **params: Any) -> None:
            parsed.problems.append(Problem(sheet.name, line, column, UserError(template, **params)))

        code = values.get("model_code", "")
        if not code:
            problem("model_code", N_("required: the model code of the product the step is of."))
        stage = values.get("stage", "").strip().lower()
        if stage not in STAGES:
            problem("stage", N_("write one of: %(stages)s."), stages=", ".join(STAGES))
        process = values.get("process", "").strip().upper()
        if process and process not in processes:
            problem(
                "process",
                N_("“%(value)s” is not a process code of the textile chain (e.g. WP.PRINTING)."),
                value=values["process"],
            )
        if stage == "other" and not process:
            problem("process", N_("required for an other step: say which process it is."))
        site_id = None
        raw_site = values.get("site", "")
        if raw_site:
            site_id = sites.get(_site_key(raw_site))
            if site_id is None:
                problem(
                    "site",
                    N_(
                        "“%(value)s” is not a site of your firm or of a supplier of your chain "
                        "that shares its sites with you (give its Filiera facility ID or GLN)."
                    ),
                    value=raw_site,
                )
        country = values.get("country", "").strip().upper()
        if country and not countries.is_code(country):
            found = countries.lookup(values["country"])
            if found is None:
                problem(
                    "country",
                    N_("“%(value)s” is not a country code (two letters, e.g. PT)."),
                    value=values["country"],
                )
            country = found or ""
        dates = {}
        for name in ("started_on", "finished_on"):
            try:
                dates[name] = parse_date(values.get(name, ""))
            except ValueError:
                problem(
                    name, N_("“%(value)s” is not a date (e.g. 2025-03-31)."), value=values[name]
                )
                dates[name] = None
        start, end = dates["started_on"], dates["finished_on"]
        if start and end and end < start:
            problem("finished_on", N_("the step cannot finish before it starts."))
        if len(parsed.problems) > before:
            continue
        row = {
            "stage": stage,
            "site": site_id,
            "country": country,
            "process": process or None,
            "started_on": start,
            "finished_on": end,
        }
        parsed.steps.setdefault(code, []).append(StepRecord(line, code, row))


def _site_key(raw: str) -> str:
    """A facility ID or a GLN as the lookup keeps them (upper case, no separators)."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def site_keys(site_id: int, facility_id: str, gln: str) -> dict[str, int]:
    keys = {_site_key(facility_id): site_id}
    if gln:
        keys[_site_key(gln)] = site_id
    return keys


def parse(
    sheets: list[Sheet],
    *,
    sites: dict[str, int],
    processes: frozenset[str],
) -> Parsed:
    parsed = Parsed()
    kinds = [sheet.kind for sheet in sheets]
    if not any(kinds):
        raise ImportFileError(
            N_(
                "The file is neither a products sheet (with a model_code column) nor a steps "
                "sheet (with model_code and stage columns)."
            )
        )
    for sheet in sheets:
        if sheet.kind is None:
            parsed.ignored_sheets.append(sheet.name)
            continue
        if sheet.kind in parsed.sheet_names:
            parsed.ignored_sheets.append(sheet.name)
            continue
        parsed.sheet_names[sheet.kind] = sheet.name
        if sheet.kind == PRODUCTS:
            _products(sheet, parsed)
        else:
            _steps(sheet, parsed, sites=sites, processes=processes)
    parsed.problems.sort(key=lambda p: (p.sheet != parsed.sheet_names.get(PRODUCTS), p.line))
    return parsed
