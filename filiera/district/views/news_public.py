"""Public news of a district."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def news(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/news/", news, "showcase_news"),
]
