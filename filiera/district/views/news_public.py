"""Public news of a district: the published ones, newest first, each at its own address."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from filiera.district.context import public_context
from filiera.district.public import both, public_page, showcase_district, text
from filiera.district.services.news import published_news

PAGE_SIZE = 10


def _row(item, lang: str) -> dict:
    body = text(item, "body", lang)
    return {
        "item": item,
        "title": text(item, "title", lang),
        "body": body,
        "summary": Truncator(strip_tags(body)).words(40),
    }


@public_page
def news(request, slug: str, lang: str):
    district = showcase_district(slug)
    page = Paginator(published_news(district.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    context = public_context(
        district,
        lang,
        "showcase_news",
        _("News from %(district)s") % {"district": district.name},
        slug=slug,
    )
    context.update(page=page, rows=[_row(item, lang) for item in page.object_list])
    return render(request, "district/public/news.html", context)


@public_page
def news_item(request, slug: str, pk: int, lang: str):
    district = showcase_district(slug)
    item = get_object_or_404(published_news(district.pk), pk=pk)
    row = _row(item, lang)
    context = public_context(district, lang, "showcase_news_item", row["summary"], slug=slug, pk=pk)
    context.update(row)
    return render(request, "district/public/news_item.html", context)


urlpatterns: list = [
    *both("showcase/<slug:slug>/news/", news, "showcase_news"),
    *both("showcase/<slug:slug>/news/<int:pk>/", news_item, "showcase_news_item"),
]
