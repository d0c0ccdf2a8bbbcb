"""What ``filiera import companies`` and ``filiera import products`` share: read FILE, run the
import, and either print every bad row on stderr and fail (nothing saved) or print a summary."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from filiera.registry.importing.records import ImportFileError


class ImportFileCommand(BaseCommand):
    """Subclasses add their target option and say how to find the target, run the import, write
    one bad row, count the rows read and sum up."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a .csv (UTF-8, comma or semicolon) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        target = self.target(options)
        try:
            with path.open("rb") as stream:
                report = self.run(
                    stream,
                    path.name,
                    target=target,
                    dry_run=options["dry_run"],
                    size=path.stat().st_size,
                )
        except ImportFileError as exc:
            raise CommandError(exc.translated()) from exc
        if not report.ok:
            for error in report.errors:
                self.stderr.write(self.error_line(error))
            raise CommandError(
                _("%(rows)s of %(total)s rows have errors: nothing was saved.")
                % {"rows": report.bad_lines, "total": self.rows_read(report)}
            )
        self.summary(report, target)

    def target(self, options: dict[str, Any]) -> Any:
        raise NotImplementedError

    def run(self, stream: IO[bytes], name: str, *, target: Any, dry_run: bool, size: int) -> Any:
        raise NotImplementedError

    def error_line(self, error: Any) -> str:
        raise NotImplementedError

    def rows_read(self, report: Any) -> int:
        raise NotImplementedError

    def summary(self, report: Any, target: Any) -> None:
        raise NotImplementedError
