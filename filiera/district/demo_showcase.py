"""Demo showcase: the district's public showcase with its story, and the public profiles of most
qualified demo firms (invented presentations by what they do), some of them publishing their
grade and certificates; then the public directory is built.

Idempotent: an existing showcase, profile or publication is left as it is.
"""

from __future__ import annotations

import random

from filiera.district.models import PublicProfile, Showcase, ShowcaseEntry
from filiera.district.services import showcase as services
from filiera.qualification.models import ScorecardPublication
from filiera.registry.models import District, Firm, FirmMembership, Site

LISTED_SHARE = 0.85
KNITTING = ("MU.KNIT_TO_SHAPE", "FF.KNIT_WEFT")

HEADLINE = (
    "Carpi, il distretto della maglieria sostenibile",
    "Carpi, the district of sustainable knitwear",
)
STORY = (
    "Da settant'anni a Carpi si fa maglieria: maglifici, confezioni, ricamifici, stirerie e "
    "tintorie lavorano a pochi chilometri l'uno dall'altro. Oggi le imprese del distretto "
    "misurano insieme la sostenibilità della filiera: ogni impresa qui elencata ha superato la "
    "qualifica del distretto e sceglie cosa pubblicare.\n\n"
    "Cerca un maglificio, un laboratorio di taglio o di ricamo, per lavorazione, prodotto, "
    "certificazione o comune, e scrivi direttamente all'impresa.",
    "Knitwear has been made in Carpi for seventy years: knitting mills, garment makers, "
    "embroiderers, pressing and dyeing works sit a few kilometres from each other. Today the "
    "district's firms measure the sustainability of the whole chain together: every firm listed "
    "here passed the district's qualification and chooses what it publishes.\n\n"
    "Look for a knitting mill, a cutting or embroidery workshop by process, product, "
    "certification or place, and write to the firm directly.",
)

# By main process: presentation, products and capacity, each (Italian, English).
TEXTS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "MU.KNIT_TO_SHAPE": (
        (
            "Maglificio a conduzione familiare: maglieria fully fashioned con macchine "
            "rettilinee di ultima generazione, dal campione alla produzione.",
            "Family-run knitting mill: fully fashioned knitwear on the latest flat knitting "
            "machines, from sample to production.",
        ),
        (
            "maglieria donna e uomo, cashmere, lana merino",
            "women's and men's knitwear, cashmere, merino",
        ),
        (
            "{n} capi al mese, {m} macchine rettilinee",
            "{n} garments a month, {m} flat knitting machines",
        ),
    ),
    "FF.KNIT_WEFT": (
        (
            "Tessitura a maglia in trama: teli e tessuti per maglieria e jersey.",
            "Weft knitting: knitted panels and fabrics for knitwear and jersey.",
        ),
        ("tessuti a maglia, jersey, felpe", "knitted fabrics, jersey, fleece"),
        ("{n} kg di tessuto al mese", "{n} kg of fabric a month"),
    ),
    "MU.CUTTING": (
        (
            "Laboratorio di taglio conto terzi: piazzamento, taglio automatico e a mano.",
            "Cutting workshop for third parties: marker making, automatic and hand cutting.",
        ),
        ("taglio di capi in tessuto e maglia", "cutting of woven and knitted garments"),
        ("{n} capi tagliati al mese", "{n} garments cut a month"),
    ),
    "MU.SEWING": (
        (
            "Confezione conto terzi: cuciamo capi finiti con cura artigianale e tempi certi.",
            "Garment making for third parties: finished garments sewn with care, on time.",
        ),
        ("abiti, camicie, capispalla", "dresses, shirts, outerwear"),
        ("{n} capi al mese, {m} postazioni di cucito", "{n} garments a month, {m} sewing stations"),
    ),
    "MU.EMBROIDERY": (
        (
            "Ricamificio: ricami a macchina multitesta, applicazioni e paillettes.",
            "Embroidery works: multi-head machine embroidery, appliqués and sequins.",
        ),
        ("ricami su maglieria e tessuto, loghi", "embroidery on knitwear and fabric, logos"),
        ("{m} macchine multitesta", "{m} multi-head machines"),
    ),
    "MU.PRESSING": (
        (
            "Stireria industriale: stiro a vapore e finissaggio dei capi finiti.",
            "Industrial pressing: steam pressing and finishing of garments.",
        ),
        ("stiro e finissaggio capi", "pressing and garment finishing"),
        ("{n} capi al giorno", "{n} garments a day"),
    ),
    "MU.GARMENT_DYEING": (
        (
            "Tintoria in capo con ricette a basso consumo d'acqua.",
            "Garment dyeing with low-water recipes.",
        ),
        ("tintura in capo, lavaggi", "garment dyeing, washes"),
        ("{n} kg al giorno", "{n} kg a day"),
    ),
    "YN.YARN_DYEING": (
        ("Tintoria filati in rocca.", "Package dyeing of yarns."),
        ("filati tinti per maglieria", "dyed yarns for knitwear"),
        ("{n} kg al giorno", "{n} kg a day"),
    ),
    "MU.DEVELOPMENT": (
        (
            "Ufficio stile e modelleria: dal disegno al prototipo.",
            "Design and pattern studio: from sketch to prototype.",
        ),
        ("modelli, prototipi, campionari", "patterns, prototypes, sample collections"),
        ("{m} collezioni all'anno", "{m} collections a year"),
    ),
}
DEFAULT = (
    (
        "Impresa della filiera della maglieria di Carpi.",
        "A firm of the Carpi knitwear chain.",
    ),
    ("lavorazioni per la moda", "work for fashion brands"),
    ("{n} capi al mese", "{n} garments a month"),
)


