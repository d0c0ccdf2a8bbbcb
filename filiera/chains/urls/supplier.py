"""Supply-chain pages: supplier side (my clients, sharing, invitations to answer, joining) and
the client's invitation pages."""

from django.urls import path

from filiera.chains.views import (
    invite_bulk,
    invite_join,
    invite_pages,
    supplier_clients,
    supplier_sharing,
)

urlpatterns: list = [
    path("firms/<int:pk>/chain/invite/", invite_pages.invite, name="chain_invite"),
    path("firms/<int:pk>/chain/invite/bulk/", invite_bulk.bulk_invite, name="chain_bulk_invite"),
    path(
        "firms/<int:pk>/chain/invitations/<int:iid>/cancel/",
        invite_pages.cancel,
        name="chain_invitation_cancel",
    ),
    path(
        "firms/<int:pk>/chain/suppliers/<int:sid>/request/",
        invite_pages.request_sharing,
        name="chain_request_sharing",
    ),
    path("firms/<int:pk>/clients/", supplier_clients.clients, name="supplier_clients"),
    path(
        "firms/<int:pk>/clients/<int:cid>/",
        supplier_sharing.sharing_page,
        name="supplier_sharing",
    ),
    path(
        "firms/<int:pk>/invitations/<int:iid>/",
        supplier_clients.invitation,
        name="supplier_invitation",
    ),
    path("join/<str:token>/", invite_join.join, name="supply_join"),
]
