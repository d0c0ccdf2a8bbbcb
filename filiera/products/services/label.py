"""What the product's label and passport say: the fibre composition of each component (EU
textile labelling names, shares summing to exactly 100 % per component) and the substances of
concern it contains (name, CAS or EC number, concentration, where in the product)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from filiera.core.usererror import N_
from filiera.products import fibres
from filiera.products.models import Component, ComponentFibre, Product, Substance
from filiera.products.services.common import (
    CENT,
    HUNDRED,
    ProductError,
    decimal,
    number,
    record,
    touch,
)

MAX_COMPONENTS = 20
MAX_FIBRES = 20  # per component
MAX_SUBSTANCES = 50
COMPONENT_KEYS = ("component", "component_en", "fibre", "percent")
SUBSTANCE_KEYS = ("name", "cas_number", "ec_number", "concentration", "location")
CONCENTRATION_STEP = Decimal("0.0001")


def _row(raw: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    return dict(zip(keys, raw, strict=False))


def _text(raw: Any) -> str:
    return " ".join(str(raw or "").split())


# Components ----------------------------------------------------------------------------------


@dataclass
class PlannedComponent:
    name: str
    name_en: str = ""
    first_row: int = 0
    en_row: int = 0
    fibres: list[tuple[int, str, Decimal]] = field(default_factory=list)  # (row, key, percent)


def component_lines(product: Product) -> list[str]:
    return [
        f"{c.name}: " + " | ".join(f"{f.percent.normalize():f} {f.fibre}" for f in c.fibres.all())
        for c in product.components.prefetch_related("fibres")
    ]


def _percent(row: int, raw: Any) -> Decimal:
    value = decimal(raw)
    if not value.is_finite():
        raise ProductError(
            "percent", N_("Row %(row)s, share: write a percentage, e.g. 95."), row=row
        )
    if value <= 0 or value > HUNDRED:
        raise ProductError(
            "percent",
            N_("Row %(row)s, share: it must be more than 0 and at most 100 %%."),
            row=row,
        )
    if value != value.quantize(CENT):
        raise ProductError("percent", N_("Row %(row)s, share: use at most two decimals."), row=row)
    return value


def check_components(rows: Sequence[Any]) -> list[PlannedComponent]:
    """The rows grouped by component, or the first error found.

    A row is (component, component in English, fibre key, share in %) or a mapping with those
    keys. A row without a component name belongs to the component of the row above. Each
    component's shares must add up to exactly 100 %."""
    known = fibres.fibres()
    components: dict[str, PlannedComponent] = {}
    current: PlannedComponent | None = None
    for row, raw in enumerate(rows, start=1):
        data = _row(raw, COMPONENT_KEYS)
        name = _text(data.get("component"))
        name_en = _text(data.get("component_en"))
        if not name:
            if current is None:
                raise ProductError(
                    "component",
                    N_("Row %(row)s, component: name the component, e.g. shell or lining."),
                    row=row,
                )
            component = current
        else:
            if len(name) > 80:
                raise ProductError(
                    "component",
                    N_("Row %(row)s, component: use at most 80 characters."),
                    row=row,
                )
            found = components.get(name.casefold())
            if found is not None:
                component = found
            else:
                if len(components) >= MAX_COMPONENTS:
                    raise ProductError(
                        "component",
                        N_("Row %(row)s, component: at most %(max)s components."),
                        row=row,
                        max=MAX_COMPONENTS,
                    )
                component = PlannedComponent(name=name, first_row=row)
                components[name.casefold()] = component
        current = component
        if name_en:
            if len(name_en) > 80:
                raise ProductError(
                    "component_en",
                    N_("Row %(row)s, component in English: use at most 80 characters."),
                    row=row,
                )
            if component.name_en and component.name_en != name_en:
                raise ProductError(
                    "component_en",
                    N_(
                        "Row %(row)s, component in English: %(component)s is called "
                        "“%(first)s” in row %(first_row)s."
                    ),
                    row=row,
                    component=component.name,
                    first=component.name_en,
                    first_row=component.en_row,
                )
            component.name_en, component.en_row = name_en, row
        key = str(data.get("fibre") or "").strip()
        if key not in known:
            raise ProductError(
                "fibre",
                N_("Row %(row)s, fibre: choose a fibre of the EU labelling list."),
                row=row,
            )
        earlier = next((r for r, k, _p in component.fibres if k == key), None)
        if earlier is not None:
            raise ProductError(
                "fibre",
                N_("Row %(row)s, fibre: %(fibre)s is already in row %(first)s of %(component)s."),
                row=row,
                fibre=known[key].name(),
                first=earlier,
                component=component.name,
            )
        if len(component.fibres) >= MAX_FIBRES:
            raise ProductError(
                "fibre",
                N_("Row %(row)s, fibre: at most %(max)s fibres per component."),
                row=row,
                max=MAX_FIBRES,
            )
        component.fibres.append((row, key, _percent(row, data.get("percent"))))
    for component in components.values():
        _check_total(component)
    return list(components.values())


