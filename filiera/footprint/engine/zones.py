"""Where a country's production counts in the method: its Ecobalyse textile zone.

Ecobalyse v7.0.0 lists a few countries as textile zones of their own (France, China, India,
Turkey...) and covers the rest of the world with regions. Italy, like most EU countries, is not a
textile zone: Italian steps are declared in "Région - Europe de l'Ouest" (``REO``), as the method's
documentation asks. The assignment of the other countries to regions follows the UN M49
geographic regions, with Europe split into West (``REO``) and East (``REE``) as Ecobalyse does.
"""

from __future__ import annotations

UNKNOWN = "---"

# Countries that are textile zones of their own in v7.0.0.
OWN_ZONES = frozenset({"BD", "CN", "FR", "IN", "KH", "MA", "MM", "PK", "TN", "TR", "VN"})

_REGIONS: dict[str, str] = {
    "REO": "AD AT BE CH DE DK ES FI FO GB GG GI GR IE IM IS IT JE LI LU MC MT NL NO PT SE SM VA "
    "CY AX SJ",
    "REE": "AL BA BG BY CZ EE HR HU LT LV MD ME MK PL RO RS RU SI SK UA XK",
    "RME": "AE AM AZ BH GE IL IQ IR JO KW LB OM PS QA SA SY YE",
    "RAS": "AF BN BT HK ID JP KG KP KR KZ LA LK MN MO MV MY NP PH SG TH TJ TL TM TW UZ",
    "RAF": "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS "
    "LY MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW",
    "RLA": "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM "
    "KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    "RNA": "BM CA GL PM US",
    "ROC": "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
}
_ZONE_OF = {code: zone for zone, codes in _REGIONS.items() for code in codes.split()}


def zone_for_country(iso2: str | None) -> str:
    """The textile zone for an ISO 3166-1 alpha-2 country code; ``---`` when unknown."""
    code = (iso2 or "").strip().upper()
    if code in OWN_ZONES:
        return code
    return _ZONE_OF.get(code, UNKNOWN)
