"""Supply-chain pages: brand side."""

from django.urls import path

from filiera.chains.views import brand_alerts, brand_dashboard, brand_exports, brand_supplier

urlpatterns: list = [
    path("firms/<int:pk>/chain/", brand_dashboard.chain_dashboard, name="chain_dashboard"),
    path(
        "firms/<int:pk>/chain/suppliers/<int:sid>/",
        brand_supplier.chain_supplier,
        name="chain_supplier",
    ),
    path(
        "firms/<int:pk>/chain/suppliers/<int:sid>/evidence/<int:eid>/",
        brand_supplier.chain_supplier_evidence,
        name="chain_supplier_evidence",
    ),
    path(
        "firms/<int:pk>/chain/export.<str:fmt>",
        brand_exports.chain_export,
        name="chain_export",
    ),
    path("firms/<int:pk>/chain/alerts/", brand_alerts.chain_alerts, name="chain_alerts"),
]
