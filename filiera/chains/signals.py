"""Signal handlers of the chains app: a new official score may raise grade-drop alerts."""

from __future__ import annotations

from django.db.models.signals import post_save


def score_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created:
        return
    from filiera.chains.services.alerts import grade_drop

    grade_drop(instance)


def connect() -> None:
    from filiera.qualification.models import Score

    post_save.connect(score_saved, sender=Score, dispatch_uid="chains_grade_drop")
