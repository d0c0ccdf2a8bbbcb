"""Form pieces shared by the apps."""

from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _lazy


class PlainLabels:
    """Labels without the trailing colon, as the CSS framework expects."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FieldGroups:
    """Named groups of a form's fields, for templates that lay a long form out in sections:
    ``{% for field in form.groups.main %}`` walks the bound fields named in ``GROUPS["main"]``."""

    GROUPS: dict[str, tuple[str, ...]] = {}

    @cached_property
    def groups(self) -> dict[str, list]:
        return {key: [self[name] for name in names] for key, names in self.GROUPS.items()}  # type: ignore[index]


class ImportFileForm(PlainLabels, forms.Form):
    """A CSV or XLSX file to import and the dry-run box; each import says what its rows hold."""

    file_help: Any = _lazy("CSV (UTF-8, comma or semicolon) or XLSX.")

    file = forms.FileField(
        label=_lazy("File"),
        allow_empty_file=True,  # the import says "the file is empty" itself
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_lazy("Dry run: check the file and count the changes, save nothing"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.file_help
