"""Pictures of a product: upload with a description, change the descriptions, remove; and the
picture file itself for the product pages (the firm's people only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.uploads import size_limited, too_large
from filiera.products import services
from filiera.products.forms import show_error
from filiera.products.forms_label import ImageAltForm, ImageForm
from filiera.products.models import ProductImage
from filiera.products.services import MAX_IMAGES, ProductError
from filiera.products.services.images import content_type, max_bytes
from filiera.products.views.common import product_for


def _image(product, image_id: int) -> ProductImage:
    return get_object_or_404(ProductImage, pk=image_id, product=product)


def _page(request, firm, product, form, alt_forms=None) -> HttpResponse:
    images = list(product.images.all())
    alt_forms = alt_forms or {}
    return render(
        request,
        "products/product_images.html",
        {
            "firm": firm,
            "product": product,
            "form": form,
            "images": [
                (
                    image,
                    alt_forms.get(image.pk)
                    or ImageAltForm(
                        initial={"alt": image.alt, "alt_en": image.alt_en},
                        prefix=f"image{image.pk}",
                    ),
                )
                for image in images
            ],
            "max_images": MAX_IMAGES,
            "can_add": len(images) < MAX_IMAGES,
        },
    )


@size_limited(max_bytes)
@login_required
def product_images(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and too_large(request):
        form.is_valid()
        form.add_error(
            "image",
            _("The picture is larger than %(size)s MB.")
            % {"size": f"{max_bytes() / (1024 * 1024):g}"},
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.add_image(
                request.user,
                product,
                file=form.cleaned_data.get("image"),
                alt=form.cleaned_data.get("alt", ""),
                alt_en=form.cleaned_data.get("alt_en", ""),
            )
        except ProductError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Image added."))
            return redirect(reverse("product_images", args=[firm.pk, product.pk]))
    return _page(request, firm, product, form)


@login_required
@require_POST
def product_image_edit(
    request: HttpRequest, pk: int, product_id: int, image_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    image = _image(product, image_id)
    form = ImageAltForm(request.POST, prefix=f"image{image.pk}")
    if form.is_valid():
        try:
            services.update_image(
                request.user,
                image,
                alt=form.cleaned_data["alt"],
                alt_en=form.cleaned_data["alt_en"],
            )
        except ProductError as err:
            show_error(form, err)
        else:
            messages.success(request, _("Description saved."))
            return redirect(reverse("product_images", args=[firm.pk, product.pk]))
    return _page(request, firm, product, ImageForm(), {image.pk: form})


@login_required
@require_POST
def product_image_remove(
    request: HttpRequest, pk: int, product_id: int, image_id: int
) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    services.remove_image(request.user, _image(product, image_id))
    messages.success(request, _("Image removed."))
    return redirect(reverse("product_images", args=[firm.pk, product.pk]))


@login_required
def product_image_file(
    request: HttpRequest, pk: int, product_id: int, image_id: int
) -> FileResponse:
    _firm, product = product_for(request.user, pk, product_id)
    image = _image(product, image_id)
    try:
        handle = image.image.open("rb")
    except FileNotFoundError:
        raise Http404("The picture's file is missing") from None
    response = FileResponse(handle, content_type=content_type(image))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
