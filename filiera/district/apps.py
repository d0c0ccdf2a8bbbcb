from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictConfig(AppConfig):
    name = "filiera.district"
    label = "district"
    verbose_name = _("District insight and showcase")

    def ready(self) -> None:
        from filiera.district import signals  # noqa: F401  (keep the public directory current)
