"""Public pages of the networks that chose to be public."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def networks(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/networks/", networks, "showcase_networks"),
]
