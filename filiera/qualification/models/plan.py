"""Improvement plans: actions drawn from the gaps of an assessment, ranked, owned and dated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImprovementAction(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        DOING = "doing", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="improvement_actions"
    )
    assessment = models.ForeignKey(
        "qualification.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    question = models.CharField(max_length=40)
    area = models.CharField(max_length=40)
    points = models.FloatField(_("points gained"))
    ease = models.FloatField()
    peer_share = models.FloatField(_("peers already doing it"))
    priority = models.FloatField()
    due_date = models.DateField(_("due date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TODO
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "question"], name="unique_action_question")
        ]

    def __str__(self) -> str:
        return self.question
