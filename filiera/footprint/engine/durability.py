"""The durability coefficient of Ecobalyse v7.0.0 (src/Data/Textile/Economics.elm).

The non-physical durability grows from 0.67 to 1.45 with two indices, half each: a small
catalogue (number of references) and a repair that costs little against the price. The
holistic coefficient is the smaller of the physical durability (1.45 unless given) and the
non-physical one; the whole score is divided by it.
"""

from __future__ import annotations

import math

MIN_DURABILITY = 0.67
MAX_DURABILITY = 1.45


def js_round(value: float, digits: int = 0) -> float:
    """Round half up, as the method's code does (JavaScript's Math.round)."""
    scale = 10**digits
    return math.floor(value * scale + 0.5) / scale


def references_index(references: int) -> float:
    if references <= 1000:
        return 1.0
    if references <= 7000:
        return 0.5 + (7000 - references) / 6000 * 0.5
    if references <= 16000:
        return (16000 - references) / 9000 * 0.5
    return 0.0


def repair_index(business: str, price: float, repair_cost: float) -> float:
    ratio = repair_cost / price
    if ratio < 0.33:
        raw = 1.0
    elif ratio > 1:
        raw = 0.0
    else:
        raw = (price - repair_cost) / (repair_cost / 0.33 - repair_cost)
    if business == "large-business-with-services":
        return raw * 0.67 + 0.33
    if business == "large-business-without-services":
        return raw * 0.67
    return raw


def non_physical(business: str, references: int, price: float, repair_cost: float) -> float:
    index = 0.5 * references_index(references) + 0.5 * repair_index(business, price, repair_cost)
    return js_round(MIN_DURABILITY + index * (MAX_DURABILITY - MIN_DURABILITY), 2)
