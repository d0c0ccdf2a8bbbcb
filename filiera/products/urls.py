"""Product pages of a firm."""

from django.urls import path

from filiera.products.views import catalogue, composition, detail, steps

urlpatterns: list = [
    path("firms/<int:pk>/products/", catalogue.product_list, name="product_list"),
    path("firms/<int:pk>/products/new/", catalogue.product_create, name="product_create"),
    path(
        "firms/<int:pk>/products/<int:product_id>/",
        detail.product_detail,
        name="product_detail",
    ),
    path(
        "firms/<int:pk>/products/<int:product_id>/edit/",
        catalogue.product_edit,
        name="product_edit",
    ),
    path(
        "firms/<int:pk>/products/<int:product_id>/composition/",
        composition.product_composition,
        name="product_composition",
    ),
    path(
        "firms/<int:pk>/products/<int:product_id>/steps/",
        steps.product_steps,
        name="product_steps",
    ),
    path(
        "firms/<int:pk>/products/<int:product_id>/delete/",
        catalogue.product_delete,
        name="product_delete",
    ),
]
