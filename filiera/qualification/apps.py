from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_shipped_methodologies(sender, using="default", **kwargs) -> None:
    """Keep the database in step with the methodology files shipped in ``methodologies/``."""
    from filiera.qualification.services.methodologies import sync_shipped

    sync_shipped(strict=False)


class QualificationConfig(AppConfig):
    name = "filiera.qualification"
    label = "qualification"
    verbose_name = _("Qualification")

    def ready(self) -> None:
        post_migrate.connect(_load_shipped_methodologies, sender=self)
