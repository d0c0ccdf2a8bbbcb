"""Forms of the review pages: filtering the queue, returning an assessment, correcting an answer,
disputing a correction and deciding a dispute. Each required field says what it needs by name."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from filiera.core.forms import PlainLabels
from filiera.qualification.methodology.schema import Question
from filiera.qualification.models import Assessment, Correction

Status = Assessment.Status

OPEN = "open"
ALL = "all"
OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW)


class QueueFilterForm(PlainLabels, forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (OPEN, _("To review (submitted or in review)")),
            *[(value, capfirst(label)) for value, label in Status.choices],
            (ALL, _("All")),
        ],
    )

    def statuses(self) -> tuple[str, ...] | None:
        """The statuses to list; ``None`` lists every status."""
        chosen = self.cleaned_data.get("status") if self.is_valid() else OPEN
        if chosen == ALL:
            return None
        if not chosen or chosen == OPEN:
            return tuple(OPEN_STATUSES)
        return (chosen,)


class ReturnForm(PlainLabels, forms.Form):
    comment = forms.CharField(
        label=_("Comment for the firm"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say plainly what the firm must fix or add before sending it again."),
        error_messages={"required": _("Comment: tell the firm what to fix.")},
    )


YESNO_CHOICES = [
    ("yes", _("Yes")),
    ("partial", _("Partly")),
    ("no", _("No")),
    ("na", _("Not applicable")),
]


class CorrectionForm(PlainLabels, forms.Form):
    """The corrected value, with a field that fits the question's type, and the reason."""

    value = forms.CharField(label=_("Corrected answer"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The firm reads this: say what the documents show."),
        error_messages={"required": _("Reason: say why the answer is corrected.")},
    )

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["value"] = value_field(question)


def value_field(question: Question) -> forms.Field:
    required = {"required": _("Corrected answer: choose or write the new answer.")}
    label = _("Corrected answer")
    if question.type == "yesno":
        return forms.ChoiceField(label=label, choices=YESNO_CHOICES, error_messages=required)
    if question.type == "choice":
        language = get_language() or "it"
        choices: list[tuple[str, str | Promise]] = [
            (c.code, c.label.get(language)) for c in question.choices
        ]
        choices.append(("na", _("Not applicable")))
        return forms.ChoiceField(label=label, choices=choices, error_messages=required)
    if question.type == "number":
        return forms.CharField(
            label=f"{label} ({question.unit})" if question.unit else label,
            max_length=40,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages=required,
        )
    if question.type == "date":
        return forms.CharField(
            label=label,
            max_length=10,
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages=required,
        )
    return forms.CharField(label=label, max_length=500, error_messages=required)


class DisputeForm(PlainLabels, forms.Form):
    text = forms.CharField(
        label=_("Why the correction is wrong"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Explain what the verifier should look at again."),
        error_messages={"required": _("Dispute: say why the correction is wrong.")},
    )


class ResolveForm(PlainLabels, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Correction.Resolution.UPHELD, _("Keep the correction")),
            (Correction.Resolution.REVERTED, _("Restore the firm's answer")),
        ],
        error_messages={
            "required": _("Decision: keep the correction or restore the firm's answer."),
            "invalid_choice": _("Decision: keep the correction or restore the firm's answer."),
        },
    )
    note = forms.CharField(
        label=_("Answer to the firm"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Answer to the firm: explain the decision.")},
    )
