"""``filiera import companies FILE [--district SLUG] [--dry-run]``: firms and sites from CSV or XLSX.

Prints what was done (or, with ``--dry-run``, what would be done). A bad row stops the whole
import: every error is printed as ``line N, field: message`` and the command exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from filiera.registry.importing.records import ImportFileError
from filiera.registry.importing.service import Report, import_file
from filiera.registry.models import District


class Command(BaseCommand):
    help = "Import firms and sites from a CSV or XLSX file (see docs/import-format.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a .csv (UTF-8, comma or semicolon) or .xlsx file")
        parser.add_argument("--district", metavar="SLUG", help="add the firms to this district")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        district = self._district(options["district"])
        try:
            with path.open("rb") as stream:
                report = import_file(
                    stream,
                    path.name,
                    district=district,
                    dry_run=options["dry_run"],
                    size=path.stat().st_size,
                )
        except ImportFileError as exc:
            raise CommandError(exc.translated()) from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(
                    _("line %(line)s, %(field)s: %(message)s")
                    % {"line": error.line, "field": error.field, "message": error.translated()}
                )
            raise CommandError(
                _("%(rows)s of %(total)s rows have errors: nothing was saved.")
                % {"rows": report.bad_lines, "total": report.rows}
            )
        self._summary(report, district)

    def _district(self, slug: str | None) -> District | None:
        if not slug:
            return None
        try:
            return District.objects.get(slug=slug)
        except District.DoesNotExist:
            raise CommandError(
                _("No district has the short name “%(slug)s”.") % {"slug": slug}
            ) from None

    def _summary(self, report: Report, district: District | None) -> None:
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
