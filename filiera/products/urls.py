"""Product pages of a firm."""

from django.urls import path

from filiera.products.views import (
    batches,
    catalogue,
    composition,
    detail,
    images,
    imports,
    label,
    steps,
)

PRODUCT = "firms/<int:pk>/products/<int:product_id>/"
BATCH = PRODUCT + "batches/<int:batch_id>/"
IMAGE = PRODUCT + "images/<int:image_id>/"

urlpatterns: list = [
    path("firms/<int:pk>/products/", catalogue.product_list, name="product_list"),
    path("firms/<int:pk>/products/new/", catalogue.product_create, name="product_create"),
    path("firms/<int:pk>/products/import/", imports.product_import, name="product_import"),
    path(PRODUCT, detail.product_detail, name="product_detail"),
    path(PRODUCT + "edit/", catalogue.product_edit, name="product_edit"),
    path(PRODUCT + "composition/", composition.product_composition, name="product_composition"),
    path(PRODUCT + "label/", label.product_label, name="product_label"),
    path(PRODUCT + "substances/", label.product_substances, name="product_substances"),
    path(PRODUCT + "images/", images.product_images, name="product_images"),
    path(IMAGE, images.product_image_file, name="product_image_file"),
    path(IMAGE + "edit/", images.product_image_edit, name="product_image_edit"),
    path(IMAGE + "remove/", images.product_image_remove, name="product_image_remove"),
    path(PRODUCT + "steps/", steps.product_steps, name="product_steps"),
    path(PRODUCT + "batches/", batches.product_batches, name="product_batches"),
    path(BATCH, batches.product_batch, name="product_batch"),
    path(BATCH + "delete/", batches.product_batch_delete, name="product_batch_delete"),
    path(BATCH + "events/", batches.product_batch_event_add, name="product_batch_event_add"),
    path(
        BATCH + "events/<int:event_id>/remove/",
        batches.product_batch_event_remove,
        name="product_batch_event_remove",
    ),
    path(PRODUCT + "delete/", catalogue.product_delete, name="product_delete"),
]
