"""The chain indicators over the API: the engine's figures as the brand pages compute them
(``filiera.chains.selectors.load_chain``), with firms named only when they share something.

The engine lists firms by id in ``weakest``, ``expiring`` and ``not_assessed``; here each
becomes ``{"id", "legal_name"}``, and an entry about a firm that shares nothing with the client
is left out (such firms count only as ``not_shared``).
"""

from __future__ import annotations

from datetime import date

from filiera.chains import selectors
from filiera.registry.models import Firm

NAMED_LISTS = ("weakest", "expiring")


def chain_indicators(firm: Firm, on: date) -> dict:
    chain = selectors.load_chain(firm, on)
    names = {pk: row.name for pk, row in chain.suppliers.items() if row.disclosed}
    figures = chain.indicators.as_dict()  # type: ignore[attr-defined]

    def ref(pk: int) -> dict:
        return {"id": pk, "legal_name": names[pk]}

    for key in NAMED_LISTS:
        figures[key] = [
            {**item, "firm": ref(item["firm"])} for item in figures[key] if item["firm"] in names
        ]
    figures["not_assessed"] = [ref(pk) for pk in figures["not_assessed"] if pk in names]
    return {
        "brand": firm.pk,
        "on": chain.on,
        "suppliers": len(chain.suppliers),
        "undisclosed": sum(1 for row in chain.suppliers.values() if not row.disclosed),
        "indicators": figures,
    }
