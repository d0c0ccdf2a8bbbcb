"""The brand's passport pages.

``/firms/<pk>/products/<product_id>/passports/`` lists the product's passports (the model, each
batch, each item) with their versions (current, superseded, revoked), the Digital Link, the QR
code and the public page of each version, and has the form that issues a passport; issuing
again makes the next version. ``…/passports/<passport_id>/revoke/`` asks for a reason and
revokes one version. ``/firms/<pk>/passport-viewers/`` lists the firms that see the value-chain
tier of the brand's passports.

The firm's people see these pages (owners and editors change things, viewers look, the others
get 403 on changes); everyone else gets 404, anonymous visitors the login page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from filiera.core.usererror import UserError
from filiera.footprint.services import footprint_problem
from filiera.passports.forms import IssueForm, RevokeForm, ViewerForm, add_user_error
from filiera.passports.gather_sites import digital_link
from filiera.passports.models import Passport, PassportViewer
from filiera.passports.services import issue as issuing
from filiera.passports.services import viewers as viewer_services
from filiera.products.access import can_edit_products
from filiera.products.views.common import firm_for, product_for
from filiera.registry.models import Firm

GROUPS_PER_PAGE = 30


@dataclass
class Version:
    passport: Passport
    current: bool
    revoked: bool
    footprint: bool
    page: str


@dataclass
class Group:
    granularity: str
    title: str
    link: str = ""
    qr: str = ""
    labels: str = ""
    versions: list[Version] = field(default_factory=list)

    @property
    def current(self) -> Version | None:
        return next((v for v in self.versions if v.current), None)


def _has_footprint(document: dict) -> bool:
    claims = document.get("credentialSubject", {}).get("conformityClaim", [])
    return any(str(c.get("id", "")).endswith("environmental-cost") for c in claims)


def _title(passport: Passport) -> str:
    if passport.granularity == Passport.Granularity.MODEL:
        return _("Product model")
    lot = passport.batch.lot if passport.batch else ""
    if passport.granularity == Passport.Granularity.BATCH:
        return _("Batch %(lot)s") % {"lot": lot}
    return _("Item %(serial)s of batch %(lot)s") % {"serial": passport.serial, "lot": lot}


def passport_groups(product) -> list[Group]:
    """The product's passports: the model first, then batches and items, newest version first."""
    passports = list(
        Passport.objects.filter(product=product)
        .select_related("credential", "batch", "issued_by")
        .order_by("granularity", "batch__lot", "serial", "-version", "-id")
    )
    superseded = {p.supersedes_id for p in passports if p.supersedes_id}
    order = {"model": 0, "batch": 1, "item": 2}
    groups: dict[tuple, Group] = {}
    for passport in sorted(passports, key=lambda p: order.get(p.granularity, 3)):
        key = (passport.granularity, passport.batch_id, passport.serial)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(passport.granularity, _title(passport))
        uid = passport.credential.uid
        version = Version(
            passport=passport,
            current=passport.pk not in superseded,
            revoked=passport.credential.revoked_at is not None,
            footprint=_has_footprint(passport.credential.document),
            page=reverse("passport_version", args=[uid]),
        )
        group.versions.append(version)
        if version.current:
            group.qr = reverse("passport_qr_svg", args=[uid])
            labels = reverse("passport_labels", args=[product.brand_id, product.pk, passport.pk])
            group.labels = f"{labels}?choose=1"
            if product.gtin:
                lot = passport.batch.lot if passport.batch else None
                group.link = digital_link(product.gtin, lot, passport.serial or None)
            else:
                group.link = issuing.version_url(uid)
    return list(groups.values())


def _issue(request: HttpRequest, product, form: IssueForm) -> Passport | None:
    if not form.is_valid():
        return None
    try:
        return issuing.issue_passport(
            product,
            granularity=form.cleaned_data["granularity"],
            batch=form.cleaned_data["batch"],
            serial=form.cleaned_data["serial"],
            user=request.user,
        )
    except UserError as err:
        add_user_error(form, err)
        return None


@login_required
def product_passports(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id)
    can_edit = can_edit_products(request.user, firm)
    form = IssueForm(request.POST or None, product=product)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        passport = _issue(request, product, form)
        if passport is not None:
            messages.success(
                request,
                _("Passport issued: version %(version)s.") % {"version": passport.version},
            )
            return redirect("product_passports", pk=firm.pk, product_id=product.pk)
    groups = Paginator(passport_groups(product), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "firm": firm,
        "product": product,
        "groups": groups,
        "form": form,
        "can_edit": can_edit,
        "footprint_problem": footprint_problem(product),
        "viewers_url": reverse("passport_viewers", args=[firm.pk]),
    }
    return render(request, "passports/brand_passports.html", context)


@login_required
def passport_revoke(
    request: HttpRequest, pk: int, product_id: int, passport_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    passport = get_object_or_404(
        Passport.objects.select_related("credential", "batch", "product"),
        pk=passport_id,
        product=product,
    )
    back = reverse("product_passports", args=[firm.pk, product.pk])
    if passport.credential.revoked_at is not None:
        messages.info(request, _("This version was already revoked."))
        return redirect(back)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issuing.revoke_passport(passport, user=request.user, reason=form.cleaned_data["reason"])
        except UserError as err:
            add_user_error(form, err)
        else:
            messages.success(
                request, _("Version %(version)s revoked.") % {"version": passport.version}
            )
            return redirect(back)
    return render(
        request,
        "passports/brand_revoke.html",
        {
            "firm": firm,
            "product": product,
            "passport": passport,
            "title": _title(passport),
            "form": form,
            "back": back,
        },
    )


@login_required
def passport_viewers(request: HttpRequest, pk: int) -> HttpResponse:
    brand = firm_for(request.user, pk)
    can_edit = can_edit_products(request.user, brand)
    form = ViewerForm(candidates=viewer_services.candidates(brand) if can_edit else [])
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        remove = request.POST.get("remove")
        if remove:
            viewer = get_object_or_404(PassportViewer, pk=remove, brand=brand)
            viewer_services.remove_viewer(request.user, viewer)
            messages.success(
                request,
                _("%(name)s no longer sees the value chain.") % {"name": viewer.firm.legal_name},
            )
            return redirect("passport_viewers", pk=brand.pk)
        form = ViewerForm(request.POST, candidates=viewer_services.candidates(brand))
        if form.is_valid():
            try:
                chosen = form.cleaned_data["firm"]
                target = (
                    get_object_or_404(Firm, pk=chosen)
                    if chosen
                    else viewer_services.firm_by_vat(form.cleaned_data["vat"])
                )
                viewer_services.add_viewer(request.user, brand, target)
            except UserError as err:
                add_user_error(form, err)
            else:
                messages.success(
                    request, _("%(name)s now sees the value chain.") % {"name": target.legal_name}
                )
                return redirect("passport_viewers", pk=brand.pk)
    return render(
        request,
        "passports/brand_viewers.html",
        {
            "firm": brand,
            "viewers": viewer_services.viewers_of(brand),
            "form": form,
            "can_edit": can_edit,
        },
    )


urlpatterns = [
    path(
        "firms/<int:pk>/products/<int:product_id>/passports/",
        product_passports,
        name="product_passports",
    ),
    path(
        "firms/<int:pk>/products/<int:product_id>/passports/<int:passport_id>/revoke/",
        passport_revoke,
        name="passport_revoke",
    ),
    path("firms/<int:pk>/passport-viewers/", passport_viewers, name="passport_viewers"),
]
