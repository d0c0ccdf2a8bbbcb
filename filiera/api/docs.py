"""Interactive API docs without a CDN: ninja's Swagger UI, served from ninja's own package.

django-ninja ships Swagger UI's files in its wheel (``ninja/static/ninja/``) but only uses them
when ``ninja`` is in ``INSTALLED_APPS``; otherwise its page loads them from a CDN. This page
serves the same files through the API itself, so nothing loads from elsewhere at run time.
"""

from __future__ import annotations

from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import render
from ninja import Router
from ninja.openapi.docs import Swagger

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}

router = Router()


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/swagger.html", {"api": api, "swagger_settings": settings})


@router.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str):
    if name not in ASSETS:
        raise Http404("No such file")
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = f"public, max-age={60 * 60 * 24}"
    response["Content-Disposition"] = "inline"
    return response
