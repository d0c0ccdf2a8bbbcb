"""Where and when each step of the product's chain is done.

The four stages of the footprint method (spinning, fabric, dyeing, making) come once each; any
number of other steps (printing, washing, embroidery…) say which process they are. A step names
a site the brand may name (``selectors.step_site_choices``), or else a country; it may name the
process of the textile chain it performs and the dates it started and finished.

Steps are changed in place: a stage keeps its step, an other step keeps its identity when the
row gives its ``id`` (or, without one, when it names the same process), so the traceability
events of batches that point at a step stay attached. A step with events cannot be removed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from filiera.core.usererror import N_
from filiera.products.models import BatchEvent, Product, ProductStep
from filiera.products.selectors import step_site_choices
from filiera.products.services.common import (
    ProductError,
    SiteRef,
    country,
    is_blank,
    parse_date,
    record,
    refresh,
    touch,
)
from filiera.registry.models import Process, Site

STEP_KEYS = ("stage", "site", "country", "process", "started_on", "finished_on", "id")
# The chains whose processes a product's step may name (clothing is textile).
STEP_CHAINS = ("textile", "all")


def step_processes() -> QuerySet[Process]:
    """The processes a step may name: those of the textile chain (not the groups)."""
    return Process.objects.filter(is_group=False, chain__in=STEP_CHAINS).order_by("code")


@cache
def _process_codes() -> frozenset[str]:
    return frozenset(step_processes().values_list("code", flat=True))


def process_codes() -> frozenset[str]:
    codes = _process_codes()
    if not codes:  # reference data loaded after the first call (tests)
        _process_codes.cache_clear()
    return codes


def _row(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    return dict(zip(STEP_KEYS, raw, strict=False))


def step_lines(product: Product) -> list[str]:
    """The steps as the history records them."""
    lines = []
    for s in product.steps.order_by("stage", "id"):
        where = ("site " + str(s.site_id)) if s.site_id else (s.country or "-")
        extra = "".join(
            f" {part}"
            for part in (
                s.process_id or "",
                s.started_on.isoformat() if s.started_on else "",
                ("→" + s.finished_on.isoformat()) if s.finished_on else "",
            )
            if part
        )
        lines.append(f"{s.stage}: {where}{extra}")
    return lines


def _site(row: int, step: str, site: SiteRef, allowed: set[int]) -> int | None:
    if site is None or site == "":
        return None
    try:
        site_id = site.pk if isinstance(site, Site) else int(site)
    except (TypeError, ValueError):
        site_id = None
    if site_id is None or site_id not in allowed:
        raise ProductError(
            "site",
            N_("%(step)s, site: choose one of the sites of your firm or of your chain."),
            row=row,
            step=step,
        )
    return site_id


def _process(row: int, step: str, raw: Any) -> str | None:
    if is_blank(raw):
        return None
    code = raw.code if isinstance(raw, Process) else str(raw).strip().upper()
    if code not in process_codes():
        raise ProductError(
            "process",
            N_("%(step)s, process: “%(value)s” is not a process of the textile chain."),
            row=row,
            step=step,
            value=raw,
        )
    return code


def _date(row: int, step: str, field: str, raw: Any) -> datetime.date | None:
    try:
        return parse_date(raw)
    except ValueError:
        if field == "started_on":
            template = N_("%(step)s, start: “%(value)s” is not a date (e.g. 2025-03-31).")
        else:
            template = N_("%(step)s, end: “%(value)s” is not a date (e.g. 2025-03-31).")
        raise ProductError(field, template, row=row, step=step, value=raw) from None


def check_steps(product: Product, rows: Iterable[Any]) -> list[ProductStep]:
    """The rows as unsaved ``ProductStep`` objects, or the first error found.

    A row is a tuple (stage, site, country[, process, started_on, finished_on[, id]]) or a
    mapping with those keys. A row with nothing known (no site, country, process or date) is
    dropped: the step is not known. An other step with something known must name its process.
    ``id`` names an existing other step the row changes (ignored when it is not one)."""
    stages = dict(ProductStep.Stage.choices)
    allowed: set[int] | None = None
    existing_others = set(
        product.steps.filter(stage=ProductStep.Stage.OTHER).values_list("id", flat=True)
    )
    seen: set[str] = set()
    others = 0
    result = []
    for row, raw in enumerate(rows, start=1):
        data = _row(raw)
        stage = data.get("stage")
        if stage not in stages:
            raise ProductError(
                "stage", N_("Row %(row)s, step: unknown step “%(value)s”."), row=row, value=stage
            )
        if stage == ProductStep.Stage.OTHER:
            others += 1
            label = _("Other step %(number)s") % {"number": others}
        else:
            label = str(stages[stage])
            if stage in seen:
                raise ProductError(
                    "stage", N_("%(step)s: the step is listed twice."), row=row, step=label
                )
            seen.add(stage)
        site = data.get("site")
        if site is not None and site != "" and allowed is None:
            allowed = set(step_site_choices(product.brand).values_list("id", flat=True))
        site_id = _site(row, label, site, allowed or set())
        code = "" if site_id is not None else country(row, data.get("country"), label)
        process = _process(row, label, data.get("process"))
        started = _date(row, label, "started_on", data.get("started_on"))
        finished = _date(row, label, "finished_on", data.get("finished_on"))
        if started and finished and finished < started:
            raise ProductError(
                "finished_on",
                N_("%(step)s, end: the step cannot finish before it starts (%(start)s)."),
                row=row,
                step=label,
                start=started.isoformat(),
            )
        if site_id is None and not code and process is None and not started and not finished:
            continue
        if stage == ProductStep.Stage.OTHER and process is None:
            raise ProductError(
                "process",
                N_("%(step)s, process: say which process this step is (e.g. printing)."),
                row=row,
                step=label,
            )
        step = ProductStep(
            stage=stage,
            site_id=site_id,
            country=code,
            process_id=process,
            started_on=started,
            finished_on=finished,
        )
        wanted = data.get("id")
        if stage == ProductStep.Stage.OTHER and not is_blank(wanted):
            try:
                wanted_id: int | None = int(str(wanted))
            except ValueError:
                wanted_id = None
            if wanted_id in existing_others:
                step.pk = wanted_id
        result.append(step)
    return result


def _match(product: Product, steps: list[ProductStep]) -> list[ProductStep]:
    """Give each planned step the id of the stored step it changes; return the stored steps
    that are left over (to remove)."""
    stored = list(product.steps.all())
    by_stage = {s.stage: s for s in stored if s.stage != ProductStep.Stage.OTHER}
    used = {s.pk for s in steps if s.pk is not None}
    for step in steps:
        if step.pk is not None:
            continue
        if step.stage != ProductStep.Stage.OTHER:
            match = by_stage.get(step.stage)
        else:
            match = next(
                (
                    s
                    for s in stored
                    if s.stage == ProductStep.Stage.OTHER
                    and s.pk not in used
                    and s.process_id == step.process_id
                ),
                None,
            )
        if match is not None:
            step.pk = match.pk
            used.add(match.pk)
    return [s for s in stored if s.pk not in used]


@transaction.atomic
def set_steps(actor, product: Product, rows: Iterable[Any]) -> Product:
    """Replace the steps with ``rows`` (see ``check_steps``): a site must be one of
    ``step_site_choices(product.brand)``; the country counts only without a site."""
    steps = check_steps(product, rows)
    before = step_lines(product)
    removed = _match(product, steps)
    traced = (
        BatchEvent.objects.filter(step__in=removed).select_related("step", "batch").first()
        if removed
        else None
    )
    if traced is not None:
        step = traced.step
        name = step.process.name if step.process_id and step.process else ""
        raise ProductError(
            None,
            N_(
                "%(step)s: batch %(lot)s has traceability events at this step; remove them on "
                "the batches page first, or keep the step."
            ),
            step=f"{step.get_stage_display()}{' · ' + name if name else ''}",
            lot=traced.batch.lot,
        )
    ProductStep.objects.filter(pk__in=[s.pk for s in removed]).delete()
    for step in steps:
        step.product = product
        step.save()
    after = step_lines(product)
    if before != after:
        touch(product)
        record(actor, product, {"steps": [before, after]})
    refresh(product)
    return product
