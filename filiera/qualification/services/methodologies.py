"""Writes to methodologies: loading the shipped file sets, deriving a district's own version,
changing a draft, publishing it. A published version is never changed again."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.qualification.methodology.loader import (
    MethodologyError,
    load_all,
    load_definition,
    to_definition,
)
from filiera.qualification.models import Methodology, MethodologyVersion
from filiera.registry.models import District

Status = MethodologyVersion.Status


@transaction.atomic
def sync_shipped(root: Path | None = None, *, strict: bool = True) -> list[MethodologyVersion]:
    """Load every file set under ``methodologies/`` as a published version. Loading twice is a
    no-op. A published version whose files changed afterwards is refused (publish the change as
    a new version): an error when ``strict``, else a warning and the database copy stays."""
    loaded = []
    for definition in load_all(Path(root or settings.METHODOLOGIES_DIR)):
        methodology, _ = Methodology.objects.get_or_create(
            slug=definition.slug,
            defaults={"name_it": definition.name.it, "name_en": definition.name.en},
        )
        data = to_definition(definition)
        version = MethodologyVersion.objects.filter(
            methodology=methodology, number=definition.version
        ).first()
        if version is None:
            version = MethodologyVersion.objects.create(
                methodology=methodology,
                number=definition.version,
                definition=data,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
                source_file=f"{definition.slug}/{definition.version}",
            )
        elif version.definition != data:
            message = (
                f"{definition.slug}/{definition.version}: this version is already published "
                "with different content; publish the change as a new version folder"
            )
            if strict:
                raise UserError(message)
            warnings.warn(message, stacklevel=2)
        loaded.append(version)
    return loaded


@transaction.atomic
def derive(actor, base: MethodologyVersion, district: District) -> MethodologyVersion:
    """Start a district's own draft version from ``base`` (any published version)."""
    if not base.is_published:
        raise UserError(N_("Only a published version can be the base of a new one."))
    if base.methodology.district_id == district.pk:
        slug = base.methodology.slug  # the district's next version of its own methodology
    else:
        slug = slugify(f"{district.slug}-{base.methodology.slug}")[:60]
    parsed = base.parsed()
    methodology, _ = Methodology.objects.get_or_create(
        slug=slug,
        defaults={
            "district": district,
            "name_it": f"{parsed.name.it} · {district.name}"[:120],
            "name_en": f"{parsed.name.en} · {district.name}"[:120],
        },
    )
    if methodology.district_id != district.pk:
        raise UserError(N_("The code %(slug)s is taken by another district."), slug=slug)
    if methodology.versions.filter(status=Status.DRAFT).exists():
        raise UserError(N_("Finish or publish the draft version first."))
    last = methodology.versions.order_by("-number").first()
    number = (last.number + 1) if last else 1
    data = copy.deepcopy(base.definition)
    data.update(
        slug=slug,
        version=number,
        based_on=base.key,
        name={"it": methodology.name_it, "en": methodology.name_en},
    )
    load_definition(data, f"{slug}@{number}")
    version = MethodologyVersion.objects.create(
        methodology=methodology,
        number=number,
        definition=data,
        based_on=base,
        created_by=actor,
    )
    audit.record(
        actor,
        "derive_methodology",
        version,
        changes=audit.facts(based_on=base.key),
        district_id=district.pk,
    )
    return version


def _require_draft(version: MethodologyVersion) -> None:
    if version.is_published:
        raise UserError(N_("A published version cannot change: derive a new version."))


@transaction.atomic
def change_draft(actor, version: MethodologyVersion, data: dict) -> MethodologyVersion:
    """Replace a draft's definition after validating it whole; errors name the field."""
    _require_draft(version)
    data = copy.deepcopy(data)
    data.update(slug=version.methodology.slug, version=version.number)
    if version.based_on is not None:
        data["based_on"] = version.based_on.key
    try:
        load_definition(data, str(version))
    except MethodologyError as err:
        raise UserError(
            N_("The methodology is not valid: %(problems)s"), problems=str(err)
        ) from None
    before = version.definition
    version.definition = data
    version.save(update_fields=["definition"])
    audit.record(
        actor,
        "change_methodology",
        version,
        changes=_summary(before, data),
        district_id=version.methodology.district_id,
    )
    return version


def _summary(before: dict, after: dict) -> dict:
    """Which weights and questions changed, for the audit log (not the whole definition)."""
    changes: dict[str, list] = {}
    old_areas = {a["code"]: a for a in before.get("areas", [])}
    for area in after.get("areas", []):
        old = old_areas.get(area["code"], {})
        if old.get("weight") != area.get("weight"):
            changes[f"{area['code']}.weight"] = [old.get("weight"), area.get("weight")]
        old_questions = {q["code"]: q for q in old.get("questions", [])}
        for q in area.get("questions", []):
            previous = old_questions.get(q["code"])
            if previous is None:
                changes[q["code"]] = [None, "added"]
                continue
            for key in ("weight", "enabled", "critical", "evidence"):
                if previous.get(key) != q.get(key):
                    changes[f"{q['code']}.{key}"] = [previous.get(key), q.get(key)]
    return changes


@transaction.atomic
def publish(actor, version: MethodologyVersion) -> MethodologyVersion:
    _require_draft(version)
    version.status = Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit.record(
        actor,
        "publish_methodology",
        version,
        changes=audit.facts(version=version.key),
        district_id=version.methodology.district_id,
    )
    return version
