"""Writing computed suggestions: many rows at once, in plain SQL.

A refresh of everyone writes hundreds of thousands of suggestions; building a model object per
row costs more than computing them, so rows go to the database with ``executemany`` (the same
statements on SQLite and PostgreSQL). Only rows at "suggested" are deleted or changed here,
and a suggestion has no realised quantities to cascade to.
"""

from __future__ import annotations

from itertools import batched
from typing import Any

from django.db import connection
from django.utils import timezone

from filiera.symbiosis.engine import matching
from filiera.symbiosis.models import Match

Pair = tuple[int, int]
BATCH = 5000
SUGGESTED = Match.Status.SUGGESTED.value


def clean(candidate: matching.Candidate) -> tuple[float, float, dict[str, float]]:
    """(score, km, components) as stored (the engine gives them rounded: 4 decimals, km 2),
    so an unchanged pair compares equal to what was read back."""
    return candidate.score, candidate.distance_km, candidate.components


def _column(name: str) -> str:
    field = Match._meta.get_field(name)
    return connection.ops.quote_name(str(getattr(field, "column", name)))


def _insert(rows: list[tuple[int, int, float, float, dict]], now) -> None:
    """New suggestions: the given values, every other column its default."""
    given = ["offer", "need", "score", "distance_km", "components", "computed_at", "updated_at"]
    fields = [f for f in Match._meta.concrete_fields if not f.primary_key]
    defaults = [f for f in fields if f.name not in given]
    constant = []
    for field in defaults:
        value = SUGGESTED if field.name == "status" else field.get_default()
        constant.append(field.get_db_prep_save(value, connection))
    stamp = Match._meta.get_field("computed_at").get_db_prep_save(now, connection)
    dump = Match._meta.get_field("components").get_db_prep_save
    columns = ", ".join(_column(name) for name in given + [f.name for f in defaults])
    marks = ", ".join(["%s"] * (len(given) + len(defaults)))
    table = connection.ops.quote_name(Match._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names: the model's)
    with connection.cursor() as cursor:
        for chunk in batched(rows, BATCH):
            cursor.executemany(
                sql,
                [
                    (offer, need, score, km, dump(parts, connection), stamp, stamp, *constant)
                    for offer, need, score, km, parts in chunk
                ],
            )


def _update(rows: list[tuple[int, float, float, dict]], now) -> None:
    table = connection.ops.quote_name(Match._meta.db_table)
    sets = ", ".join(
        f"{_column(name)} = %s"
        for name in ("score", "distance_km", "components", "computed_at", "updated_at")
    )
    where = f"{_column('id')} = %s AND {_column('status')} = %s"
    sql = f"UPDATE {table} SET {sets} WHERE {where}"  # noqa: S608 (names: the model's)
    stamp = Match._meta.get_field("computed_at").get_db_prep_save(now, connection)
    dump = Match._meta.get_field("components").get_db_prep_save
    with connection.cursor() as cursor:
        for chunk in batched(rows, BATCH):
            cursor.executemany(
                sql,
                [
                    (score, km, dump(parts, connection), stamp, stamp, pk, SUGGESTED)
                    for pk, score, km, parts in chunk
                ],
            )


def _delete(ids: list[int]) -> None:
    table = connection.ops.quote_name(Match._meta.db_table)
    where = f"{_column('id')} = %s AND {_column('status')} = %s"
    sql = f"DELETE FROM {table} WHERE {where}"  # noqa: S608 (names: the model's)
    with connection.cursor() as cursor:
        for chunk in batched(ids, BATCH):
            cursor.executemany(sql, [(pk, SUGGESTED) for pk in chunk])


def write(found: dict[Pair, matching.Candidate], suggested: dict[Pair, tuple]) -> dict[str, Any]:
    """Bring the stored suggestions of a scope (``suggested``: pair → (id, score, km,
    components)) to ``found``: new pairs inserted, changed ones updated in place (their ids
    stay), the others deleted. Call inside a transaction."""
    now = timezone.now()
    stale = [row[0] for pair, row in suggested.items() if pair not in found]
    new: list[tuple[int, int, float, float, dict]] = []
    changed: list[tuple[int, float, float, dict]] = []
    for pair, candidate in found.items():
        score, km, parts = clean(candidate)
        row = suggested.get(pair)
        if row is None:
            new.append((pair[0], pair[1], score, km, parts))
        elif (row[1], row[2], row[3]) != (score, km, parts):
            changed.append((row[0], score, km, parts))
    _delete(stale)
    _update(changed, now)
    _insert(new, now)
    return {"created": len(new), "updated": len(changed), "deleted": len(stale)}
