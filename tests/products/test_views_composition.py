"""The composition page: five rows, the running total, an error naming the row as numbered on
the page, nothing saved on error."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse


def rows(*items, total: int = 5) -> dict:
    data = {}
    for n in range(1, total + 1):
        material, share, country = (
            items[n - 1] if n <= len(items) and items[n - 1] else ("", "", "")
        )
        data |= {f"row{n}-material": material, f"row{n}-share": share, f"row{n}-country": country}
    return data


def stored(product):
    return list(product.materials.values_list("material", "share", "country"))


def test_the_page_shows_five_rows_filled_with_the_composition(client_for, editor_a, composed):
    response = client_for(editor_a).get(
        reverse("product_composition", args=[composed.brand_id, composed.pk])
    )
    forms = [form for _n, form in response.context["rows"]]
    assert len(forms) == 5
    assert forms[0].initial == {"material": "ei-laine-par-defaut", "share": "70", "country": "IT"}
    assert forms[1].initial["material"] == "ei-pa" and not forms[2].initial


def test_a_wrong_total_names_the_row_and_saves_nothing(client_for, owner_a, composed):
    url = reverse("product_composition", args=[composed.brand_id, composed.pk])
    before = stored(composed)
    response = client_for(owner_a).post(url, rows(("ei-coton", "60", ""), ("ei-pa", "30", "")))
    assert response.status_code == 200
    forms = dict(response.context["rows"])
    assert list(forms[2].errors) == ["share"] and not forms[1].errors
    assert response.context["error"]
    assert 'id="row-2" data-row="2" class="row-error"' in response.content.decode()
    assert stored(composed) == before


def test_rows_are_numbered_as_on_the_page(client_for, owner_a, composed):
    """Row 2 left empty: the bad material in row 4 is reported as row 4."""
    url = reverse("product_composition", args=[composed.brand_id, composed.pk])
    data = rows(("ei-coton", "50", ""), None, ("ei-pa", "30", ""), ("ei-coton", "20", ""))
    response = client_for(owner_a).post(url, data)
    forms = dict(response.context["rows"])
    assert list(forms[4].errors) == ["material"]
    assert "4" in forms[4].errors["material"][0] and "1" in forms[4].errors["material"][0]
    assert not forms[3].errors


def test_a_right_composition_is_saved(client_for, owner_a, composed):
    url = reverse("product_composition", args=[composed.brand_id, composed.pk])
    response = client_for(owner_a).post(
        url, rows(("ei-coton", "95", "IN"), None, ("elasthane", "5", ""))
    )
    assert response.status_code == 302 and response["Location"] == composed.get_absolute_url()
    assert sorted(stored(composed)) == [
        ("ei-coton", Decimal("95.00"), "IN"),
        ("elasthane", Decimal("5.00"), ""),
    ]


def test_an_unknown_choice_is_refused_by_the_form(client_for, owner_a, composed):
    url = reverse("product_composition", args=[composed.brand_id, composed.pk])
    response = client_for(owner_a).post(url, rows(("silk", "100", "")))
    assert response.status_code == 200
    assert "material" in dict(response.context["rows"])[1].errors
    assert len(stored(composed)) == 2


def test_all_rows_empty_asks_for_a_material(client_for, owner_a, composed):
    url = reverse("product_composition", args=[composed.brand_id, composed.pk])
    response = client_for(owner_a).post(url, rows())
    assert response.status_code == 200 and response.context["error"]
    assert len(stored(composed)) == 2
