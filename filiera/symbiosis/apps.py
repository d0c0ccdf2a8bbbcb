from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SymbiosisConfig(AppConfig):
    name = "filiera.symbiosis"
    label = "symbiosis"
    verbose_name = _("Industrial symbiosis")

    def ready(self) -> None:
        from filiera.symbiosis import signals  # noqa: F401  (refresh suggestions when flows change)
