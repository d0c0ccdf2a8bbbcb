"""The ``filiera`` console command: a thin wrapper over Django's management commands.

``filiera runserver``, ``filiera demo``, ``filiera import companies FILE``,
``filiera expire-evidence`` …
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filiera.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # `filiera import companies FILE` is the `import_companies` management command.
    if len(argv) >= 3 and argv[1] == "import":
        argv = [argv[0], f"import_{argv[2]}", *argv[3:]]
    # Hyphenated names read better on a command line: `filiera expire-evidence`.
    elif len(argv) >= 2 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
