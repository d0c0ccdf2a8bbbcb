"""The audit log: who changed which domain object, when, and what changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    # Plain ids rather than foreign keys: the history outlives merged or deleted objects.
    firm_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    district_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


ACTION_LABELS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "import": _("imported"),
    "merge": _("merged"),
    "merged_into": _("merged into another"),
    "invite": _("invited"),
    "accept_invitation": _("accepted the invitation"),
    "add_member": _("added a person"),
    "change_member": _("changed a role"),
    "remove_member": _("removed a person"),
    "confirmed": _("confirmed a duplicate"),
    "dismissed": _("dismissed a duplicate"),
    "demo_create": _("created the demo district"),
    "demo_reset": _("reset the demo district"),
    "join_district": _("joined the district"),
    "start_assessment": _("started an assessment"),
    "answer": _("answered"),
    "carry_forward": _("confirmed answers unchanged"),
    "submit": _("submitted"),
    "take_in_review": _("took in review"),
    "return": _("returned with comments"),
    "verify": _("verified"),
    "correct": _("corrected an answer"),
    "dispute": _("disputed a correction"),
    "resolve_dispute": _("answered a dispute"),
    "add_evidence": _("added evidence"),
    "change_evidence": _("changed evidence"),
    "remove_evidence": _("removed evidence"),
    "evidence_expired": _("evidence expired"),
    "derive_methodology": _("derived a methodology"),
    "change_methodology": _("changed a draft methodology"),
    "publish_methodology": _("published a methodology"),
    "plan_action": _("changed an improvement action"),
    "publish_scorecard": _("changed what the scorecard shows"),
    "change_weighting": _("changed area weights"),
    "invite_supplier": _("invited a supplier"),
    "accept_supply_invitation": _("accepted a supply invitation"),
    "refuse_supply_invitation": _("refused a supply invitation"),
    "cancel_supply_invitation": _("cancelled a supply invitation"),
    "join_supply_invitation": _("answered a supply invitation for a firm"),
    "change_relation": _("changed a supply relation"),
    "end_relation": _("ended a supply relation"),
    "change_sharing": _("changed what a client sees"),
    "revoke_sharing": _("stopped sharing with a client"),
    "request_sharing": _("asked a supplier to share more"),
    "decline_sharing_request": _("declined a request to share more"),
    "revoke": _("revoked"),
    "issue_passport": _("issued a product passport"),
    "revoke_passport": _("revoked a product passport"),
    "revoke_credential": _("revoked a credential"),
    "create_issuer": _("became an issuer of credentials"),
    "rename_issuer": _("renamed an issuer of credentials"),
    "add_issuer_key": _("added a signing key"),
    "rotate_issuer_key": _("rotated the signing key"),
    "create_status_list": _("started a revocation list"),
    "grant_passport_viewer": _("let a firm see its passports' value chain"),
    "withdraw_passport_viewer": _("stopped letting a firm see its passports' value chain"),
    "archive_flow": _("archived a resource flow"),
    "restore_flow": _("restored a resource flow"),
    "express_interest": _("expressed interest in a suggested exchange"),
    "share_contacts": _("shared contacts for an exchange"),
    "decline_match": _("declined a suggested exchange"),
    "agree_exchange": _("recorded an agreed exchange"),
    "activate_exchange": _("started an exchange"),
    "close_exchange": _("closed an exchange"),
    "record_delivery": _("recorded a quantity exchanged"),
    "run_allocation": _("ran the district allocation of exchanges"),
}
