"""Forms of the trust pages: verify a credential, rotate an issuer's key."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# A credential is a few kilobytes; a file or text larger than this is refused unread.
MAX_BYTES = 1_000_000
# What browsers send for .json, .jwt, .txt files (and for unknown extensions).
UPLOAD_TYPES = {
    "",
    "application/json",
    "application/ld+json",
    "application/vc+jwt",
    "application/jwt",
    "application/vc+ld+json",
    "application/octet-stream",
    "text/plain",
}


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Signed credential or JSON"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Paste the signed credential (it starts with “ey”) or its JSON."),
    )
    file = forms.FileField(
        label=_("or a file"),
        required=False,
        help_text=_("A .json or .jwt file of at most 1 MB."),
    )

    def clean_credential(self) -> str:
        text = self.cleaned_data.get("credential") or ""
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise forms.ValidationError(_("The text is too long: at most 1 MB."))
        return text

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 1 MB."))
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if content_type not in UPLOAD_TYPES:
            raise forms.ValidationError(
                _("The file is not a credential (JSON or JWT text): its type is %(type)s."),
                params={"type": content_type},
            )
        raw = upload.read(MAX_BYTES + 1)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not text (UTF-8).")) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text, uploaded = data.get("credential"), data.get("file")
        if text and uploaded is not None:
            raise forms.ValidationError(_("Paste a credential or choose a file, not both."))
        if not text and not uploaded:
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        data["input"] = text or uploaded
        return data


class RotateKeyForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: new credentials will be signed with a new key; what the old key "
            "signed stays valid."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm the new key.")},
    )
