"""The public showcase: the district's home, the firm directory with its search and map, each firm's public page and its contact form."""

from __future__ import annotations

from django.http import Http404

from filiera.district.public import both, public_page


@public_page
def home(request, slug: str, lang: str):
    raise Http404("Not built yet")


@public_page
def firms(request, slug: str, lang: str):
    raise Http404("Not built yet")


urlpatterns: list = [
    *both("showcase/<slug:slug>/", home, "showcase_home"),
    *both("showcase/<slug:slug>/firms/", firms, "showcase_firms"),
]
