"""``makemessages`` that also collects ``N_`` (plain-Python engines) and ``_lazy`` texts."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_", "--keyword=_lazy"]
