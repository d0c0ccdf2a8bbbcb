"""A firm's public profile settings (what it shows in the showcase) and the contact requests
visitors sent it.

The profile page: owners and editors change it; viewers and the staff of the firm's districts
read it; anyone else gets 404. The messages: the firm's own people only (district staff get
403: they see the firm, not its mail); owners and editors mark them read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.district import showcase_search as search
from filiera.district.forms_showcase import ProfileForm
from filiera.district.models import ContactRequest, PublicProfile
from filiera.district.public import public_url, reader_lang
from filiera.district.services import contact
from filiera.district.services import showcase as services
from filiera.qualification.services.publication import publication_of
from filiera.registry import access
from filiera.registry.views.firms import get_firm_for

CONTACTS_PER_PAGE = 25


def _urls(standing: dict, firm_id: int) -> list[dict]:
    """The firm's public page in each district where it is (or would be) shown."""
    rows = []
    for row in standing["districts"]:
        if not row["has_showcase"]:
            continue
        slug = row["district"].slug
        try:
            urls = {
                lang: public_url("showcase_firm", lang, slug=slug, pk=firm_id)
                for lang in ("it", "en")
            }
        except NoReverseMatch:  # pragma: no cover - the public pages are installed
            urls = {}
        rows.append({**row, "urls": urls})
    return rows


def _preview(firm, profile: PublicProfile, standing: dict, lang: str):
    entry = services.preview_entry(firm, profile)
    slug = next((r["district"].slug for r in standing["districts"] if r["has_showcase"]), None)
    return search.card(entry, lang, slug) if slug else None


@login_required
def public_profile(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    can_edit = access.is_editor(request.user, firm)
    profile = services.profile_of(firm)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ProfileForm(request.POST or None, instance=profile, read_only=not can_edit)
    if request.method == "POST" and form.is_valid():
        services.save_profile(
            request.user, firm, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Saved. The showcase shows your changes in a moment."))
        return redirect("firm_public_profile", pk=firm.pk)
    standing = services.standing(firm)
    lang = reader_lang()
    publication = publication_of(firm)
    return render(
        request,
        "district/profile.html",
        {
            "firm": firm,
            "form": form,
            "can_edit": can_edit,
            "standing": standing,
            "districts": _urls(standing, firm.pk),
            "publication": publication,
            "card": _preview(firm, form.instance if form.is_bound else profile, standing, lang),
            "lang": lang,
        },
    )


@login_required
@require_POST
def public_profile_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The card as the form's current values would show it (htmx; nothing is saved)."""
    firm = get_firm_for(request.user, pk, access.is_editor)
    form = ProfileForm(request.POST, instance=PublicProfile(firm=firm))
    form.is_valid()  # fills form.instance with what could be read
    standing = services.standing(firm)
    lang = reader_lang()
    return render(
        request,
        "district/profile_preview.html",
        {"card": _preview(firm, form.instance, standing, lang), "firm": firm},
    )


@login_required
def contacts(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.is_member)
    rows = ContactRequest.objects.filter(firm=firm).select_related("district")
    page = Paginator(rows, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "district/contacts.html",
        {
            "firm": firm,
            "page": page,
            "unread": rows.filter(read_at__isnull=True).count(),
            "can_mark": access.is_editor(request.user, firm),
        },
    )


@login_required
@require_POST
def contact_read(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.is_member)
    if not access.is_editor(request.user, firm):
        raise PermissionDenied
    try:
        item = contact.mark_read(
            request.user, firm, request_pk, read=request.POST.get("read", "1") != "0"
        )
    except UserError as err:
        messages.error(request, err.translated())
        return redirect("firm_contacts", pk=firm.pk)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "district/contacts_row.html",
            {"item": item, "firm": firm, "can_mark": True},
        )
    return redirect("firm_contacts", pk=firm.pk)


urlpatterns: list = [
    path("firms/<int:pk>/showcase/", public_profile, name="firm_public_profile"),
    path(
        "firms/<int:pk>/showcase/preview/",
        public_profile_preview,
        name="firm_public_preview",
    ),
    path("firms/<int:pk>/contacts/", contacts, name="firm_contacts"),
    path(
        "firms/<int:pk>/contacts/<int:request_pk>/read/",
        contact_read,
        name="firm_contact_read",
    ),
]
