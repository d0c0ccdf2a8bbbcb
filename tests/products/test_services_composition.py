"""The composition and the steps: replaced as a whole, errors naming the row and the field,
nothing partial saved, audited, and the footprint refreshed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from filiera.core.models import AuditEvent
from filiera.footprint.models import FootprintResult
from filiera.products import services
from filiera.products.services import ProductError

WOOL, PA = "ei-laine-par-defaut", "ei-pa"


def stored(product) -> list[tuple[str, Decimal, str]]:
    return list(
        product.materials.order_by("-share", "id").values_list("material", "share", "country")
    )


def test_the_composition_is_replaced_and_recorded(composed, editor_a):
    services.set_composition(editor_a, composed, [("ei-coton", "100", "")])
    assert stored(composed) == [("ei-coton", Decimal("100.00"), "")]
    event = AuditEvent.objects.filter(
        object_type="products.product", object_id=str(composed.pk), action="update"
    ).latest("id")
    assert event.actor == editor_a
    assert event.changes["composition"] == [
        ["ei-laine-par-defaut 70% IT", "ei-pa 30%"],
        ["ei-coton 100%"],
    ]


@pytest.mark.parametrize(
    ("rows", "field", "row"),
    [
        ([], "materials", None),
        (
            [
                (m, "16.66", "")
                for m in ("ei-coton", "ei-lin", "ei-pa", "ei-pet", "ei-pp", "elasthane")
            ],
            "materials",
            None,
        ),
        ([("ei-coton", "60", ""), ("silk", "40", "")], "material", 2),
        ([("ei-coton", "60", ""), ("", "40", "")], "material", 2),
        ([("ei-coton", "60", ""), ("ei-pa", "20", ""), ("ei-coton", "20", "")], "material", 3),
        ([("ei-coton", "100", ""), ("ei-pa", "0", "")], "share", 2),
        ([("ei-coton", "-5", ""), ("ei-pa", "105", "")], "share", 1),
        ([("ei-coton", "abc", "")], "share", 1),
        ([("ei-coton", "", "")], "share", 1),
        ([("ei-coton", "33.333", ""), ("ei-pa", "66.667", "")], "share", 1),
        ([("ei-coton", "60", "IT"), ("ei-pa", "40", "XX")], "country", 2),
        ([("ei-coton", "60", "Italy"), ("ei-pa", "40", "")], "country", 1),
        ([("ei-coton", "60", ""), ("ei-pa", "35", "")], "share", 2),
        ([("ei-coton", "60", ""), ("ei-pa", "45", "")], "share", 2),
        ([("ei-coton", "90", ""), ("ei-pa", "90", "")], "share", 2),
    ],
)
def test_bad_rows_name_the_row_and_field_and_save_nothing(composed, owner_a, rows, field, row):
    before = stored(composed)
    footprint = FootprintResult.objects.get(product=composed).ecs
    events = AuditEvent.objects.count()
    with pytest.raises(ProductError) as caught:
        services.set_composition(owner_a, composed, rows)
    assert (caught.value.field, caught.value.row) == (field, row)
    if row is not None:
        assert caught.value.params["row"] == row
        assert f"Row {row}" in str(caught.value)
    assert stored(composed) == before
    assert FootprintResult.objects.get(product=composed).ecs == footprint
    assert AuditEvent.objects.count() == events


def test_a_wrong_total_says_what_the_last_row_would_need(composed, owner_a):
    with pytest.raises(ProductError) as caught:
        services.set_composition(owner_a, composed, [("ei-coton", "60", ""), ("ei-pa", "35", "")])
    assert caught.value.params["needed"] == "40"
    assert caught.value.params["total"] == "95"


def test_a_duplicate_names_the_first_row(composed, owner_a):
    with pytest.raises(ProductError) as caught:
        services.set_composition(
            owner_a, composed, [(WOOL, "50", ""), (PA, "20", ""), (WOOL, "30", "")]
        )
    assert caught.value.params["first"] == 1


def test_a_total_within_a_hundredth_is_rounded_onto_the_largest_share(composed, owner_a):
    services.set_composition(
        owner_a, composed, [("ei-coton", "33.33", ""), ("ei-lin", "33.34", ""), (PA, "33.32", "")]
    )
    shares = dict((m, s) for m, s, _c in stored(composed))
    assert sum(shares.values()) == 100
    assert shares["ei-lin"] == Decimal("33.35")
    assert FootprintResult.objects.filter(product=composed).exists()


def test_five_materials_with_decimals_and_lower_case_countries(product, owner_a):
    rows = [
        ("ei-coton", "40,5", "it"),
        ("ei-lin", "20", "fr"),
        (PA, "20", ""),
        ("ei-pet", "10", ""),
        ("elasthane", "9.5", ""),
    ]
    services.set_composition(owner_a, product, rows)
    assert stored(product)[0] == ("ei-coton", Decimal("40.50"), "IT")
    assert len(stored(product)) == 5
    assert FootprintResult.objects.get(product=product).query["materials"][0]["id"] == "ei-coton"


def test_the_footprint_waits_for_the_composition(product):
    assert not FootprintResult.objects.filter(product=product).exists()


# Steps ----------------------------------------------------------------------------------------


def test_steps_name_a_site_or_a_country(composed, owner_a, firm_a, supply_chain):
    spinner_site = supply_chain["spinner"].sites.get()
    own = firm_a.sites.get()
    services.set_steps(
        owner_a,
        composed,
        [
            ("spinning", spinner_site, "CN"),
            ("fabric", None, "tr"),
            ("dyeing", None, ""),
            ("making", own.pk, ""),
        ],
    )
    steps = {s.stage: s for s in composed.steps.all()}
    assert set(steps) == {"spinning", "fabric", "making"}  # dyeing: not known
    assert (
        steps["spinning"].site == spinner_site and steps["spinning"].country == ""
    )  # the site wins
    assert steps["fabric"].country == "TR" and steps["fabric"].site is None
    query = FootprintResult.objects.get(product=composed).query
    assert query["countrySpinning"] == "REO" and query["countryMaking"] == "REO"
    assert query["countryFabric"] == "TR" and "countryDyeing" not in query
    event = AuditEvent.objects.filter(
        object_type="products.product", object_id=str(composed.pk), action="update"
    ).latest("id")
    assert event.changes["steps"][0] == []


@pytest.mark.parametrize(
    ("rows", "field", "row"),
    [
        ([("sewing", None, "IT")], "stage", 1),
        ([("making", None, "IT"), ("making", None, "FR")], "stage", 2),
        ([("spinning", None, "IT"), ("fabric", None, "ZZ")], "country", 2),
        ([("spinning", None, "IT"), ("dyeing", 999999, "")], "site", 2),
        ([("spinning", "abc", "")], "site", 1),
    ],
)
def test_bad_steps_name_the_row_and_save_nothing(composed, owner_a, rows, field, row):
    services.set_steps(owner_a, composed, [("making", None, "IT")])
    with pytest.raises(ProductError) as caught:
        services.set_steps(owner_a, composed, rows)
    assert (caught.value.field, caught.value.row) == (field, row)
    assert list(composed.steps.values_list("stage", "country")) == [("making", "IT")]


def test_a_site_that_stops_being_shared_cannot_be_chosen_again(composed, owner_a, supply_chain):
    from filiera.chains.models import Consent

    spinner = supply_chain["spinner"]
    services.set_steps(owner_a, composed, [("spinning", spinner.sites.get(), "")])
    Consent.objects.filter(supplier=spinner).update(sites=False)
    with pytest.raises(ProductError):
        services.set_steps(owner_a, composed, [("spinning", spinner.sites.get(), "")])
    assert composed.steps.get().site_id == spinner.sites.get().pk
