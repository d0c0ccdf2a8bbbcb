"""The public verification page (reached from the PDF's QR code) and the settings where a firm
chooses what it shows. Nothing but the firm's name, district and status is public by default."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filiera.qualification import access
from filiera.qualification.forms_scorecard import PublicationForm
from filiera.qualification.models import ScorecardPublication
from filiera.qualification.services import publication as publication_services
from filiera.qualification.views import scorecard_data as data
from filiera.registry import access as registry_access
from filiera.registry.models import Firm


def public(request: HttpRequest, token) -> HttpResponse:
    """Open to anyone holding the link; shows only what the firm chose to publish."""
    publication = get_object_or_404(
        ScorecardPublication.objects.select_related("firm"), token=token
    )
    context = data.public_context(publication.firm, publication, get_language())
    response = render(request, "qualification/public_scorecard.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _firm_for_publication(user, pk: int) -> Firm:
    firm = get_object_or_404(Firm, pk=pk)
    if not registry_access.can_view_firm(user, firm):
        raise Http404("No such firm")
    if not access.is_firm_editor(user, firm):
        raise PermissionDenied
    return firm


@login_required
def settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Owners and editors choose what the public page shows, and see it as others will."""
    firm = _firm_for_publication(request.user, pk)
    publication = publication_services.publication_of(firm)
    initial = {
        flag: bool(publication and getattr(publication, flag))
        for flag in publication_services.FLAGS
    }
    form = PublicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        publication_services.update_publication(request.user, firm, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("scorecard_publication", pk=firm.pk)
    public_url = (
        request.build_absolute_uri(reverse("scorecard_public", args=[publication.token]))
        if publication
        else ""
    )
    preview = data.public_context(firm, publication, get_language(), flags=initial)
    return render(
        request,
        "qualification/publication_settings.html",
        {"firm": firm, "form": form, "public_url": public_url, "preview": preview},
    )
