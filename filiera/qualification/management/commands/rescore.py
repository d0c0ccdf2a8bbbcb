"""``filiera rescore --version SLUG@N [--weighting ID] [--district SLUG] [--date YYYY-MM-DD]``

Re-scores the frozen answers of every submitted, in-review and verified assessment (of one
district, or of all) under a published methodology version, optionally with a weighting. The
snapshots are kind ``rescore``: official scores do not change. Prints the counts and the time.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from filiera.core.usererror import UserError
from filiera.qualification.models import MethodologyVersion, Weighting
from filiera.qualification.services import rescoring
from filiera.registry.models import District


class Command(BaseCommand):
    help = "Re-score handed-in assessments under a methodology version (and a weighting)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # ``--version`` names the methodology version here, not Django's own version.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", required=True, help="the version as SLUG@N")
        parser.add_argument("--weighting", type=int, help="id of a weighting of that methodology")
        parser.add_argument("--district", help="only this district (its slug)")
        parser.add_argument("--date", help="score as of this day (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        version = self._version(options["version"])
        weighting = None
        if options["weighting"] is not None:
            weighting = Weighting.objects.filter(pk=options["weighting"]).first()
            if weighting is None:
                raise CommandError(f"--weighting: no weighting with id {options['weighting']}")
        district = None
        if options["district"]:
            district = District.objects.filter(slug=options["district"]).first()
            if district is None:
                raise CommandError(f"--district: no district {options['district']!r}")
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date: write the day as YYYY-MM-DD") from None
        try:
            run = rescoring.rescore(version, district=district, weighting=weighting, on=on)
        except UserError as err:
            raise CommandError(str(err)) from None
        noun = "assessment" if run.count == 1 else "assessments"
        statuses = ", ".join(f"{status} {n}" for status, n in run.by_status.items())
        where = f" in {district.slug}" if district else ""
        with_weighting = f" with weighting {weighting.pk} ({weighting.name})" if weighting else ""
        self.stdout.write(
            f"{version.key}{with_weighting}: re-scored {run.count} {noun}{where} "
            f"as of {on.isoformat()} ({statuses}) in {run.seconds:.2f} s"
        )

    @staticmethod
    def _version(key: str) -> MethodologyVersion:
        slug, _, number = key.rpartition("@")
        if not slug or not number.isdigit():
            raise CommandError(f"--version: write it as SLUG@N, e.g. filiera-base@1 (got {key!r})")
        version = (
            MethodologyVersion.objects.select_related("methodology")
            .filter(methodology__slug=slug, number=int(number))
            .first()
        )
        if version is None:
            raise CommandError(f"--version: no methodology version {key}")
        return version
