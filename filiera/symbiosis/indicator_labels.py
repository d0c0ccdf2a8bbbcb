"""What the circularity figures are called on pages, and eligibility reasons in plain words.

The engine returns numbers and reason codes; this module names them in the request's language.
Shares are shown in % with one decimal; a figure that cannot be computed is ``None`` ("—").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.symbiosis.engine import indicators as engine

MEASURE_LABELS = {
    "circular_performance": gettext_lazy("Circular performance"),
    "territorial_integration": gettext_lazy("Territorial integration"),
    "industrial_symbiosis": gettext_lazy("Industrial symbiosis"),
}
MEASURE_HELP = {
    "circular_performance": gettext_lazy(
        "The mean of your circular inflow and outflow shares (%)."
    ),
    "territorial_integration": gettext_lazy(
        "Share of your flows matched with a firm of the district (%)."
    ),
    "industrial_symbiosis": gettext_lazy(
        "Firms you exchange with (exchanges in progress or completed)."
    ),
}
MEASURE_UNITS = {
    "circular_performance": "%",
    "territorial_integration": "%",
    "industrial_symbiosis": "",
}


def number(value: float | None, digits: int = 3) -> str:
    """A figure as people read it: at most ``digits`` decimals, no trailing zeros, in the
    request's language ("31,5" in Italian); "—" when there is none."""
    if value is None:
        return "—"
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return number_format(int(rounded))
    return number_format(rounded)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | None
    unit: str = ""
    help: str = ""

    @property
    def text(self) -> str:
        """The value with its unit, "—" when it cannot be computed."""
        if self.value is None:
            return "—"
        return f"{number(self.value)} {self.unit}".strip()


def pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def district_figures(totals: engine.DistrictIndicators) -> list[Figure]:
    co2e = totals.co2e
    return [
        Figure(
            "diverted_t",
            _("Tonnes diverted"),
            round(totals.diverted_t, 3),
            "t",
            _("Materials district firms passed on to other firms, last 12 months."),
        ),
        Figure(
            "co2e_avoided_t",
            _("CO2e avoided"),
            round(co2e.avoided_t, 3),
            "t",
            _("Net of transport, over the exchanges whose material has a factor."),
        ),
        Figure(
            "uncounted_t",
            _("Tonnes without an avoided-emission factor"),
            round(co2e.uncounted_t, 3),
            "t",
            _("Not counted in CO2e avoided."),
        ),
        Figure("transport_t", _("Transport emissions counted"), round(co2e.transport_t, 3), "t"),
        Figure("water_m3", _("Water reused"), round(totals.water_m3, 3), "m³"),
        Figure("energy_mwh", _("Energy and heat reused"), round(totals.energy_mwh, 3), "MWh"),
        Figure(
            "cmu",
            _("Circular material use rate"),
            pct(totals.cmu),
            "%",
            _("Materials received through exchanges over all materials the district's firms need."),
        ),
        Figure(
            "outputs_matched",
            _("Outputs matched within the district"),
            pct(totals.outputs_matched),
            "%",
            _("Share of the tonnes offered that have a match with a firm of the district."),
        ),
        Figure("links", _("Links between firms"), totals.links),
        Figure("links_per_firm", _("Links per firm"), _round(totals.links_per_firm, 2)),
        Figure("exchanges", _("Exchanges with realised quantities"), totals.exchanges),
        Figure("firms_with_flows", _("Firms with flows"), totals.firms_with_flows),
        Figure("firms", _("Firms in the district"), totals.firms),
    ]


def firm_figures(values: engine.FirmIndicators) -> list[Figure]:
    co2e = values.co2e
    basis = {
        "profile": _("over your yearly totals"),
        "declared": _("over your declared flows"),
        "": _("no materials declared"),
    }
    return [
        Figure("inflow_share", _("Circular inflow"), pct(values.inflow_share), "%",
               basis[values.inflow_basis]),
        Figure("outflow_share", _("Circular outflow"), pct(values.outflow_share), "%",
               basis[values.outflow_basis]),
        Figure("received_t", _("Tonnes received through exchanges"), round(values.received_t, 3),
               "t"),
        Figure("diverted_t", _("Tonnes diverted"), round(values.sent_t, 3), "t",
               _("Materials you passed on to other firms.")),
        Figure("co2e_avoided_t", _("CO2e avoided"), round(co2e.avoided_t, 3), "t",
               _("Net of transport, over the exchanges whose material has a factor.")),
        Figure("uncounted_t", _("Tonnes without an avoided-emission factor"),
               round(co2e.uncounted_t, 3), "t"),
        Figure("water_m3", _("Water reused"), round(values.water_m3, 3), "m³"),
        Figure("energy_mwh", _("Energy and heat reused"), round(values.energy_mwh, 3), "MWh"),
        Figure("exchanges", _("Exchanges in progress or completed"), values.exchanges),
        Figure("partners", _("Firms you exchange with"), values.partners),
    ]  # fmt: skip


def _number(value):
    return number(value, 1) if isinstance(value, int | float) else value


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def reason_text(reason: engine.Reason) -> str:
    """One rule's outcome in plain words (whether met is shown next to it)."""
    params = {"value": _number(reason.value), "min": _number(reason.threshold)}
    if reason.rule in ("inflow", "outflow"):
        name = _("Circular inflow") if reason.rule == "inflow" else _("Circular outflow")
        if reason.value is None:
            return _("%(name)s: not known, no materials declared (minimum %(min)s %%)") % {
                **params,
                "name": name,
            }
        return _("%(name)s: %(value)s %% (minimum %(min)s %%)") % {**params, "name": name}
    if reason.rule == "grade":
        if reason.value is None:
            return _("Qualification grade: none yet (minimum %(min)s)") % params
        return _("Qualification grade: %(value)s (minimum %(min)s)") % params
    return _("Exchanges in progress or completed: %(value)s (minimum %(min)s)") % params
