"""QR codes and label sheets of passports.

``/passports/<uid>/qr.svg`` and ``/passports/<uid>/qr.png`` are public (``uid`` is the uid of the
passport version's credential): the QR code of the passport's Digital Link. A version never
changes, so the images are cached for a year and answer ``If-None-Match`` with 304.

``/firms/<pk>/products/<product_id>/passports/<passport_id>/labels.pdf`` is for the brand's people
only: an A4 sheet of labels (``?per=one&count=N`` copies of the passport's label, or
``?per=serial`` one label per serial number of a batch passport's batch, in parts of at most
2,000 with ``&part=N``). ``?choose`` shows the choices; so does a page saying why when the labels
cannot be printed as asked, or that a range of serial numbers needs more than one file.
"""

from __future__ import annotations

import hashlib
import math
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from filiera.passports import labels_pdf, qr
from filiera.passports.models import Passport
from filiera.products.views.common import product_for

IMMUTABLE = "public, max-age=31536000, immutable"
PNG_SCALES = range(1, 41)
DEFAULT_PNG_SCALE = 8


def _public_passport(uid: UUID) -> Passport:
    passport = (
        Passport.objects.select_related("product", "batch", "credential")
        .filter(credential__uid=uid)
        .first()
    )
    if passport is None:
        raise Http404("No such passport")
    return passport


def _image(
    request: HttpRequest, passport: Passport, kind: str, scale: int, content_type: str
) -> HttpResponse:
    uri = qr.passport_uri(passport)
    etag = hashlib.sha256(f"{passport.credential.etag}|{uri}|{kind}|{scale}".encode()).hexdigest()[
        :40
    ]
    cached = get_conditional_response(request, etag=quote_etag(etag))
    if cached is not None:
        response = cached
    elif kind == "svg":
        title = _("QR code of the product passport")
        response = HttpResponse(qr.qr_svg(uri, scale=scale, title=title), content_type=content_type)
    else:
        response = HttpResponse(qr.qr_png(uri, scale), content_type=content_type)
    if response.status_code in (200, 304):
        response["ETag"] = quote_etag(etag)
        response["Cache-Control"] = IMMUTABLE
    if response.status_code == 200:
        name = passport.product.gtin or str(passport.credential.uid)
        response["Content-Disposition"] = (
            f'inline; filename="passport-{name}-v{passport.version}.{kind}"'
        )
    return response


@require_safe
def passport_qr_svg(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _image(request, _public_passport(uid), "svg", 4, "image/svg+xml")


@require_safe
def passport_qr_png(request: HttpRequest, uid: UUID) -> HttpResponse:
    try:
        scale = int(request.GET.get("scale", DEFAULT_PNG_SCALE))
    except ValueError:
        scale = DEFAULT_PNG_SCALE
    scale = min(max(scale, PNG_SCALES.start), PNG_SCALES.stop - 1)
    return _image(request, _public_passport(uid), "png", scale, "image/png")


def _number(request: HttpRequest, name: str, default: int) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    return int(raw) if raw.isdigit() and raw.isascii() else None


@login_required
@require_safe
def passport_labels(
    request: HttpRequest, pk: int, product_id: int, passport_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id)
    passport = get_object_or_404(
        Passport.objects.select_related("product", "batch", "credential"),
        pk=passport_id,
        product=product,
    )
    per = request.GET.get("per", "one")
    count = _number(request, "count", labels_pdf.PER_PAGE)
    part = _number(request, "part", 1)
    serials = labels_pdf.serial_numbers(passport)
    context = {
        "firm": firm,
        "product": product,
        "passport": passport,
        "serial_count": len(serials) if serials else 0,
        "per_page": labels_pdf.PER_PAGE,
        "max_labels": labels_pdf.MAX_LABELS,
        "count": count or labels_pdf.PER_PAGE,
        "per": per,
    }
    if "choose" in request.GET:  # the choices, before making a sheet
        return render(request, "passports/labels.html", context)
    if count is None or part is None:
        context["problem"] = _("Give the number of labels as a whole number.")
        return render(request, "passports/labels.html", context, status=400)
    if (
        per == "serial"
        and serials
        and len(serials) > labels_pdf.MAX_LABELS
        and "part" not in request.GET
    ):
        context["parts"] = _parts(len(serials), serials)
        return render(request, "passports/labels.html", context)
    try:
        labels = labels_pdf.labels_for(passport, per=per, count=count, part=part)
    except labels_pdf.LabelError as err:
        context["problem"] = str(err)
        return render(request, "passports/labels.html", context, status=400)
    response = HttpResponse(labels_pdf.label_sheet(labels), content_type="application/pdf")
    name = product.gtin or f"product-{product.pk}"
    suffix = f"-part{part}" if per == "serial" and "part" in request.GET else ""
    response["Content-Disposition"] = (
        f'inline; filename="labels-{name}-v{passport.version}{suffix}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _parts(total: int, serials: list[str]) -> list[dict]:
    """The sheets a long range of serial numbers is printed on: number, first and last serial."""
    size = labels_pdf.MAX_LABELS
    return [
        {
            "number": n + 1,
            "first": serials[n * size],
            "last": serials[min((n + 1) * size, total) - 1],
            "count": min(size, total - n * size),
        }
        for n in range(math.ceil(total / size))
    ]


PASSPORT = "firms/<int:pk>/products/<int:product_id>/passports/<int:passport_id>/"

urlpatterns = [
    path("passports/<uuid:uid>/qr.svg", passport_qr_svg, name="passport_qr_svg"),
    path("passports/<uuid:uid>/qr.png", passport_qr_png, name="passport_qr_png"),
    path(PASSPORT + "labels.pdf", passport_labels, name="passport_labels"),
]
