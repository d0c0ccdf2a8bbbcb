"""Steps with process and dates, and other steps: dates in order, the process of the textile
chain (required for other steps), steps changed in place so batch events stay attached, and
a step with events cannot be removed."""

from __future__ import annotations

import datetime

import pytest

from filiera.products import services
from filiera.products.services import ProductError


def test_steps_take_a_process_and_dates(composed, owner_a, firm_a):
    site = firm_a.sites.get()
    services.set_steps(
        owner_a,
        composed,
        [
            ("making", site, "", "MU.SEWING", "2025-03-01", datetime.date(2025, 3, 20)),
            {
                "stage": "other",
                "process": "wp.printing",
                "country": "it",
                "started_on": "02/03/2025",
            },
            {"stage": "other", "process": "MU.EMBROIDERY", "site": site.pk},
        ],
    )
    making = composed.steps.get(stage="making")
    assert making.process_id == "MU.SEWING"
    assert (making.started_on, making.finished_on) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 20),
    )
    others = composed.steps.filter(stage="other").order_by("id")
    assert [(s.process_id, s.country, s.site_id, s.started_on) for s in others] == [
        ("WP.PRINTING", "IT", None, datetime.date(2025, 3, 2)),
        ("MU.EMBROIDERY", "", site.pk, None),
    ]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (
            {
                "stage": "making",
                "country": "IT",
                "started_on": "2025-03-02",
                "finished_on": "2025-03-01",
            },
            "finished_on",
        ),
        ({"stage": "making", "country": "IT", "started_on": "31/02/2025"}, "started_on"),
        ({"stage": "making", "country": "IT", "finished_on": "soon"}, "finished_on"),
        ({"stage": "making", "country": "IT", "process": "RM.HIDES"}, "process"),
        ({"stage": "making", "country": "IT", "process": "MU"}, "process"),
        ({"stage": "other", "country": "IT"}, "process"),
        ({"stage": "other", "site": 999999, "process": "WP.PRINTING"}, "site"),
    ],
)
def test_bad_steps_name_the_field_and_row(composed, owner_a, row, field):
    services.set_steps(owner_a, composed, [("spinning", None, "IT")])
    with pytest.raises(ProductError) as caught:
        services.set_steps(owner_a, composed, [("spinning", None, "IT"), row])
    assert (caught.value.field, caught.value.row) == (field, 2)
    assert list(composed.steps.values_list("stage", "country")) == [("spinning", "IT")]


def test_an_empty_other_row_is_dropped(composed, owner_a):
    services.set_steps(owner_a, composed, [{"stage": "other"}, ("making", None, "IT")])
    assert list(composed.steps.values_list("stage", flat=True)) == ["making"]


def test_steps_are_changed_in_place(traced, owner_a):
    making = traced.steps.get(stage="making")
    printing = traced.steps.get(stage="other")
    services.set_steps(
        owner_a,
        traced,
        [
            {"stage": "making", "country": "RO", "process": "MU.SEWING"},
            {"stage": "other", "id": printing.pk, "process": "MU.GARMENT_PRINT", "country": "IT"},
        ],
    )
    assert traced.steps.get(stage="making").pk == making.pk
    assert traced.steps.get(stage="other").pk == printing.pk
    assert traced.batches.get().events.get().step_id == making.pk
    # Without an id, an other step naming the same process keeps its identity too.
    services.set_steps(
        owner_a,
        traced,
        [
            {"stage": "making", "country": "RO"},
            {"stage": "other", "process": "MU.GARMENT_PRINT", "country": "PT"},
        ],
    )
    assert traced.steps.get(stage="other").pk == printing.pk


def test_a_step_with_events_cannot_be_removed(traced, owner_a):
    before = sorted(traced.steps.values_list("id", flat=True))
    with pytest.raises(ProductError) as caught:
        services.set_steps(owner_a, traced, [{"stage": "other", "process": "WP.PRINTING"}])
    assert caught.value.params["lot"] == "L-01"
    assert sorted(traced.steps.values_list("id", flat=True)) == before
