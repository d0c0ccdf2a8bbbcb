"""Networks of firms (contratto di rete): members and roles, documents, shared services and
projects. A network's page is public only when the network chooses so."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("network contract without legal personality (rete-contratto)")
        ENTITY = "entity", _("network with legal personality (rete-soggetto)")
        INFORMAL = "informal", _("informal network or cluster")

    district = models.ForeignKey(
        "registry.District", on_delete=models.PROTECT, related_name="networks"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    purpose_it = models.TextField(_("shared programme (Italian)"))
    purpose_en = models.TextField(_("shared programme (English)"), blank=True)
    signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    expires_on = models.DateField(_("contract ends on"), null=True, blank=True)
    vat = models.CharField(_("VAT number (rete-soggetto)"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    public = models.BooleanField(_("the network page is public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("network of firms")
        verbose_name_plural = _("networks of firms")

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead firm (capofila)")
        MEMBER = "member", _("member")
        PARTNER = "partner", _("partner (lab, school, association)")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="networks")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["role", "firm__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "firm"], name="unique_network_member")
        ]

    def __str__(self) -> str:
        return f"{self.network} · {self.firm}"


def document_path(instance: NetworkDocument, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"networks/{instance.network_id}/{uuid.uuid4().hex}{suffix}"


class NetworkDocument(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NetworkService(models.Model):
    """A service the network shares among its members (purchasing, lab, logistics…)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="services")
    name_it = models.CharField(_("service (Italian)"), max_length=200)
    name_en = models.CharField(_("service (English)"), max_length=200, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["name_it", "id"]

    def __str__(self) -> str:
        return self.name_it


class NetworkProject(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="projects")
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title_it
