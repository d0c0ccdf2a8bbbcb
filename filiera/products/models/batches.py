"""Batches of a product (lots, with an optional range of serial numbers) and what happened to each
batch at each step of the chain: the traceability events a batch or item passport carries."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# GS1 AI (10) lot and AI (21) serial: up to 20 characters of GS1's character set 82.
GS1_TEXT = RegexValidator(
    r"^[!%-?A-Z_a-z\"]{1,20}$",
    _("Use up to 20 letters, digits or the signs allowed in barcodes (no spaces)."),
)


class Batch(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="batches"
    )
    lot = models.CharField(_("lot"), max_length=20, validators=[GS1_TEXT])
    serial_first = models.CharField(
        _("first serial number"), max_length=20, blank=True, validators=[GS1_TEXT]
    )
    serial_last = models.CharField(
        _("last serial number"), max_length=20, blank=True, validators=[GS1_TEXT]
    )
    produced_on = models.DateField(_("produced on"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity (items)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "-produced_on", "lot"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(fields=["product", "lot"], name="products_batch_lot_once"),
            models.CheckConstraint(
                condition=(models.Q(serial_first="") & models.Q(serial_last=""))
                | (~models.Q(serial_first="") & ~models.Q(serial_last="")),
                name="products_batch_serial_range_complete",
                violation_error_message=_("Give both the first and the last serial number."),
            ),
        ]

    def __str__(self) -> str:
        return self.lot

    def has_serial(self, serial: str) -> bool:
        """Whether ``serial`` falls in the batch's range: numerically when both ends and the serial
        are numbers, else in text order among serials of the same length."""
        first, last = self.serial_first, self.serial_last
        if not first:
            return False
        if first.isdigit() and last.isdigit() and serial.isdigit():
            return int(first) <= int(serial) <= int(last)
        return len(serial) == len(first) == len(last) and first <= serial <= last


class BatchEvent(models.Model):
    """A batch passing through one step of the chain: when, how many, at which site."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        "products.ProductStep", on_delete=models.CASCADE, related_name="events"
    )
    occurred_on = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(_("quantity (items)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "occurred_on", "id"]
        verbose_name = _("traceability event")
        verbose_name_plural = _("traceability events")

    def __str__(self) -> str:
        return f"{self.batch} · {self.step} · {self.occurred_on}"
