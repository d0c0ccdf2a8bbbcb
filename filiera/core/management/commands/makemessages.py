"""``makemessages`` that also collects texts marked with ``N_`` in the plain-Python engines."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
