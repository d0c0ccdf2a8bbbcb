"""Keyset (cursor) pagination: the cursor is the last row's sort key, encoded opaquely.

Pages are stable while rows are added or removed, and each page costs the same queries,
however deep it is: ``WHERE (key, id) > (last key, last id) ORDER BY key, id LIMIT n``.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.db.models import Q, QuerySet
from ninja import Schema
from pydantic import Field

from filiera.api.errors import field_error

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageParams(Schema):
    cursor: str | None = Field(
        None, description="The `next_cursor` of the previous page; leave out for the first page."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise field_error("query", "cursor", "Invalid cursor.") from exc
    if (
        not isinstance(values, list)
        or len(values) != size
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
        or not isinstance(values[-1], int)
    ):
        raise field_error("query", "cursor", "Invalid cursor.")
    return values


def page_keys(
    queryset: QuerySet, keys: tuple[str, ...], page: PageParams
) -> tuple[list[tuple], str | None]:
    """One page of ``keys`` values (the last key must be ``id``) and the next cursor, if any.

    ``queryset`` must already be ordered by ``keys``. Only the keys are read here, so the
    caller loads the page's objects with what they show in a fixed number of queries.
    """
    if page.cursor:
        last = decode_cursor(page.cursor, len(keys))
        # (a, id) > (x, z)  ==  a > x  OR  (a = x AND id > z), built from the last key up.
        after = Q(**{f"{keys[-1]}__gt": last[-1]})
        for name, value in zip(reversed(keys[:-1]), reversed(last[:-1]), strict=True):
            after = Q(**{f"{name}__gt": value}) | (Q(**{name: value}) & after)
        queryset = queryset.filter(after)
    rows = list(queryset.values_list(*keys)[: page.limit + 1])
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    return rows, encode_cursor(list(rows[-1]))
