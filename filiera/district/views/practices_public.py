"""Public pages of the published good practices that come from a district (only while the
district's showcase is published), in Italian and English.

They show the practice, its experts' average marks and how many adopted it; never the experts'
comments or names, never a draft, and the origin firm only when it agreed to be named.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from filiera.district import selectors_practices as sel
from filiera.district.context import public_context
from filiera.district.public import both, public_page, public_url, showcase_district, text


@public_page
def practices(request, slug: str, lang: str):
    district = showcase_district(slug)
    names = sel.catalogue(lang)
    found = sel.with_stats(sel.published().filter(district=district))
    cards = [
        sel.card(p, lang, names, public_url("showcase_practice", lang, slug=slug, pk=p.pk))
        for p in found
    ]
    context = public_context(district, lang, "showcase_practices", "", slug=slug)
    context["cards"] = cards
    return render(request, "district/public/practice_list.html", context)


@public_page
def practice(request, slug: str, pk: int, lang: str):
    district = showcase_district(slug)
    found = sel.published().filter(district=district, pk=pk).first()
    if found is None:
        raise Http404("No such practice")
    names = sel.catalogue(lang)
    summary = text(found, "summary", lang)
    context = public_context(district, lang, "showcase_practice", summary, slug=slug, pk=pk)
    context.update(
        {
            "practice": found,
            "title": text(found, "title", lang),
            "summary": summary,
            "body": text(found, "body", lang),
            "results": text(found, "results", lang),
            "theme": found.get_theme_display(),
            "areas": names.area_names(found.areas),
            "firm_name": sel.firm_name(found),
            "marks": sel.marks(found),
            "adoptions": sel.adoption_counts(found),
            "list_url": public_url("showcase_practices", lang, slug=slug),
        }
    )
    return render(request, "district/public/practice_detail.html", context)


urlpatterns: list = [
    *both("showcase/<slug:slug>/practices/", practices, "showcase_practices"),
    *both("showcase/<slug:slug>/practices/<int:pk>/", practice, "showcase_practice"),
]
