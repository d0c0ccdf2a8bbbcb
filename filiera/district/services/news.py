"""A district's news: written by its managers, shown in the public showcase once published.

Writes are atomic and audited on the district's history. Bad input raises :class:`UserError`
naming the field (its ``field`` param holds the field's name); nothing is saved then. A news
item published without a date gets today's date. Who may call these is checked by the views
(managers of the news' district).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.district.models import NewsItem
from filiera.registry.models import District

FIELDS = ("title_it", "title_en", "body_it", "body_en", "published", "published_on")
TITLE_MAX = 200
BODY_MAX = 20_000


def published_news(district_id: int) -> QuerySet[NewsItem]:
    """What the public sees: the district's published news, newest first."""
    return NewsItem.objects.filter(district_id=district_id, published=True).order_by(
        "-published_on", "-id"
    )


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("title_it", "title_en", "body_it", "body_en"):
        values[name] = (values.get(name) or "").strip()
    values["published"] = bool(values.get("published"))
    if not values["title_it"]:
        raise UserError(N_("Title (Italian): write a title."), field="title_it")
    for name in ("title_it", "title_en"):
        if len(values[name]) > TITLE_MAX:
            raise UserError(
                N_("Title: keep it under %(max)s characters."), max=TITLE_MAX, field=name
            )
    if not values["body_it"]:
        raise UserError(N_("Text (Italian): write the news."), field="body_it")
    for name in ("body_it", "body_en"):
        if len(values[name]) > BODY_MAX:
            raise UserError(N_("Text: keep it under %(max)s characters."), max=BODY_MAX, field=name)
    when = values.get("published_on")
    if when is not None and not isinstance(when, date):
        raise UserError(N_("Date: write a date, e.g. 2026-03-31."), field="published_on")
    if values["published"] and when is None:
        values["published_on"] = timezone.localdate()
    return values


def _apply(item: NewsItem, data: dict[str, Any]) -> None:
    current = {name: getattr(item, name) for name in FIELDS}
    values = _clean({**current, **{k: v for k, v in data.items() if k in FIELDS}})
    for name in FIELDS:
        setattr(item, name, values[name])


@transaction.atomic
def create_news(district: District, *, user, data: dict[str, Any]) -> NewsItem:
    item = NewsItem(district=district)
    if getattr(user, "is_authenticated", False):
        item.created_by = user
    _apply(item, data)
    item.save()
    audit.record(
        user,
        "create",
        item,
        changes=audit.diff({}, audit.snapshot(item, FIELDS)),
        district_id=district.pk,
    )
    return item


@transaction.atomic
def update_news(item: NewsItem, *, user, data: dict[str, Any]) -> NewsItem:
    """Change a news item; fields missing from ``data`` keep their values."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item, FIELDS)
    _apply(item, data)
    changes = audit.diff(before, audit.snapshot(item, FIELDS))
    if not changes:
        return item
    item.save()
    if set(changes) == {"published"} or (
        "published" in changes and set(changes) <= {"published", "published_on"}
    ):
        action = "publish_news" if item.published else "unpublish_news"
    else:
        action = "update"
    audit.record(user, action, item, changes=changes, district_id=item.district_id)
    return item


@transaction.atomic
def delete_news(item: NewsItem, *, user) -> None:
    changes = audit.diff(audit.snapshot(item, FIELDS), {})
    district_id = item.district_id
    audit.record(user, "delete", item, changes=changes, district_id=district_id)
    item.delete()
