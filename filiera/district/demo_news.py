"""Demo news of the demo district: four invented items in Italian and English, published over
the last months. Idempotent: an item whose Italian title exists is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from filiera.district.models import NewsItem
from filiera.registry.models import District

NEWS = (
    (
        120,
        "Nuova edizione del laboratorio sui tessuti riciclati",
        "New round of the recycled-fabrics lab",
        "Il distretto riapre il laboratorio pratico sui filati riciclati: sei incontri "
        "pomeridiani per provare lavorazioni, misurare gli scarti e confrontare i fornitori.\n\n"
        "Le iscrizioni sono aperte a tutte le imprese del distretto.",
        "The district opens its hands-on lab on recycled yarns again: six afternoon sessions "
        "to try processes, measure scraps and compare suppliers.\n\n"
        "Every firm of the district may register.",
    ),
    (
        75,
        "Le imprese qualificate si presentano nella vetrina",
        "Qualified firms present themselves in the showcase",
        "Le imprese del distretto che hanno completato la qualificazione di sostenibilità "
        "possono ora presentarsi nella vetrina pubblica, in italiano e in inglese.\n\n"
        "Ogni scheda mostra solo ciò che l'impresa ha deciso di pubblicare.",
        "The district's firms that completed the sustainability qualification can now "
        "present themselves in the public showcase, in Italian and English.\n\n"
        "Each page shows only what the firm decided to publish.",
    ),
    (
        40,
        "Una rete di imprese per la maglieria sostenibile",
        "A network of firms for sustainable knitwear",
        "Cinque maglifici e due laboratori di finissaggio hanno firmato un contratto di rete "
        "per acquisti comuni di filati certificati e un servizio condiviso di analisi.",
        "Five knitwear makers and two finishing workshops signed a network contract for joint "
        "purchases of certified yarns and a shared testing service.",
    ),
    (
        10,
        "I dati della vetrina ora sono dati aperti",
        "The showcase directory is now open data",
        "L'elenco delle imprese qualificate si può scaricare in CSV e JSON-LD con licenza "
        "CC BY 4.0, e mostrare su altri siti con due righe di codice.",
        "The list of qualified firms can be downloaded as CSV and JSON-LD under the CC BY 4.0 "
        "licence, and shown on other sites with two lines of code.",
    ),
)


def load(district: District, seed: int = 1) -> dict[str, int]:
    """Write the demo news of ``district``; ``seed`` is not needed (the texts are fixed)."""
    today = timezone.localdate()
    existing = set(NewsItem.objects.filter(district=district).values_list("title_it", flat=True))
    new = [
        NewsItem(
            district=district,
            title_it=title_it,
            title_en=title_en,
            body_it=body_it,
            body_en=body_en,
            published=True,
            published_on=today - timedelta(days=days_ago),
        )
        for days_ago, title_it, title_en, body_it, body_en in NEWS
        if title_it not in existing
    ]
    NewsItem.objects.bulk_create(new)
    return {"news": len(new)}
