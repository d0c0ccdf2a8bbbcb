"""The district's showcase settings: published or not, the headline and the story (IT/EN).

Only district managers call this (the views check). The write is atomic and audited on the
district's history; bad input raises :class:`UserError` naming the field (its ``field`` param
holds the field's name) and nothing is saved. Publishing needs an Italian headline: the public
home page, its title and its sharing card start from it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.district.models import Showcase
from filiera.registry.models import District

FIELDS = ("published", "headline_it", "headline_en", "story_it", "story_en")
HEADLINE_MAX = 200
STORY_MAX = 20_000


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("headline_it", "headline_en", "story_it", "story_en"):
        values[name] = (values.get(name) or "").strip()
    values["published"] = bool(values.get("published"))
    for name in ("headline_it", "headline_en"):
        if len(values[name]) > HEADLINE_MAX:
            raise UserError(
                N_("Headline: keep it under %(max)s characters."), max=HEADLINE_MAX, field=name
            )
    for name in ("story_it", "story_en"):
        if len(values[name]) > STORY_MAX:
            raise UserError(
                N_("Story: keep it under %(max)s characters."), max=STORY_MAX, field=name
            )
    if values["published"] and not values["headline_it"]:
        raise UserError(
            N_("Headline (Italian): write a headline before publishing the showcase."),
            field="headline_it",
        )
    return values


@transaction.atomic
def save_showcase(district: District, *, user, data: dict[str, Any]) -> Showcase:
    """Create or change the district's showcase; fields missing from ``data`` keep their
    values. Publishing and unpublishing are recorded as such."""
    showcase = Showcase.objects.select_for_update().filter(district=district).first()
    created = showcase is None
    if showcase is None:
        showcase = Showcase(district=district)
    before = {} if created else audit.snapshot(showcase, FIELDS)
    current = audit.snapshot(showcase, FIELDS)
    values = _clean({**current, **{k: v for k, v in data.items() if k in FIELDS}})
    for name in FIELDS:
        setattr(showcase, name, values[name])
    after = audit.snapshot(showcase, FIELDS)
    changes = audit.diff(before, after)
    if not created and not changes:
        return showcase
    showcase.save()
    if "published" in changes and not created:
        action = "publish_showcase" if showcase.published else "unpublish_showcase"
    else:
        action = "create" if created else "update"
    audit.record(user, action, showcase, changes=changes, district_id=district.pk)
    return showcase
