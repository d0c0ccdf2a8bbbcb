"""Improvement plans: which gaps a firm should close first (plain Python, no Django).

The scoring engine's :func:`~filiera.qualification.scoring.gains` says how many points each
improvable answer would add to the overall score. A plan ranks those gains by

    priority = points * ease * peer factor

* **points**: the rise of the overall score (0-100 scale) if the question earned its best credit
  with valid evidence (scoring rule 11);
* **ease** from the question's ``effort`` in the methodology: low 1.0, medium 0.6, high 0.3, so
  a quick win outranks a costly project worth the same points;
* **peer factor** = 0.1 + 0.9 * peer share, where the peer share (0..1) is the share of the
  firm's district peers whose latest scored assessment already earns full credit on that
  question. What most comparable firms already do is usually feasible and expected by clients;
  the floor of 0.1 keeps a gap that no peer has closed yet in the plan instead of zeroing it.
  When the peer shares are unknown (too few peers), every question gets the same share of 0, so
  the order depends on points and ease only.

Ties keep the engine's order (points, largest first, then methodology order).

Example: a low-effort question worth 2.0 points that 3 peers out of 4 already meet has priority
2.0 * 1.0 * (0.1 + 0.9 * 0.75) = 1.55; a high-effort one worth 4.0 points that no peer meets has
4.0 * 0.3 * 0.1 = 0.12, so the first comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from filiera.qualification.methodology.schema import Methodology
from filiera.qualification.scoring import Gain

EASE: Mapping[str, float] = {"low": 1.0, "medium": 0.6, "high": 0.3}
PEER_FLOOR = 0.1
DEFAULT_EFFORT = "medium"


@dataclass(frozen=True, slots=True)
class RankedAction:
    """One gap of the assessment with the parts of its priority, so a page can explain it."""

    code: str
    area: str
    points: float
    effort: str
    ease: float
    peer_share: float
    priority: float


def ease_for(effort: str) -> float:
    """Ease of an effort level; an unknown level counts as medium."""
    return EASE.get(effort, EASE[DEFAULT_EFFORT])


def peer_factor(share: float) -> float:
    """0.1 + 0.9 * share, with the share clamped to 0..1."""
    share = min(max(share, 0.0), 1.0)
    return PEER_FLOOR + (1.0 - PEER_FLOOR) * share


def priority(points: float, effort: str, peer_share: float) -> float:
    """points * ease * peer factor, rounded to three decimals (stable ordering, readable)."""
    return round(points * ease_for(effort) * peer_factor(peer_share), 3)


def rank(
    gains: Iterable[Gain],
    methodology: Methodology,
    peer_shares: Mapping[str, float] | None = None,
) -> list[RankedAction]:
    """The gains as actions, highest priority first (ties keep the order of ``gains``)."""
    shares = peer_shares or {}
    actions: list[RankedAction] = []
    for gain in gains:
        question = methodology.question(gain.code)
        effort = question.effort if question is not None else DEFAULT_EFFORT
        share = min(max(float(shares.get(gain.code, 0.0)), 0.0), 1.0)
        actions.append(
            RankedAction(
                code=gain.code,
                area=gain.area,
                points=gain.points,
                effort=effort,
                ease=ease_for(effort),
                peer_share=share,
                priority=priority(gain.points, effort, share),
            )
        )
    actions.sort(key=lambda a: -a.priority)  # stable: ties keep the engine's order
    return actions
