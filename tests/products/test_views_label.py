"""The label composition and substances pages: rows saved together, an error marking the row as
numbered on the page, "More rows" adding rows without saving."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from filiera.products import services


def label_url(product) -> str:
    return reverse("product_label", args=[product.brand_id, product.pk])


def substances_url(product) -> str:
    return reverse("product_substances", args=[product.brand_id, product.pk])


def rows(*lines, rows_count=6) -> dict:
    data = {"rows": str(rows_count)}
    for n, (component, component_en, fibre, percent) in enumerate(lines, start=1):
        data |= {
            f"row{n}-component": component,
            f"row{n}-component_en": component_en,
            f"row{n}-fibre": fibre,
            f"row{n}-percent": percent,
        }
    return data


def test_the_page_offers_the_eu_fibres_and_shows_the_stored_label(client_for, owner_a, product):
    services.set_components(owner_a, product, [("guscio", "shell", "5", "95"), ("", "", "43", "5")])
    response = client_for(owner_a).get(label_url(product))
    assert response.status_code == 200
    first = response.context["rows"][0][1]
    assert first["component"].value() == "guscio" and first["percent"].value() == "95"
    body = response.content.decode()
    assert 'value="2-cashmere"' in body and 'value="43"' in body
    assert response.context["count"] == 6


def test_saving_the_label_with_an_empty_row_between(client_for, owner_a, product):
    data = rows(
        ("guscio", "shell", "5", "95"),
        ("", "", "", ""),
        ("", "", "43", "5"),
        ("fodera", "", "35", "100"),
    )
    response = client_for(owner_a).post(label_url(product), data)
    assert response.status_code == 302 and response["Location"] == product.get_absolute_url()
    assert list(product.components.values_list("name", flat=True)) == ["guscio", "fodera"]


def test_a_wrong_total_marks_the_row_on_the_page(client_for, owner_a, product):
    data = rows(("guscio", "", "5", "95"), ("", "", "", ""), ("", "", "43", "3"))
    response = client_for(owner_a).post(label_url(product), data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Row 3" in response.context["error"] and "guscio" in response.context["error"]
    forms = dict(response.context["rows"])
    assert list(forms[3].errors) == ["percent"] and not forms[1].errors
    assert not product.components.exists()


def test_more_rows_adds_rows_and_saves_nothing(client_for, owner_a, product):
    data = rows(("guscio", "", "5", "100")) | {"more_rows": "1"}
    response = client_for(owner_a).post(label_url(product), data)
    assert response.status_code == 200 and response.context["count"] == 10
    assert response.context["rows"][0][1]["component"].value() == "guscio"
    assert not product.components.exists()


def test_substances_page(client_for, editor_a, product):
    data = {
        "rows": "3",
        "row1-name": "DEHP",
        "row1-cas_number": "117-81-7",
        "row1-ec_number": "",
        "row1-concentration": "0,15",
        "row1-location": "logo",
        "row2-name": "Piombo",
        "row2-cas_number": "7439-92-1",
        "row2-concentration": "0.01",
    }
    response = client_for(editor_a).post(substances_url(product), data)
    assert response.status_code == 302
    assert list(product.substances.values_list("name", "concentration")) == [
        ("DEHP", Decimal("0.15")),
        ("Piombo", Decimal("0.01")),
    ]
    page = client_for(editor_a).get(substances_url(product))
    assert page.context["rows"][1][1]["cas_number"].value() == "7439-92-1"
    data["row2-cas_number"] = "7439-92-3"
    response = client_for(editor_a).post(substances_url(product), data)
    assert response.status_code == 200
    assert list(dict(response.context["rows"])[2].errors) == ["cas_number"]
    assert product.substances.get(name="Piombo").cas_number == "7439-92-1"
