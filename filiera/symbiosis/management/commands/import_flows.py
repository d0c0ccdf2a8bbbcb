"""``filiera import flows FILE [--district SLUG] [--dry-run]``: resource flows from CSV or XLSX
(see docs/import-format.md, "Flows").

Prints what was done (or, with ``--dry-run``, what would be done). A bad row stops the whole
import: every problem is printed as ``line N, column: message`` and the command exits with
status 1. With ``--district`` every row must be a flow of one of the district's firms; without
it, of any registered firm.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from filiera.registry.importing.command import ImportFileCommand
from filiera.registry.models import District
from filiera.symbiosis.importing.service import Report, import_flows


class Command(ImportFileCommand):
    help = "Import resource flows (offers and needs of firms' sites) from a CSV or XLSX file."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--district", metavar="SLUG", help="only firms of this district may appear in the file"
        )

    def target(self, options) -> District | None:
        slug = options["district"]
        if not slug:
            return None
        district = District.objects.filter(slug=slug).first()
        if district is None:
            raise CommandError(_("No district has the slug %(slug)s.") % {"slug": slug})
        return district

    def run(self, stream, name, *, target, dry_run, size) -> Report:
        return import_flows(stream, name, district=target, dry_run=dry_run, size=size)

    def error_line(self, error) -> str:
        return _("line %(line)s, %(column)s: %(message)s") % {
            "line": error.line,
            "column": error.field,
            "message": error.translated(),
        }

    def rows_read(self, report: Report) -> int:
        return report.rows

    def summary(self, report: Report, district: District | None) -> None:
        out = self.stdout.write
        counts = {
            "created": report.created,
            "updated": report.updated,
            "same": report.unchanged,
            "firms": report.firms,
        }
        if report.dry_run:
            out(_("Dry run: the file is valid; nothing was saved."))
            out(
                _(
                    "Would create %(created)s flows and update %(updated)s (%(same)s unchanged), "
                    "of %(firms)s firms."
                )
                % counts
            )
        else:
            out(
                self.style.SUCCESS(
                    _(
                        "Created %(created)s flows and updated %(updated)s (%(same)s unchanged), "
                        "of %(firms)s firms."
                    )
                    % counts
                )
            )
        if report.ignored_columns:
            out(_("Columns not read: %(columns)s") % {"columns": ", ".join(report.ignored_columns)})
