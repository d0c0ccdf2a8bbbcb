from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "filiera.footprint"
    label = "footprint"
    verbose_name = _("Environmental footprint")

    def ready(self) -> None:
        from filiera.footprint import signals

        signals.connect()