def _check_total(component: PlannedComponent) -> None:
    total = sum((p for _r, _k, p in component.fibres), Decimal(0))
    if total == HUNDRED:
        return
    last_row, _key, last = component.fibres[-1]
    needed = HUNDRED - (total - last)
    if Decimal(0) < needed <= HUNDRED:
        raise ProductError(
            "percent",
            N_(
                "Row %(row)s, share: the fibres of %(component)s add up to %(total)s %%, "
                "not 100 %%; this row would need %(needed)s %%."
            ),
            row=last_row,
            component=component.name,
            total=number(total),
            needed=number(needed),
        )
    raise ProductError(
        "percent",
        N_(
            "Row %(row)s, share: the fibres of %(component)s add up to %(total)s %%, "
            "not 100 %%; lower their shares by %(excess)s %% in all."
        ),
        row=last_row,
        component=component.name,
        total=number(total),
        excess=number(total - HUNDRED),
    )


@transaction.atomic
def set_components(actor, product: Product, rows: Sequence[Any]) -> Product:
    """Replace the label composition with ``rows`` (see ``check_components``); no rows clear
    it. Components keep the order of their first row."""
    planned = check_components(rows)
    before = component_lines(product)
    product.components.all().delete()
    for position, plan in enumerate(planned, start=1):
        component = Component.objects.create(
            product=product, name=plan.name, name_en=plan.name_en, position=position
        )
        ComponentFibre.objects.bulk_create(
            ComponentFibre(component=component, fibre=key, percent=percent)
            for _row_number, key, percent in plan.fibres
        )
    after = component_lines(product)
    if before != after:
        touch(product)
        record(actor, product, {"components": [before, after]})
    return product


# Substances ----------------------------------------------------------------------------------


def cas_check_digit(digits: str) -> int:
    """The CAS Registry Number check digit of the digits before it."""
    return sum(n * int(d) for n, d in enumerate(reversed(digits), start=1)) % 10


def ec_check_digit(digits: str) -> int:
    """The EC number check digit of its first six digits (10 means no valid number)."""
    return sum(n * int(d) for n, d in enumerate(digits, start=1)) % 11


def substance_lines(product: Product) -> list[str]:
    return [
        f"{s.name} {s.cas_number or s.ec_number} {s.concentration.normalize():f}%"
        + (f" {s.location}" if s.location else "")
        for s in product.substances.all()
    ]


def _cas(row: int, raw: Any) -> str:
    value = "".join(str(raw or "").split())
    if not value:
        return ""
    parts = value.split("-")
    if (
        len(parts) != 3
        or not all(p.isdigit() and p.isascii() for p in parts)
        or not (2 <= len(parts[0]) <= 7 and len(parts[1]) == 2 and len(parts[2]) == 1)
    ):
        raise ProductError(
            "cas_number",
            N_("Row %(row)s, CAS number: it looks like 117-81-7."),
            row=row,
        )
    expected = cas_check_digit(parts[0] + parts[1])
    if int(parts[2]) != expected:
        raise ProductError(
            "cas_number",
            N_("Row %(row)s, CAS number: wrong check digit, the last digit should be %(digit)s."),
            row=row,
            digit=expected,
        )
    return value


