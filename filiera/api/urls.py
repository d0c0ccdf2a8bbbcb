"""The JSON API under /api/v1/, assembled from per-app routers."""

from ninja import NinjaAPI

from filiera.api.auth import TokenAuth

api = NinjaAPI(
    title="Filiera API",
    version="1",
    description="Registry of districts, firms and sites. Authenticate with a personal token: "
    "`Authorization: Bearer TOKEN` (create one on your account page).",
    auth=TokenAuth(),
    urls_namespace="api",
)
