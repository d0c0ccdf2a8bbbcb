"""Footprint: the Ecobalyse textile calculator, and the stored footprint of a product.

``POST /footprint/textile`` computes one query or a list of them, as ``filiera footprint`` does;
it reads no data of anyone, so every person with a token may use it. A bad query answers 422
with the engine's message and ``loc`` naming the field: ``["body", "materials", 0, "id"]`` for
one query, ``["body", 3, "mass"]`` for the fourth query of a list.

``GET /products/{product_id}/footprint`` is the result stored for a product, for the people who
may see the product (``filiera.products.access``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Body, Query, Router
from ninja.errors import HttpError, ValidationError

from filiera.api.firms import MAX_ID
from filiera.api.footprint_schemas import (
    MAX_QUERIES,
    DetailQuery,
    FootprintResponse,
    ProductFootprintOut,
    TextileBody,
)
from filiera.core.usererror import N_
from filiera.footprint import engine
from filiera.footprint.models import FootprintResult
from filiera.footprint.services import footprint_problem
from filiera.products.access import can_view_products
from filiera.products.models import Product

router = Router(tags=["footprint"])
MAX_ERRORS = 100  # a 422 lists at most this many problems
TOO_MANY = "Send at most %(max)s queries at a time."
NOT_YET = N_("This product has no footprint yet.")
PENDING = N_("It is being computed: ask again in a moment.")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_loc(err: engine.QueryError) -> list[str | int]:
    """Where the error is, as ``loc``: ``[3, "materials", 1, "share"]`` for the field
    ``materials[1].share`` of the query at index 3 (the whole query: ``[3]``)."""
    where: list[str | int] = [] if err.index is None else [err.index]
    if err.field == "query":  # the query itself is not an object
        return where
    return where + [int(index) if index else name for name, index in _PART.findall(err.field)]


def unprocessable(errors: list[engine.QueryError]) -> ValidationError:
    return ValidationError(
        [
            {"type": "value_error", "loc": ["body", *field_loc(err)], "msg": err.message}
            for err in errors
        ]
    )


def every_error(queries: Sequence[Any]) -> list[engine.QueryError]:
    """The first problem of each bad query (of the first ``MAX_ERRORS`` bad ones)."""
    errors = []
    for index, query in enumerate(queries):
        try:
            engine.validate(query)
        except engine.QueryError as err:
            errors.append(err.at(index))
            if len(errors) == MAX_ERRORS:
                break
    return errors


@router.post(
    "/footprint/textile",
    response=FootprintResponse,
    summary="Compute textile footprints",
    exclude_unset=True,
)
def compute_textile(request: HttpRequest, payload: Body[TextileBody], params: Query[DetailQuery]):
    """The environmental cost of textile products with the Ecobalyse method (v7.0.0), as
    Ecobalyse's textile API computes it: send one query and get one result, or a list of up to
    1,000 queries and get the results in the same order. Nothing is stored.

    With `detail=true` each result also lists what each stage is made of (`breakdown`).
    A bad query answers 422 and nothing is computed: `loc` names the field, with the query's
    position first when a list was sent (`["body", 3, "materials", 0, "share"]`), and the
    message is the method's."""
    if isinstance(payload, list):
        if len(payload) > MAX_QUERIES:
            message = TOO_MANY % {"max": MAX_QUERIES}
            raise ValidationError([{"type": "value_error", "loc": ["body"], "msg": message}])
        try:
            return engine.compute_many(payload, detail=params.detail)
        except engine.QueryError:
            raise unprocessable(every_error(payload)) from None
    try:
        return engine.compute(payload, detail=params.detail)
    except engine.QueryError as err:
        raise unprocessable([err]) from None


@router.get(
    "/products/{product_id}/footprint",
    response=ProductFootprintOut,
    summary="Get a product's footprint",
    exclude_unset=True,
)
def get_product_footprint(request: HttpRequest, product_id: int):
    """The footprint last computed for the product, with the inputs and the method version it
    was computed with. It is computed again whenever the product's data change. 404 with the
    reason when the product cannot be computed yet (e.g. its composition is missing)."""
    product = (
        Product.objects.select_related("brand").filter(pk=product_id).first()
        if 0 < product_id <= MAX_ID
        else None
    )
    if product is None or not can_view_products(request.user, product.brand):
        raise Http404("No such product")
    stored = FootprintResult.objects.filter(product=product).first()
    if stored is None:
        reason = footprint_problem(product) or gettext(PENDING)
        raise HttpError(404, f"{gettext(NOT_YET)} {reason}")
    return {
        "product": product.pk,
        "method": stored.method,
        "version": stored.version,
        "query": stored.query,
        "ecs": stored.ecs,
        "result": stored.result,
        "computed_at": stored.computed_at,
    }
