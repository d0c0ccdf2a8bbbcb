"""Material families of EWC codes: which codes name the same material, across the list's tree.

Textile scrap is 04 02 22 at a knitting firm, 20 01 11 in municipal collection and 19 12 08 out
of a sorting plant: far apart on the tree, the same material for a carding mill. The table maps
code prefixes to a family; the longest prefix wins; a code no prefix covers is a family of its
own sub-chapter. The matching engine uses families twice: offers and needs that both name codes
are compared only within one family, and the "code" component credits a shared family.
"""

from __future__ import annotations

from functools import cache

from filiera.symbiosis.engine.ewc import compact

# prefix (2, 4 or 6 digits) → family
PREFIXES: dict[str, str] = {
    # textiles
    "0402": "textile", "150109": "textile", "191208": "textile", "200110": "textile",
    "200111": "textile", "040210": "organic", "040214": "chemical", "040215": "chemical",
    "040216": "dyes", "040217": "dyes", "040219": "sludge", "040220": "sludge",
    # leather
    "0401": "leather", "040101": "organic", "040102": "chemical", "040103": "chemical",
    "040104": "chemical", "040105": "chemical", "040106": "sludge", "040107": "sludge",
    # paper and board
    "030307": "paper", "030308": "paper", "150101": "paper", "191201": "paper",
    "200101": "paper", "030305": "sludge", "030310": "sludge", "030311": "sludge",
    # wood
    "0301": "wood", "030301": "wood", "150103": "wood", "170201": "wood", "191206": "wood",
    "191207": "wood", "200137": "wood", "200138": "wood",
    # plastics and rubber
    "070213": "plastic", "120105": "plastic", "150102": "plastic", "160119": "plastic",
    "170203": "plastic", "191204": "plastic", "200139": "plastic", "020104": "plastic",
    "160103": "rubber",
    # metals
    "120101": "metal", "120102": "metal", "120103": "metal", "120104": "metal",
    "150104": "metal", "1704": "metal", "160117": "metal", "160118": "metal",
    "191202": "metal", "191203": "metal", "200140": "metal", "100210": "metal",
    # glass
    "1011": "glass", "150107": "glass", "160120": "glass", "170202": "glass",
    "191205": "glass", "200102": "glass",
    # minerals: ceramics, bricks, stone, concrete, sand
    "1012": "mineral", "1013": "mineral", "0104": "mineral", "1701": "mineral",
    "170504": "mineral", "170904": "mineral", "191209": "mineral",
    # food and other organic matter
    "02": "organic", "200108": "organic", "200201": "organic", "200302": "organic",
    # oils
    "13": "oil", "120107": "oil", "120108": "oil", "120109": "oil", "120110": "oil",
    "200125": "oil", "200126": "oil",
    # sludges from effluent treatment
    "070211": "sludge", "070212": "sludge", "190805": "sludge", "190812": "sludge", "190814": "sludge",
    # mixed packaging, electronics, batteries, ashes
    "150105": "packaging", "150106": "packaging",
    "1602": "electronics", "200135": "electronics", "200136": "electronics",
    "1606": "batteries", "200133": "batteries", "200134": "batteries",
    "1001": "ash", "190111": "ash", "190112": "ash",
}  # fmt: skip
FAMILY_SIMILARITY = 0.6  # the "code" component for two codes of one family


@cache
def family(code: str) -> str:
    """The family of a six-digit code ("" for an empty code)."""
    digits = compact(code)
    if len(digits) != 6:
        return ""
    for length in (6, 4, 2):
        found = PREFIXES.get(digits[:length])
        if found:
            return found
    return digits[:4]


def families(codes: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(f for f in (family(c) for c in codes) if f)
