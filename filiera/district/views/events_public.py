"""Public calendar of a district's public events."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def events(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/events/", events, "showcase_events"),
]
