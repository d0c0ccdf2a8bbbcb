"""Footprint pages: the what-if comparisons of a product."""

from django.urls import path

from filiera.footprint import views

urlpatterns: list = [
    path(
        "firms/<int:pk>/products/<int:product_id>/footprint/what-if/",
        views.product_footprint_whatif,
        name="product_footprint_whatif",
    ),
]
