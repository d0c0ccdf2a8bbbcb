"""Every id the footprint engine knows has a name people can read, in both languages."""

from django.utils import translation

from filiera.footprint import engine, labels


def test_every_engine_id_has_a_name():
    data = engine.dataset()
    assert set(labels.CATEGORIES) == set(data.products)
    assert set(labels.MATERIALS) == set(data.materials)
    assert set(labels.ZONES) == set(data.zones)
    assert set(labels.STAGES) == set(engine.STAGES)
    result = engine.compute(
        {"product": "tshirt", "mass": 0.2, "materials": [{"id": "ei-pet", "share": 1}]}
    )
    assert set(labels.COMPLEMENTS) == set(result["complements"])
    assert set(labels.STEP_STAGES) == set(result["zones"])


def test_names_are_translated_to_italian():
    with translation.override("it"):
        assert str(labels.MATERIALS["ei-coton"]) == "Cotone"
        assert str(labels.ZONES["REO"]) != "Western Europe (incl. Italy)"
    with translation.override("en"):
        assert str(labels.MATERIALS["ei-coton"]) == "Cotton"