def _showcase(district: District) -> Showcase:
    showcase, _created = Showcase.objects.get_or_create(
        district=district,
        defaults={
            "published": True,
            "headline_it": HEADLINE[0],
            "headline_en": HEADLINE[1],
            "story_it": STORY[0],
            "story_en": STORY[1],
        },
    )
    return showcase


def _main_process(codes: list[str]) -> str:
    for code in (*KNITTING, "MU.EMBROIDERY", "MU.CUTTING", "MU.GARMENT_DYEING", "YN.YARN_DYEING"):
        if code in codes:
            return code
    return next((c for c in codes if c in TEXTS), "")


def _profile(firm_id: int, codes: list[str], rng: random.Random) -> PublicProfile:
    summary, products, capacity = TEXTS.get(_main_process(codes), DEFAULT)
    n, m = rng.choice((800, 1500, 3000, 6000, 12000)), rng.randint(4, 24)
    return PublicProfile(
        firm_id=firm_id,
        listed=True,
        summary_it=summary[0],
        summary_en=summary[1],
        products_it=products[0],
        products_en=products[1],
        capacity_it=capacity[0].format(n=f"{n:,}".replace(",", "."), m=m),
        capacity_en=capacity[1].format(n=f"{n:,}", m=m),
        show_processes=True,
        show_municipality=rng.random() < 0.9,
        show_website=True,
        accepts_contacts=rng.random() < 0.9,
    )


def load(district: District, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    _showcase(district)
    firms = Firm.objects.filter(districts=district)
    latest = services._latest_scored(firms.values("pk"))
    qualified = sorted(f for f, row in latest.items() if row["qualification"] in services.QUALIFIED)
    codes: dict[int, list[str]] = {}
    for firm_id, code in Site.processes.through.objects.filter(
        site__firm_id__in=qualified
    ).values_list("site__firm_id", "process_id"):
        codes.setdefault(firm_id, []).append(code)
    must = {f for f in qualified if any(c in KNITTING for c in codes.get(f, []))}
    must = set(sorted(must)[:3]) | set(
        FirmMembership.objects.filter(
            user__username="subcontractor", firm_id__in=qualified
        ).values_list("firm_id", flat=True)
    )
    chosen = [f for f in qualified if f in must or rng.random() < LISTED_SHARE]
    taken = set(PublicProfile.objects.filter(firm_id__in=chosen).values_list("firm_id", flat=True))
    profiles = [_profile(f, sorted(codes.get(f, [])), rng) for f in chosen if f not in taken]
    PublicProfile.objects.bulk_create(profiles)
    published = set(
        ScorecardPublication.objects.filter(firm_id__in=chosen).values_list("firm_id", flat=True)
    )
    publications = [
        ScorecardPublication(
            firm_id=f, show_grade=rng.random() < 0.6, show_certificates=rng.random() < 0.8
        )
        for f in chosen
        if f not in published
    ]
    ScorecardPublication.objects.bulk_create(publications)
    services.refresh_district(district.pk)
    return {
        "showcase_profiles": len(profiles),
        "showcase_publications": len(publications),
        "showcase_entries": ShowcaseEntry.objects.filter(district=district).count(),
    }
