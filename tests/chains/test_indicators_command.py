"""``filiera chain-indicators``: every firm with suppliers, or one, as text or JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from filiera.chains.models import Level


def run(*args) -> str:
    out = io.StringIO()
    call_command("chain_indicators", *args, stdout=out)
    return out.getvalue()


def test_json_for_every_firm_with_suppliers(chain, brand_c, firm_a, firm_b):
    rows = json.loads(run("--json"))
    assert [row["brand"] for row in rows] == sorted([brand_c.pk, firm_a.pk])
    mine = next(row["indicators"] for row in rows if row["brand"] == brand_c.pk)
    assert mine["suppliers"] == 2
    # firm_b shares with firm_a only: for brand_c it is not shared.
    assert mine["totals"]["not_shared"] == 1
    assert mine["grades"]["not_assessed"] == 1
    theirs = next(row["indicators"] for row in rows if row["brand"] == firm_a.pk)
    assert theirs["suppliers"] == 1 and theirs["totals"]["not_shared"] == 0


def test_one_brand_text_summary(chain, brand_c, brand_y, firm_b, relate):
    relate(brand_y, firm_b, level=Level.NONE)
    text = run("--brand", str(brand_c.pk))
    assert text.count("\n") == 1
    assert f"{brand_c.pk}:" in text and " 2 " in text
    assert str(brand_y.pk) + ":" not in text


def test_brand_without_suppliers_has_empty_indicators(brand_y):
    rows = json.loads(run("--brand", str(brand_y.pk), "--json"))
    assert rows[0]["indicators"]["suppliers"] == 0


def test_bad_arguments(db):
    with pytest.raises(CommandError):
        run("--brand", "999999")
    with pytest.raises(CommandError):
        run("--date", "yesterday")


def test_date_option_sees_relations_of_that_day(chain, brand_c):
    rows = json.loads(run("--json", "--date", "2000-01-01"))
    assert {row["brand"] for row in rows} == {brand_c.pk, chain[0].supplier_id}
