from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "filiera.chains"
    label = "chains"
    verbose_name = _("Supply chains")

    def ready(self) -> None:
        from filiera.chains import signals

        signals.connect()
