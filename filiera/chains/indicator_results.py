"""What the chain indicators engine returns (see ``filiera.chains.indicators`` for the
definitions); ``ChainIndicators.as_dict()`` is the JSON the pages, the API and the command use."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Counts:
    total: int = 0
    not_shared: int = 0
    assessed: int = 0
    qualified: int = 0

    @property
    def share_qualified(self) -> float | None:
        return _ratio(self.qualified, self.total)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "not_shared": self.not_shared,
            "assessed": self.assessed,
            "qualified": self.qualified,
            "share_qualified": self.share_qualified,
        }


@dataclass(frozen=True, slots=True)
class WeakLink:
    process: str
    firm: int
    grade: str
    overall: float


@dataclass(frozen=True, slots=True)
class Expiring:
    firm: int
    on: date
    expired: bool


@dataclass(frozen=True, slots=True)
class Coverage:
    steps: int
    located: int

    @property
    def share(self) -> float | None:
        return _ratio(self.located, self.steps)


@dataclass(frozen=True, slots=True)
class ShortChain:
    index: float | None
    mean_km: float | None
    median_km: float | None
    located_steps: int
    unlocated_steps: int
    shares: dict[str, float] | None


@dataclass(frozen=True, slots=True)
class ChainIndicators:
    brand: int
    on: date
    horizon_days: int
    links: int
    suppliers: int
    totals: Counts
    by_tier: dict[int, Counts]
    by_process: dict[str, Counts]
    grades: dict[str, int]
    score_bins: tuple[int, ...]
    weakest: tuple[WeakLink, ...]
    expiring: tuple[Expiring, ...]
    not_assessed: tuple[int, ...]
    traceability: Coverage
    traceability_by_tier: dict[int, Coverage]
    short_chain: ShortChain

    def as_dict(self) -> dict:
        def coverage(c: Coverage) -> dict:
            return {"steps": c.steps, "located": c.located, "coverage": c.share}

        return {
            "brand": self.brand,
            "on": self.on.isoformat(),
            "horizon_days": self.horizon_days,
            "links": self.links,
            "suppliers": self.suppliers,
            "totals": self.totals.as_dict(),
            "by_tier": {str(t): c.as_dict() for t, c in sorted(self.by_tier.items())},
            "by_process": {p: c.as_dict() for p, c in sorted(self.by_process.items())},
            "grades": dict(self.grades),
            "score_bins": [
                {"low": 10 * i, "high": 10 * (i + 1), "count": n}
                for i, n in enumerate(self.score_bins)
            ],
            "weakest": [asdict(w) for w in self.weakest],
            "expiring": [
                {"firm": e.firm, "on": e.on.isoformat(), "expired": e.expired}
                for e in self.expiring
            ],
            "not_assessed": list(self.not_assessed),
            "traceability": {
                **coverage(self.traceability),
                "by_tier": {
                    str(t): coverage(c) for t, c in sorted(self.traceability_by_tier.items())
                },
            },
            "short_chain": asdict(self.short_chain),
        }


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None
