"""Stored footprints: computed from the product's inputs, kept while they hold, computed again
when the composition or a site's country changes, dropped when the product cannot be computed."""

from __future__ import annotations

from decimal import Decimal

from filiera.core.models import AuditEvent
from filiera.footprint import engine, services
from filiera.footprint.models import FootprintResult
from filiera.footprint.product_query import query_for
from filiera.registry import services as registry


def _events():
    return AuditEvent.objects.filter(object_type="footprint.footprintresult")


def test_refresh_stores_the_result_with_its_inputs(make_product, brand_c):
    product = make_product(materials={"ei-coton": 100})
    stored = services.refresh_footprint(product)
    assert stored is not None and stored.pk
    assert stored.method == "ecobalyse-textile"
    assert stored.version == engine.VERSION == "7.0.0"
    assert stored.query == query_for(product)
    assert stored.query_hash == services.query_hash(stored.query)
    assert stored.ecs == stored.result["ecs"] > 0
    assert stored.result["breakdown"], "computed with detail for the drivers"
    assert stored.result == engine.compute(stored.query, detail=True)
    event = _events().get()
    assert event.action == "create"
    assert event.firm_id == brand_c.pk
    assert event.changes["ecs"] == [None, stored.ecs]


def test_refresh_skips_when_nothing_changed(make_product):
    product = make_product()
    first = services.refresh_footprint(product)
    again = services.refresh_footprint(product)
    forced = services.refresh_footprint(product, force=True)
    assert again.pk == first.pk == forced.pk
    assert FootprintResult.objects.get().computed_at == first.computed_at
    assert _events().count() == 1


def test_composition_change_computes_again(make_product):
    product = make_product(materials={"ei-coton": 100})
    before = services.refresh_footprint(product).ecs
    product.materials.update(material="ei-pet")
    after = services.refresh_footprint(product)
    assert after.ecs != before
    assert after.query["materials"] == [{"id": "ei-pet", "share": 1.0}]
    assert list(_events().values_list("action", flat=True).order_by("id")) == [
        "create",
        "update",
    ]
    assert _events().order_by("id").last().changes["ecs"] == [before, after.ecs]


def test_method_version_change_computes_again(make_product, monkeypatch):
    product = make_product()
    old = services.refresh_footprint(product)
    monkeypatch.setattr(engine, "VERSION", "7.0.1")
    new = services.refresh_footprint(product)
    assert new.version == "7.0.1" and new.query_hash != old.query_hash


def test_site_country_change_recomputes_its_products(make_product, site_it, firm_a):
    made_in_italy = make_product(steps={"making": site_it})
    elsewhere = make_product(name="Other", steps={"making": "CN"})
    services.refresh_footprint(made_in_italy)
    services.refresh_footprint(elsewhere)
    before = FootprintResult.objects.get(product=made_in_italy)
    untouched = FootprintResult.objects.get(product=elsewhere)
    assert before.query["countryMaking"] == "REO"

    # The registry service saves the site; the signal queues the task (run at once in tests).
    registry.update_site(None, site_it, country="TR", lat=38.4, lon=27.1)

    after = FootprintResult.objects.get(product=made_in_italy)
    assert after.query["countryMaking"] == "TR"
    assert after.result["zones"]["making"] == "TR"
    assert after.ecs != before.ecs
    assert FootprintResult.objects.get(product=elsewhere).computed_at == untouched.computed_at


def test_other_site_edits_do_not_queue_work(make_product, site_it, monkeypatch):
    from filiera.footprint import tasks

    calls = []

    class Fake:
        def enqueue(self, *args):
            calls.append(args)

    monkeypatch.setattr(tasks, "refresh_site_products", Fake())
    product = make_product(steps={"making": site_it})
    services.refresh_footprint(product)
    registry.update_site(None, site_it, name="Nuovo nome")
    assert calls == []
    registry.update_site(None, site_it, country="PT", lat=41.1, lon=-8.6)
    assert calls == [(site_it.pk,)]


def test_the_task_is_idempotent(make_product, site_it):
    from filiera.footprint.tasks import refresh_site_products

    product = make_product(steps={"making": site_it})
    assert refresh_site_products.call(site_it.pk) == 1
    stored = FootprintResult.objects.get(product=product)
    assert refresh_site_products.call(site_it.pk) == 1
    assert FootprintResult.objects.get(product=product).computed_at == stored.computed_at
    assert _events().count() == 1


def test_deleted_site_recomputes_after_commit(
    make_product, site_pt, django_capture_on_commit_callbacks
):
    product = make_product(steps={"making": site_pt})
    assert services.refresh_footprint(product).query["countryMaking"] == "REO"
    with django_capture_on_commit_callbacks(execute=True):
        site_pt.delete()
    stored = FootprintResult.objects.get(product=product)
    assert "countryMaking" not in stored.query


def test_problems_in_plain_words(make_product):
    empty = make_product(materials={})
    assert "composition" in services.footprint_problem(empty)
    short = make_product(name="Short", materials={"ei-coton": 60, "ei-pet": Decimal("29.5")})
    problem = services.footprint_problem(short)
    assert "89.5" in problem or "89,5" in problem
    many = make_product(
        name="Many",
        materials={m: 20 for m in ("ei-coton", "ei-pet", "ei-pa", "ei-lin", "ei-viscose")}
        | {"elasthane": 0},
    )
    many.materials.filter(material="elasthane").update(share=Decimal("1"))
    many.materials.filter(material="ei-coton").update(share=Decimal("19"))
    assert "5" in services.footprint_problem(many)
    ok = make_product(name="Fine")
    assert services.footprint_problem(ok) is None
    assert services.refresh_footprint(empty) is None
    assert services.refresh_footprint(short) is None


def test_method_errors_name_the_field(make_product):
    product = make_product(printing="pigment", upcycled=True)
    problem = services.footprint_problem(product)
    assert problem and "printing" in problem
    assert services.refresh_footprint(product) is None


def test_stale_result_is_dropped_when_the_product_breaks(make_product):
    product = make_product()
    assert services.refresh_footprint(product) is not None
    product.materials.update(share=Decimal("50"))
    assert services.refresh_footprint(product) is None
    assert not FootprintResult.objects.filter(product=product).exists()
    assert list(_events().values_list("action", flat=True).order_by("id")) == [
        "create",
        "delete",
    ]


def test_fresh_footprint_refreshes_only_when_stale(make_product):
    product = make_product()
    first = services.fresh_footprint(product)
    assert services.fresh_footprint(product).computed_at == first.computed_at
    product.mass_kg = Decimal("0.2")
    product.save()
    assert services.fresh_footprint(product).ecs > first.ecs