def _ec(row: int, raw: Any) -> str:
    value = "".join(str(raw or "").split())
    if not value:
        return ""
    parts = value.split("-")
    if (
        len(parts) != 3
        or [len(p) for p in parts] != [3, 3, 1]
        or not value.replace("-", "").isdigit()
    ):
        raise ProductError(
            "ec_number", N_("Row %(row)s, EC number: it looks like 204-211-0."), row=row
        )
    expected = ec_check_digit(parts[0] + parts[1])
    if expected == 10 or int(parts[2]) != expected:
        raise ProductError(
            "ec_number",
            N_("Row %(row)s, EC number: the check digit does not match; copy it again."),
            row=row,
        )
    return value


def _concentration(row: int, raw: Any) -> Decimal:
    value = decimal(raw)
    if not value.is_finite():
        raise ProductError(
            "concentration",
            N_("Row %(row)s, concentration: write a percentage by weight, e.g. 0.15."),
            row=row,
        )
    if value <= 0 or value > HUNDRED:
        raise ProductError(
            "concentration",
            N_("Row %(row)s, concentration: it must be more than 0 and at most 100 %%."),
            row=row,
        )
    if value != value.quantize(CONCENTRATION_STEP):
        raise ProductError(
            "concentration",
            N_("Row %(row)s, concentration: use at most four decimals."),
            row=row,
        )
    return value


def check_substances(rows: Sequence[Any]) -> list[Substance]:
    """The rows as unsaved ``Substance`` objects, or the first error found. A row is (name,
    CAS number, EC number, concentration in % by weight, location) or a mapping."""
    if len(rows) > MAX_SUBSTANCES:
        raise ProductError(None, N_("Substances: at most %(max)s rows."), max=MAX_SUBSTANCES)
    result = []
    seen: dict[tuple[str, str], int] = {}
    for row, raw in enumerate(rows, start=1):
        data = _row(raw, SUBSTANCE_KEYS)
        name = _text(data.get("name"))
        if not name:
            raise ProductError("name", N_("Row %(row)s, substance: give its name."), row=row)
        if len(name) > 200:
            raise ProductError(
                "name", N_("Row %(row)s, substance: use at most 200 characters."), row=row
            )
        cas = _cas(row, data.get("cas_number"))
        ec = _ec(row, data.get("ec_number"))
        if not cas and not ec:
            raise ProductError(
                "cas_number",
                N_("Row %(row)s, CAS number: give the CAS or the EC number of the substance."),
                row=row,
            )
        concentration = _concentration(row, data.get("concentration"))
        location = _text(data.get("location"))
        if len(location) > 200:
            raise ProductError(
                "location",
                N_("Row %(row)s, where in the product: use at most 200 characters."),
                row=row,
            )
        key = (cas or ec, location.casefold())
        if key in seen:
            raise ProductError(
                "name",
                N_("Row %(row)s, substance: the same substance and place are in row %(first)s."),
                row=row,
                first=seen[key],
            )
        seen[key] = row
        result.append(
            Substance(
                name=name,
                cas_number=cas,
                ec_number=ec,
                concentration=concentration,
                location=location,
            )
        )
    return result


@transaction.atomic
def set_substances(actor, product: Product, rows: Sequence[Any]) -> Product:
    """Replace the substances of concern with ``rows`` (see ``check_substances``); no rows
    clear them."""
    substances = check_substances(rows)
    before = substance_lines(product)
    product.substances.all().delete()
    for substance in substances:
        substance.product = product
    Substance.objects.bulk_create(substances)
    after = substance_lines(product)
    if before != after:
        touch(product)
        record(actor, product, {"substances": [before, after]})
    return product
