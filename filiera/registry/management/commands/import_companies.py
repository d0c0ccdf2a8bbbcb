"""``filiera import companies FILE [--district SLUG] [--dry-run]``: firms and sites from CSV or XLSX.

Prints what was done (or, with ``--dry-run``, what would be done). A bad row stops the whole
import: every error is printed as ``line N, field: message`` and the command exits with status 1.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from filiera.registry.importing.command import ImportFileCommand
from filiera.registry.importing.service import Report, import_file
from filiera.registry.models import District


class Command(ImportFileCommand):
    help = "Import firms and sites from a CSV or XLSX file (see docs/import-format.md)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--district", metavar="SLUG", help="add the firms to this district")

    def target(self, options) -> District | None:
        return self._district(options["district"])

    def run(self, stream, name, *, target, dry_run, size) -> Report:
        return import_file(stream, name, district=target, dry_run=dry_run, size=size)

    def error_line(self, error) -> str:
        return _("line %(line)s, %(field)s: %(message)s") % {
            "line": error.line,
            "field": error.field,
            "message": error.translated(),
        }

    def rows_read(self, report: Report) -> int:
        return report.rows

    def _district(self, slug: str | None) -> District | None:
        if not slug:
            return None
        try:
            return District.objects.get(slug=slug)
        except District.DoesNotExist:
            raise CommandError(
                _("No district has the short name “%(slug)s”.") % {"slug": slug}
            ) from None

    def summary(self, report: Report, district: District | None) -> None:
        out = self.stdout.write
        if report.dry_run:
            out(_("Dry run: the file is valid; nothing was saved."))
            out(
                _("Would create %(created)s firms and update %(updated)s (%(same)s unchanged).")
                % _firm_counts(report)
            )
            out(
                _("Would create %(created)s sites and update %(updated)s (%(same)s unchanged).")
                % _site_counts(report)
            )
        else:
            out(self.style.SUCCESS(_("Imported %(rows)s rows.") % {"rows": report.rows}))
            out(
                _("Created %(created)s firms and updated %(updated)s (%(same)s unchanged).")
                % _firm_counts(report)
            )
            out(
                _("Created %(created)s sites and updated %(updated)s (%(same)s unchanged).")
                % _site_counts(report)
            )
        if district is None:
            out(_("No district given: the firms were not added to a district."))
        elif report.firms_joined:
            out(
                _("%(count)s registered firms joined %(district)s.")
                % {"count": report.firms_joined, "district": district}
            )
        if report.duplicates is None and not report.dry_run and report.firms_created:
            out(_("Duplicate check skipped: too many new firms for one import."))
        elif report.duplicates:
            out(_("%(count)s possible duplicates to review.") % {"count": report.duplicates})
        if report.ignored_columns:
            out(_("Columns not read: %(columns)s") % {"columns": ", ".join(report.ignored_columns)})
        if report.ignored_processing_types:
            out(
                _("Processing types that match no process (ignored): %(types)s")
                % {"types": ", ".join(report.ignored_processing_types)}
            )


def _firm_counts(report: Report) -> dict[str, int]:
    return {
        "created": report.firms_created,
        "updated": report.firms_updated,
        "same": report.firms_unchanged,
    }


def _site_counts(report: Report) -> dict[str, int]:
    return {
        "created": report.sites_created,
        "updated": report.sites_updated,
        "same": report.sites_unchanged,
    }
