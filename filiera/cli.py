"""The ``filiera`` console command: a thin wrapper over Django's management commands.

``filiera runserver``, ``filiera demo``, ``filiera import companies FILE`` …
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
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
