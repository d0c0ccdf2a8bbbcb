"""API clients for the personas of ``tests/conftest.py``, each with its own personal token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from filiera.api.models import ApiToken


class ApiClient:
    """A JSON client for /api/v1/ acting with one token (``None``: no token at all)."""

    def __init__(self, key: str | None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = Client(headers=headers)

    def get(self, path: str, **params):
        return self.client.get("/api/v1" + path, params)

    def post(self, path: str, body: dict):
        return self.client.post("/api/v1" + path, json.dumps(body), content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(
            "/api/v1" + path, json.dumps(body), content_type="application/json"
        )


@pytest.fixture
def api_for(request, db):
    """``api_for("owner_a")`` is a client with a fresh token of that persona (fixture name);
    ``api_for(None)`` is anonymous."""

    def make(persona: str | None) -> ApiClient:
        if persona is None:
            return ApiClient(None)
        user = request.getfixturevalue(persona)
        _token, key = ApiToken.issue(user, "tests")
        return ApiClient(key)

    return make


@pytest.fixture
def world(firm_a, firm_b, brand_c):
    """Three firms in two districts, each with one site."""
    return {"firm_a": firm_a, "firm_b": firm_b, "brand_c": brand_c}
