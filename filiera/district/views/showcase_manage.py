"""District managers publish the showcase, write its story and its news.

The district's verifiers see these pages read-only (403 when they try to change something);
anyone else who is not on the district's staff gets 404; anonymous visitors go to the login.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.district.forms_news import NewsForm, ShowcaseForm
from filiera.district.models import NewsItem, Showcase, ShowcaseEntry
from filiera.district.public import LANGS, absolute, public_url
from filiera.district.services import news, publishing
from filiera.registry import access
from filiera.registry.models import District
from filiera.registry.views.district import get_district_for

NEWS_PAGE_SIZE = 20


def _staff_district(user, slug: str, *, manage: bool = False) -> District:
    """404 unless the user is on the district's staff; 403 when a verifier would change it."""
    district = get_district_for(user, slug)
    if manage and not access.can_manage_district(user, district):
        raise PermissionDenied
    return district


def _news_for(user, pk: int) -> NewsItem:
    item = get_object_or_404(NewsItem.objects.select_related("district"), pk=pk)
    if not access.can_view_district(user, item.district):
        raise Http404("No such news")
    if not access.can_manage_district(user, item.district):
        raise PermissionDenied
    return item


def _save(form, write) -> bool:
    """Run ``write(cleaned_data)``; a UserError lands on the field it names."""
    try:
        write(form.cleaned_data)
    except UserError as err:
        field = err.params.get("field")
        form.add_error(field if field in form.fields else None, err.translated())
        return False
    return True


def public_links(district: District) -> dict:
    """The public addresses a manager shares: pages in both languages, files, the widget."""
    slug = district.slug
    pages = {
        lang: {
            "home": absolute(public_url("showcase_home", lang, slug=slug)),
            "news": absolute(public_url("showcase_news", lang, slug=slug)),
            "open_data": absolute(public_url("showcase_open_data", lang, slug=slug)),
            "embed": absolute(public_url("showcase_embed", lang, slug=slug)),
        }
        for lang in LANGS
    }
    widget = absolute(public_url("showcase_widget", "it", slug=slug))
    with translation.override("it"):
        title = _("Qualified firms of %(district)s") % {"district": district.name}
    return {
        "pages": pages,
        "csv": absolute(public_url("showcase_csv", "it", slug=slug)),
        "jsonld": absolute(public_url("showcase_jsonld", "it", slug=slug)),
        "sitemap": absolute(reverse("sitemap")),
        "widget": widget,
        "widget_snippet": (
            f'<div data-filiera-showcase="{slug}"></div>\n<script src="{widget}" async></script>'
        ),
        "iframe_snippet": (
            f'<iframe src="{pages["it"]["embed"]}" title="{escape(title)}" width="100%" '
            'height="480" loading="lazy" style="border:0"></iframe>'
        ),
    }


@login_required
def showcase_settings(request: HttpRequest, slug: str) -> HttpResponse:
    district = _staff_district(request.user, slug)
    can_manage = access.can_manage_district(request.user, district)
    showcase = Showcase.objects.filter(district=district).first()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = ShowcaseForm(request.POST)
        if form.is_valid() and _save(
            form,
            lambda data: publishing.save_showcase(district, user=request.user, data=data),
        ):
            messages.success(request, _("Showcase settings saved."))
            return redirect("showcase_settings", slug=district.slug)
    else:
        form = ShowcaseForm(instance=showcase)
    news_items = NewsItem.objects.filter(district=district)
    return render(
        request,
        "district/showcase_settings.html",
        {
            "district": district,
            "showcase": showcase,
            "form": form,
            "can_manage": can_manage,
            "links": public_links(district),
            "entry_count": ShowcaseEntry.objects.filter(district=district).count(),
            "news_count": news_items.count(),
            "published_news_count": news_items.filter(published=True).count(),
        },
    )


@login_required
def news_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The district's news, published or not, and the form for a new one (managers)."""
    district = _staff_district(request.user, slug)
    can_manage = access.can_manage_district(request.user, district)
    form = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = NewsForm(request.POST)
        if form.is_valid() and _save(
            form, lambda data: news.create_news(district, user=request.user, data=data)
        ):
            messages.success(request, _("News saved."))
            return redirect("news_manage", slug=district.slug)
    elif can_manage:
        form = NewsForm()
    items = NewsItem.objects.filter(district=district).order_by("-created_at", "-id")
    page = Paginator(items, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    showcase = Showcase.objects.filter(district=district).first()
    return render(
        request,
        "district/news_manage.html",
        {
            "district": district,
            "showcase": showcase,
            "page": page,
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _news_for(request.user, pk)
    if request.method == "POST":
        form = NewsForm(request.POST)
        if form.is_valid() and _save(
            form, lambda data: news.update_news(item, user=request.user, data=data)
        ):
            messages.success(request, _("News saved."))
            return redirect("news_manage", slug=item.district.slug)
    else:
        form = NewsForm(instance=item)
    showcase = Showcase.objects.filter(district=item.district).first()
    return render(
        request,
        "district/news_edit.html",
        {"district": item.district, "item": item, "form": form, "showcase": showcase},
    )


@login_required
@require_POST
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _news_for(request.user, pk)
    slug = item.district.slug
    news.delete_news(item, user=request.user)
    messages.success(request, _("News deleted."))
    return redirect("news_manage", slug=slug)


urlpatterns: list = [
    path("d/<slug:slug>/showcase/", showcase_settings, name="showcase_settings"),
    path("d/<slug:slug>/news/", news_manage, name="news_manage"),
    path("news/<int:pk>/edit/", news_edit, name="news_edit"),
    path("news/<int:pk>/delete/", news_delete, name="news_delete"),
]
