"""Import a brand's products and steps: check the file, then write it through the product
services in one transaction, or nothing.

Products are matched by model code within the brand: a new code adds a product, a known one
updates it (empty cells leave stored values alone). A product with rows in the steps sheet has
its steps replaced by those rows. Every row is written in its own savepoint so that the errors
of all rows are found; when any row fails, or for a dry run, the whole transaction is rolled
back, so a dry run's counts are exactly what the import would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.products import services
from filiera.products.models import Product
from filiera.products.selectors import step_site_choices
from filiera.products.services.composition import composition_lines
from filiera.products.services.label import component_lines
from filiera.products.services.steps import step_lines
from filiera.registry.models import Firm

from .columns import PRODUCTS, STEPS
from .parse import Parsed, Problem, ProductRecord, StepRecord, parse, site_keys
from .sheets import read_sheets

STEP_COLUMNS = {"stage", "site", "country", "process", "started_on", "finished_on"}


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    rows: dict[str, int] = field(default_factory=dict)  # rows read, by sheet kind
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({(e.sheet, e.line) for e in self.errors})

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def product_rows(self) -> int:
        return self.rows.get(PRODUCTS, 0)

    @property
    def step_rows(self) -> int:
        return self.rows.get(STEPS, 0)


def _sites(brand: Firm) -> dict[str, int]:
    keys: dict[str, int] = {}
    for site_id, facility_id, gln in step_site_choices(brand).values_list(
        "id", "facility_id", "gln"
    ):
        keys |= site_keys(site_id, facility_id, gln)
    return keys


def import_products(
    stream: BinaryIO,
    filename: str,
    *,
    brand: Firm,
    actor=None,
    dry_run: bool = False,
    size: int | None = None,
) -> Report:
    """Check ``stream`` and, unless it has errors or this is a dry run, save it. Problems with
    the file as a whole raise ``ImportFileError``."""
    sheets = read_sheets(stream, filename, max_bytes=settings.IMPORT_MAX_BYTES, size=size)
    parsed = parse(sheets, sites=_sites(brand), processes=services.process_codes())
    report = Report(
        dry_run=dry_run,
        rows=parsed.rows,
        errors=list(parsed.problems),
        ignored_columns=parsed.ignored_columns,
        ignored_sheets=parsed.ignored_sheets,
    )
    with transaction.atomic():
        _check_step_products(brand, parsed, report)
        if report.errors:
            return report
        _write(brand, actor, parsed, report)
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            audit.record(
                actor,
                "import",
                brand,
                changes={
                    "products import": [
                        None,
                        {
                            "file": filename,
                            "created": report.created,
                            "updated": report.updated,
                            "unchanged": report.unchanged,
                        },
                    ]
                },
                firm_id=brand.pk,
            )
    if report.errors:
        report.created = report.updated = report.unchanged = 0
    return report


def _check_step_products(brand: Firm, parsed: Parsed, report: Report) -> None:
    """Every model code of the steps sheet is a product of the file or of the brand."""
    in_file = {record.model_code for record in parsed.products}
    stored = set(
        Product.objects.filter(brand=brand, model_code__in=list(parsed.steps)).values_list(
            "model_code", flat=True
        )
    )
    sheet = parsed.sheet_names.get(STEPS, STEPS)
    for code, records in parsed.steps.items():
        if code in in_file or code in stored:
            continue
        for record in records:
            report.errors.append(
                Problem(
                    sheet,
                    record.line,
                    "model_code",
                    UserError(
                        N_("no product has the model code %(code)s: add it to the products sheet."),
                        code=code,
                    ),
                )
            )


def _signature(product: Product) -> tuple:
    """What the import may change about a product, read fresh from the database."""
    product = Product.objects.get(pk=product.pk)
    return (
        audit.snapshot(product, services.PRODUCT_FIELDS),
        composition_lines(product),
        component_lines(product),
        step_lines(product),
    )


def _write(brand: Firm, actor, parsed: Parsed, report: Report) -> None:
    stored = {
        p.model_code: p
        for p in Product.objects.filter(
            brand=brand,
            model_code__in=[r.model_code for r in parsed.products] + list(parsed.steps),
        )
    }
    products_sheet = parsed.sheet_names.get(PRODUCTS, PRODUCTS)
    steps_sheet = parsed.sheet_names.get(STEPS, STEPS)
    records = {r.model_code: r for r in parsed.products}
    for code in [*records, *[c for c in parsed.steps if c not in records]]:
        product = stored.get(code)
        before = _signature(product) if product is not None else None
        try:
            with transaction.atomic():
                if code in records:
                    product = _write_product(brand, actor, product, records[code])
                if code in parsed.steps and product is not None:
                    _write_steps(actor, product, parsed.steps[code])
        except _RowFailed as failed:
            sheet = steps_sheet if failed.steps else products_sheet
            report.errors.append(Problem(sheet, failed.line, failed.column, failed.error))
            continue
        assert product is not None
        if before is None:
            report.created += 1
        elif _signature(product) != before:
            report.updated += 1
        else:
            report.unchanged += 1


class _RowFailed(Exception):
    def __init__(self, line: int, column: str, error: UserError, *, steps: bool = False) -> None:
        super().__init__(str(error))
        self.line, self.column, self.error, self.steps = line, column, error, steps


def _write_product(brand: Firm, actor, product: Product | None, record: ProductRecord) -> Product:
    try:
        if product is None:
            product = services.create_product(
                actor, brand, model_code=record.model_code, **record.fields
            )
        elif record.fields:
            services.update_product(actor, product, **record.fields)
    except services.ProductError as err:
        column = err.field if err.field else "model_code"
        raise _RowFailed(record.line, column, _plain(err)) from err
    if record.materials is not None:
        try:
            services.set_composition(actor, product, record.materials)
        except services.ProductError as err:
            raise _RowFailed(record.line, "materials", _plain(err)) from err
    if record.components is not None:
        try:
            services.set_components(actor, product, record.components)
        except services.ProductError as err:
            raise _RowFailed(record.line, "composition", _plain(err)) from err
    return product


def _write_steps(actor, product: Product, records: list[StepRecord]) -> None:
    try:
        services.set_steps(actor, product, [record.row for record in records])
    except services.ProductError as err:
        row = err.row if err.row is not None and 1 <= err.row <= len(records) else 1
        column = err.field if err.field in STEP_COLUMNS else "stage"
        raise _RowFailed(records[row - 1].line, column, _plain(err), steps=True) from err


def _plain(err: services.ProductError) -> UserError:
    """A service's error as a row problem (the same words)."""
    params: dict[str, Any] = dict(err.params)
    return UserError(err.template, **params)
