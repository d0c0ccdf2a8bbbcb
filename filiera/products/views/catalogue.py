"""A firm's products: the list, adding one, changing its data, deleting it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from filiera.core.usererror import UserError
from filiera.products import selectors, services
from filiera.products.access import can_edit_products
from filiera.products.forms import ProductForm, show_error
from filiera.products.models import Product
from filiera.products.views.common import firm_for, product_for


@login_required
def product_list(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk)
    return render(
        request,
        "products/product_list.html",
        {
            "firm": firm,
            "products": selectors.products_of(firm),
            "can_edit": can_edit_products(request.user, firm),
        },
    )


@login_required
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk, edit=True)
    form = ProductForm(request.POST or None, instance=Product(brand=firm))
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_product(request.user, firm, **form.service_kwargs())
        except UserError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Product added. Now say what it is made of."))
            return redirect("product_composition", pk=firm.pk, product_id=product.pk)
    return render(request, "products/product_form.html", {"firm": firm, "form": form})


@login_required
def product_edit(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(request.user, product, **form.service_kwargs())
        except UserError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(product)
    return render(
        request,
        "products/product_form.html",
        {"firm": firm, "form": form, "product": Product.objects.get(pk=product.pk)},
    )


@login_required
def product_delete(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    if request.method == "POST":
        name = product.name
        services.delete_product(request.user, product)
        messages.success(request, _("Product “%(name)s” deleted.") % {"name": name})
        return redirect(reverse("product_list", args=[firm.pk]))
    return render(
        request,
        "products/product_delete.html",
        {
            "firm": firm,
            "product": product,
            "materials": product.materials.count(),
            "steps": product.steps.count(),
        },
    )
