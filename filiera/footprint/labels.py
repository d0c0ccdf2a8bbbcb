"""Names, in the user's language, of the Ecobalyse ids the footprint engine works with.

The engine speaks Ecobalyse's ids (``tshirt``, ``ei-coton``, ``REO``...); pages and forms show
these names. Every id the engine knows has a name here (a test checks it).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "tshirt": _("T-shirt / polo"),
    "chemise": _("Shirt"),
    "jean": _("Jeans"),
    "jupe": _("Skirt / dress"),
    "manteau": _("Coat / jacket"),
    "pantalon": _("Trousers / shorts"),
    "pull": _("Jumper"),
    "chaussettes": _("Socks"),
    "calecon": _("Boxer shorts (woven)"),
    "slip": _("Briefs (knitted)"),
    "maillot-de-bain": _("Swimsuit"),
}

MATERIALS = {
    "ei-coton": _("Cotton"),
    "ei-coton-organic": _("Organic cotton"),
    "coton-rdp": _("Recycled cotton (production waste)"),
    "coton-rdpc": _("Recycled cotton (post-consumer waste)"),
    "ei-lin": _("Linen (flax)"),
    "ei-chanvre": _("Hemp"),
    "ei-jute-kenaf": _("Jute"),
    "ei-laine-par-defaut": _("Wool"),
    "ei-laine-nouvelle-filiere": _("Wool (new supply chain)"),
    "ei-viscose": _("Viscose"),
    "ei-pet": _("Polyester"),
    "ei-pet-r": _("Recycled polyester"),
    "ei-pa": _("Polyamide (nylon)"),
    "ei-pp": _("Polypropylene"),
    "ei-acrylique": _("Acrylic"),
    "elasthane": _("Elastane"),
}

STAGES = {
    "material": _("Materials"),
    "spinning": _("Spinning"),
    "fabric": _("Weaving / knitting"),
    "ennobling": _("Dyeing and finishing"),
    "making": _("Making"),
    "distribution": _("Distribution"),
    "use": _("Use"),
    "endOfLife": _("End of life"),
    "transport": _("Transport"),
    "trims": _("Trims"),
}

COMPLEMENTS = {
    "microfibers": _("Microfibres released"),
    "outOfEuropeEOL": _("End of life outside Europe"),
}

# The steps whose country the query names (countrySpinning, countryFabric...).
STEP_STAGES = {
    "spinning": _("Spinning"),
    "fabric": _("Weaving / knitting"),
    "dyeing": _("Dyeing and finishing"),
    "making": _("Making"),
}

ZONES = {
    "---": _("Unknown country"),
    "REO": _("Western Europe (incl. Italy)"),
    "REE": _("Eastern Europe"),
    "RAS": _("Asia"),
    "RAF": _("Africa"),
    "RME": _("Middle East"),
    "RLA": _("Latin America"),
    "RNA": _("North America"),
    "ROC": _("Oceania"),
    "BD": _("Bangladesh"),
    "CN": _("China"),
    "FR": _("France"),
    "IN": _("India"),
    "KH": _("Cambodia"),
    "MA": _("Morocco"),
    "MM": _("Myanmar"),
    "PK": _("Pakistan"),
    "TN": _("Tunisia"),
    "TR": _("Turkey"),
    "VN": _("Vietnam"),
}

FABRICS = {
    "knitting-mix": _("Knitting (circular and flat mix)"),
    "knitting-circular": _("Circular knitting"),
    "knitting-straight": _("Flat knitting"),
    "knitting-fully-fashioned": _("Fully-fashioned knitting"),
    "knitting-integral": _("Seamless (whole garment) knitting"),
    "weaving": _("Weaving"),
}

COMPLEXITIES = {
    "very-low": _("Very low (5 min)"),
    "low": _("Low (15 min)"),
    "medium": _("Medium (30 min)"),
    "high": _("High (60 min)"),
    "very-high": _("Very high (120 min)"),
    "not-applicable": _("None (no making)"),
}

PRINTING = {
    "pigment": _("Pigment printing"),
    "substantive": _("Fixed-washed printing"),
}

DYEING = {
    "average": _("Average dyeing"),
    "continuous": _("Continuous dyeing"),
    "discontinuous": _("Batch dyeing"),
}

BUSINESSES = {
    "small-business": _("Small or medium business"),
    "large-business-with-services": _("Large business with a repair service"),
    "large-business-without-services": _("Large business without a repair service"),
}


def choices(names: dict) -> list[tuple[str, object]]:
    return list(names.items())


# Names of the lines of a detailed result (``breakdown`` items other than material ids, and
# the trims by their Ecobalyse component id).
BREAKDOWN = {
    "electricity": _("electricity"),
    "dyeing": _("dyeing"),
    "dyeingToxicity": _("dyeing chemicals"),
    "pretreatments": _("preparation (washing, bleaching)"),
    "bleachingToxicity": _("bleaching chemicals"),
    "finishing": _("finishing"),
    "printing": _("printing"),
    "fading": _("fading"),
    "washing": _("washing and drying"),
    "carTrip": _("trips to the collection point"),
    "treatment": _("waste treatment"),
    "road": _("by road"),
    "sea": _("by sea"),
    "air": _("by air"),
    "28f2f107-ce9c-4760-9a74-0187ab067d09": _("empty trim"),
    "86b877ff-0d59-482f-bb34-3ff306b07496": _("long zip"),
    "0e8ea799-9b06-490c-a925-37564746c454": _("short zip"),
    "d56bb0d5-7999-4b8b-b076-94d79099b56a": _("plastic button"),
    "0c903fc7-279b-4375-8cfa-ca8133b8e973": _("metal button"),
}
