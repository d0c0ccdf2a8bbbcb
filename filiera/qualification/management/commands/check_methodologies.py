"""``filiera check-methodologies [DIR]``: check methodology file sets before loading them.

DIR is the folder that holds the methodologies (default: the project's ``methodologies/``) or one
``<slug>/<version>/`` folder. Every problem is printed as ``file:line: field: message``; the
command exits with status 1 when there is any, so it can run in CI or before a deployment.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from filiera.qualification.methodology.loader import (
    MAIN_FILES,
    MethodologyError,
    discover,
    load_file_set,
)


class Command(BaseCommand):
    help = "Check every methodology file set and print its problems (file:line: field: message)."

    def add_arguments(self, parser):
        parser.add_argument("dir", nargs="?", help="methodologies folder, or one version folder")

    def handle(self, *args, **options):
        root = Path(options["dir"] or settings.METHODOLOGIES_DIR)
        if not root.is_dir():
            raise CommandError(f"{root}: no such folder", returncode=1)
        single = any((root / name).is_file() for name in MAIN_FILES)
        folders = [root] if single else discover(root)
        if not folders:
            raise CommandError(f"no methodology found under {root}", returncode=1)
        problems = []
        for folder in folders:
            try:
                methodology = load_file_set(folder)
            except MethodologyError as exc:
                problems += exc.problems
                continue
            questions = sum(len(area.questions) for area in methodology.areas)
            self.stdout.write(
                f"{methodology.key}: ok ({len(methodology.areas)} areas, {questions} questions)"
            )
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found", returncode=1)
