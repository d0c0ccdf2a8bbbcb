"""Open data: the public directory as CSV and JSON-LD, the embeddable widget, the sitemap."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def open_data(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/open-data/", open_data, "showcase_open_data"),
]
