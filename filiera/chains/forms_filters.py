"""The filters of a brand's chain pages (GET parameters): process, tier and a name search.

The choices come from the chain itself, so a brand only picks processes its chain has. An
unknown value is reported on the field and the filter is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from filiera.chains.models import Tier


class ChainFilterForm(forms.Form):
    process = forms.ChoiceField(label=_("Process"), required=False)
    tier = forms.TypedChoiceField(
        label=_("Tier"), required=False, coerce=int, empty_value=None, choices=()
    )
    q = forms.CharField(label=_("Supplier name"), required=False, max_length=100)

    def __init__(self, data=None, *, processes: Sequence[tuple[str, str]] = (), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["process"].choices = [("", _("All")), *processes]  # type: ignore[attr-defined]
        self.fields["tier"].choices = [("", _("All")), *Tier.choices]  # type: ignore[attr-defined]

    def values(self) -> dict:
        """The valid filters (an invalid field counts as not set)."""
        if not self.is_bound:
            return {"process": "", "tier": None, "q": ""}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "process": cleaned.get("process") or "",
            "tier": cleaned.get("tier"),
            "q": (cleaned.get("q") or "").strip(),
        }

    def query_string(self) -> str:
        """The active filters as a query string (for export links and pages)."""
        from urllib.parse import urlencode

        values = self.values()
        pairs = [(k, v) for k, v in values.items() if v not in ("", None)]
        return urlencode(pairs)
