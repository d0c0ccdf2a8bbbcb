"""``filiera import products FILE [--brand VAT] [--dry-run]``: a brand's products and steps from
CSV or XLSX (see docs/import-format.md, "Products").

Prints what was done (or, with ``--dry-run``, what would be done). A bad row stops the whole
import: every problem is printed as ``sheet, line N, column: message`` and the command exits
with status 1. Without ``--brand`` the import goes to the only brand on the platform, if there
is exactly one.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from filiera.products.importing.service import Report, import_products
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.importing.command import ImportFileCommand
from filiera.registry.models import Firm


class Command(ImportFileCommand):
    help = "Import a brand's products and their steps from a CSV or XLSX file."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--brand", metavar="VAT", help="the VAT number of the brand")

    def target(self, options) -> Firm:
        return self._brand(options["brand"])

    def run(self, stream, name, *, target, dry_run, size) -> Report:
        return import_products(stream, name, brand=target, dry_run=dry_run, size=size)

    def error_line(self, error) -> str:
        return _("%(sheet)s, line %(line)s, %(column)s: %(message)s") % {
            "sheet": error.sheet,
            "line": error.line,
            "column": error.column,
            "message": error.translated(),
        }

    def rows_read(self, report: Report) -> int:
        return report.total_rows

    def _brand(self, vat: str | None) -> Firm:
        if not vat:
            brands = list(Firm.objects.filter(role=Firm.Role.BRAND)[:2])
            if len(brands) == 1:
                return brands[0]
            raise CommandError(_("Say which brand the products are of: --brand VAT."))
        try:
            canonical, _country = normalise_vat(vat)
        except IdentifierError as exc:
            raise CommandError(_("--brand: %(message)s") % {"message": exc.translated()}) from None
        firm = Firm.objects.filter(vat=canonical).first()
        if firm is None:
            raise CommandError(_("No firm has the VAT number %(vat)s.") % {"vat": vat})
        return firm

    def summary(self, report: Report, brand: Firm) -> None:
        out = self.stdout.write
        counts = {
            "created": report.created,
            "updated": report.updated,
            "same": report.unchanged,
            "brand": brand.legal_name,
        }
        if report.dry_run:
            out(_("Dry run: the file is valid; nothing was saved."))
            out(
                _(
                    "Would create %(created)s products of %(brand)s and update %(updated)s "
                    "(%(same)s unchanged)."
                )
                % counts
            )
        else:
            out(
                self.style.SUCCESS(
                    _(
                        "Created %(created)s products of %(brand)s and updated %(updated)s "
                        "(%(same)s unchanged)."
                    )
                    % counts
                )
            )
        out(
            _("Rows read: %(products)s products, %(steps)s steps.")
            % {"products": report.product_rows, "steps": report.step_rows}
        )
        if report.ignored_columns:
            out(_("Columns not read: %(columns)s") % {"columns": ", ".join(report.ignored_columns)})
        if report.ignored_sheets:
            out(_("Sheets not read: %(sheets)s") % {"sheets": ", ".join(report.ignored_sheets)})
