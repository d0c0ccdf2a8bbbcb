"""Forms of the showcase settings and the district's news. They read what managers type; the
services (``services.publishing``, ``services.news``) check and save it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.district.models import NewsItem, Showcase
from filiera.district.services import news, publishing


class ShowcaseForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Showcase
        fields = publishing.FIELDS
        widgets = {
            "story_it": forms.Textarea(attrs={"rows": 8}),
            "story_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "published": _lazy(
                "Visitors see the showcase, its firms, news and open data only when this is on."
            ),
            "headline_it": _lazy("One line that says what the district is known for."),
            "headline_en": _lazy("Empty: the Italian headline is shown."),
            "story_it": _lazy("A few paragraphs; an empty line starts a new paragraph."),
            "story_en": _lazy("Empty: the Italian story is shown."),
        }


class NewsForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = news.FIELDS
        widgets = {
            "body_it": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title_en": _lazy("Empty: the Italian title is shown."),
            "body_en": _lazy("Empty: the Italian text is shown."),
            "published": _lazy("Published news appear in the public showcase."),
            "published_on": _lazy("Empty: today, when you publish."),
        }
