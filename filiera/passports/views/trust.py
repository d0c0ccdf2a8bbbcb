"""Trust endpoints and pages.

Public, cacheable, open to other origins (CORS ``*``):
``/issuers/<slug>/did.json`` an issuer's DID document (did:web);
``/credentials/status/<slug>/<number>`` an issuer's revocation list, signed (``application/vc+jwt``)
or, with ``Accept: application/ld+json``, the unsigned JSON-LD.

``/verify/`` (public): paste or upload a credential and see every check.
``/firms/<pk>/issuer/`` and ``/districts/<slug>/issuer/``: the issuer's DID and keys; the firm's
owners (the district's managers) rotate the signing key, the other members (district staff) only
look, everyone else gets 404.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from filiera.passports.engine import did as dids
from filiera.passports.engine import vcjwt
from filiera.passports.models import Credential, Issuer
from filiera.passports.services import issuers, signing
from filiera.passports.trust_forms import RotateKeyForm, VerifyForm
from filiera.passports.verification import verify_with_platform
from filiera.passports.views.trust_display import verification_context
from filiera.registry import access
from filiera.registry.models import District, Firm, FirmMembership

LD_JSON = "application/ld+json"


def _public(request: HttpRequest, body: bytes, content_type: str, max_age: int) -> HttpResponse:
    """A public answer with a strong ETag (304 when the client has it) and CORS open."""
    etag = quote_etag(hashlib.sha256(body).hexdigest())
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type=content_type
    )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


@require_safe
def issuer_did_document(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = get_object_or_404(Issuer, slug=slug)
    body = _json(issuers.did_document(issuer))
    return _public(request, body, dids.MEDIA_TYPE, 300)


@require_safe
def status_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    found = signing.find_status_list(slug, number)
    if found is None:
        raise Http404("No such status list")
    wanted = request.get_preferred_type([vcjwt.MEDIA_TYPE, LD_JSON, "application/json"])
    if wanted in (LD_JSON, "application/json"):
        response = _public(request, _json(signing.status_list_document(found)), LD_JSON, 60)
    else:
        token = signing.status_list_jwt(found).encode("ascii")
        response = _public(request, token, vcjwt.MEDIA_TYPE, 60)
    patch_vary_headers(response, ["Accept"])
    return response


def verify_page(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential; every check is shown with its result."""
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    context: dict = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            context.update(verification_context(verify_with_platform(form.cleaned_data["input"])))
        else:
            status = 400
    response = render(request, "passports/trust_verify.html", context, status=status)
    add_never_cache_headers(response)
    return response


# Issuer pages --------------------------------------------------------------------------------


def _issuer_page(
    request: HttpRequest,
    *,
    issuer: Issuer | None,
    can_rotate: bool,
    heading: dict,
    back: str,
) -> HttpResponse:
    form = RotateKeyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not can_rotate:
            raise PermissionDenied
        if issuer is None:
            raise Http404("No issuer yet")
        if form.is_valid():
            key = issuers.rotate_key(issuer, user=request.user)
            messages.success(
                request,
                _("New signing key %(kid)s: new credentials are signed with it.")
                % {"kid": key.kid},
            )
            return redirect(back)
        status = 400
    context = {
        **heading,
        "issuer": issuer,
        "form": form,
        "can_rotate": can_rotate,
    }
    if issuer is not None:
        credentials = Credential.objects.filter(issuer=issuer)
        context.update(
            did=issuers.issuer_did(issuer),
            keys=issuers.listed_keys(issuer) + list(issuer.keys.filter(revoked_at__isnull=False)),
            issued=credentials.count(),
            revoked=credentials.filter(revoked_at__isnull=False).count(),
            status_lists=[
                {"list": sl, "url": signing.status_list_url(sl, issuer)}
                for sl in issuer.status_lists.defer("bits").order_by("number")
            ],
        )
    response = render(request, "passports/trust_issuer.html", context, status=status)
    add_never_cache_headers(response)
    return response


@login_required
def firm_issuer(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(Firm, pk=pk)
    if not access.is_member(request.user, firm):
        raise Http404("No such firm")
    roles = access.roles(request.user)
    can_rotate = roles.superuser or roles.firm_roles.get(firm.pk) == FirmMembership.Role.OWNER
    return _issuer_page(
        request,
        issuer=Issuer.objects.filter(firm=firm).first(),
        can_rotate=can_rotate,
        heading={"owner_name": firm.legal_name, "owner_url": firm.get_absolute_url()},
        back=request.path,
    )


@login_required
def district_issuer(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    if not access.can_view_district(request.user, district):
        raise Http404("No such district")
    return _issuer_page(
        request,
        issuer=Issuer.objects.filter(district=district).first(),
        can_rotate=access.can_manage_district(request.user, district),
        heading={"owner_name": district.name, "owner_url": district.get_absolute_url()},
        back=request.path,
    )


urlpatterns = [
    path("issuers/<slug:slug>/did.json", issuer_did_document, name="issuer_did_document"),
    path("credentials/status/<slug:slug>/<int:number>", status_list, name="status_list"),
    path("verify/", verify_page, name="verify_credential"),
    path("firms/<int:pk>/issuer/", firm_issuer, name="firm_issuer"),
    path("districts/<slug:slug>/issuer/", district_issuer, name="district_issuer"),
]
