"""Public pages of the published good practices that come from a district."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def practices(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/practices/", practices, "showcase_practices"),
]
