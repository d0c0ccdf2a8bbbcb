"""The label: fibres by component (each component exactly 100 %, errors naming the component
and the row and what would make 100) and substances of concern (CAS or EC number with its check
digit, concentration); nothing partial is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from filiera.core.models import AuditEvent
from filiera.products import services
from filiera.products.services import ProductError

SHELL_AND_LINING = [
    ("guscio", "shell", "5", "95"),
    ("", "", "43", "5"),
    ("fodera", "lining", "35", "100"),
]


def stored(product):
    return [
        (c.name, c.name_en, [(f.fibre, f.percent) for f in c.fibres.all()])
        for c in product.components.prefetch_related("fibres")
    ]


def test_components_with_fibres_are_saved_in_order(product, owner_a):
    services.set_components(owner_a, product, SHELL_AND_LINING)
    assert stored(product) == [
        ("guscio", "shell", [("5", Decimal("95")), ("43", Decimal("5"))]),
        ("fodera", "lining", [("35", Decimal("100"))]),
    ]
    event = AuditEvent.objects.filter(
        object_type="products.product", object_id=str(product.pk), action="update"
    ).latest("id")
    assert event.changes["components"] == [[], ["guscio: 95 5 | 5 43", "fodera: 100 35"]]


def test_rows_of_one_component_may_be_apart_and_mappings_work(product, owner_a):
    rows = [
        {"component": "guscio", "fibre": "5", "percent": "60"},
        {"component": "fodera", "fibre": "35", "percent": "100"},
        {"component": "Guscio", "fibre": "1", "percent": "40,00"},
    ]
    services.set_components(owner_a, product, rows)
    assert stored(product)[0] == ("guscio", "", [("5", Decimal("60")), ("1", Decimal("40"))])


def test_a_component_not_adding_up_to_100_names_it_and_the_row(product, owner_a):
    services.set_components(owner_a, product, SHELL_AND_LINING)
    rows = [("guscio", "", "5", "95"), ("", "", "43", "3"), ("fodera", "", "35", "100")]
    with translation.override("en"), pytest.raises(ProductError) as caught:
        services.set_components(owner_a, product, rows)
    err = caught.value
    assert (err.field, err.row) == ("percent", 2)
    assert err.params["component"] == "guscio" and err.params["needed"] == "5"
    with translation.override("en"):
        assert "guscio" in err.translated() and "would need 5" in err.translated()
    assert stored(product)[0][2] == [("5", Decimal("95")), ("43", Decimal("5"))]  # unchanged


def test_exactly_100_not_nearly(product, owner_a):
    thirds = [("corpo", "", "5", "33.33"), ("", "", "1", "33.33"), ("", "", "35", "33.33")]
    with translation.override("en"), pytest.raises(ProductError) as caught:
        services.set_components(owner_a, product, thirds)
    assert caught.value.row == 3 and caught.value.params["needed"] == "33.34"


def test_too_much_says_by_how_much(product, owner_a):
    with translation.override("en"), pytest.raises(ProductError) as caught:
        services.set_components(owner_a, product, [("corpo", "", "5", "100"), ("", "", "1", "100")])
    assert caught.value.params["excess"] == "100"


@pytest.mark.parametrize(
    ("rows", "field", "row"),
    [
        ([("", "", "5", "100")], "component", 1),
        ([("corpo", "", "cotone", "100")], "fibre", 1),
        ([("corpo", "", "5", "50"), ("", "", "5", "50")], "fibre", 2),
        ([("corpo", "", "5", "0")], "percent", 1),
        ([("corpo", "", "5", "abc")], "percent", 1),
        ([("corpo", "", "5", "99.999"), ("", "", "1", "0.001")], "percent", 1),
        ([("corpo", "body", "5", "50"), ("corpo", "torso", "1", "50")], "component_en", 2),
        ([("x" * 81, "", "5", "100")], "component", 1),
    ],
)
def test_bad_rows_name_the_field_and_row_and_save_nothing(product, owner_a, rows, field, row):
    services.set_components(owner_a, product, SHELL_AND_LINING)
    with pytest.raises(ProductError) as caught:
        services.set_components(owner_a, product, rows)
    assert (caught.value.field, caught.value.row) == (field, row)
    assert len(stored(product)) == 2


def test_no_rows_clear_the_label(product, owner_a):
    services.set_components(owner_a, product, SHELL_AND_LINING)
    services.set_components(owner_a, product, [])
    assert not product.components.exists()


# Substances ----------------------------------------------------------------------------------

DEHP = ("DEHP", "117-81-7", "204-211-0", "0.15", "stampa del logo")


def test_substances_are_saved(product, owner_a):
    services.set_substances(owner_a, product, [DEHP, ("Piombo", "", "231-100-4", "0,01", "")])
    found = [(s.name, s.cas_number, s.ec_number, s.concentration) for s in product.substances.all()]
    assert found == [
        ("DEHP", "117-81-7", "204-211-0", Decimal("0.15")),
        ("Piombo", "", "231-100-4", Decimal("0.01")),
    ]
    event = AuditEvent.objects.filter(
        object_type="products.product", object_id=str(product.pk), action="update"
    ).latest("id")
    assert event.changes["substances"][0] == []


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (("DEHP", "117-81-8", "", "0.1", ""), "cas_number", "should be 7"),
        (("DEHP", "11781-7", "", "0.1", ""), "cas_number", "117-81-7"),
        (("DEHP", "", "204-211-1", "0.1", ""), "ec_number", "check digit"),
        (("DEHP", "", "", "0.1", ""), "cas_number", "CAS or the EC"),
        (("", "117-81-7", "", "0.1", ""), "name", "name"),
        (("DEHP", "117-81-7", "", "0", ""), "concentration", "more than 0"),
        (("DEHP", "117-81-7", "", "0.00001", ""), "concentration", "four decimals"),
    ],
)
def test_bad_substances_name_the_field_and_save_nothing(product, owner_a, row, field, words):
    services.set_substances(owner_a, product, [DEHP])
    with translation.override("en"), pytest.raises(ProductError) as caught:
        services.set_substances(owner_a, product, [(*DEHP[:4], "collo"), row])
    assert (caught.value.field, caught.value.row) == (field, 2)
    with translation.override("en"):
        assert words in caught.value.translated()
    assert list(product.substances.values_list("location", flat=True)) == ["stampa del logo"]


def test_the_same_substance_in_the_same_place_twice_is_refused(product, owner_a):
    with pytest.raises(ProductError) as caught:
        services.set_substances(owner_a, product, [DEHP, DEHP])
    assert caught.value.row == 2 and caught.value.params["first"] == 1
