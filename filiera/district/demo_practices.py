"""Demo good practices of the demo district: invented practices across the six themes and the
qualification areas, in Italian and English, most published and one draft. Several name
questions that demo firms often miss (level 2 and 3 questions any firm is asked), so the demo
improvement plans show practices that help. The demo verifier evaluates two of them; one or two
demo firms adopt one each. Idempotent: what exists is left alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.registry.models import District, Firm, FirmMembership


@dataclass(frozen=True)
class Demo:
    title: tuple[str, str]
    summary: tuple[str, str]
    body: tuple[str, str]
    results: tuple[str, str]
    theme: str
    areas: tuple[str, ...]
    questions: tuple[str, ...] = ()
    firm_role: str = ""  # "" no origin firm; else the role of the demo firm it comes from
    consents: bool = False
    published: bool = True
    marks: tuple[int, int, int, int] | None = None  # the verifier's evaluation
    comment: str = ""
    extra: dict = field(default_factory=dict)


PRACTICES = (
    Demo(
        title=("Dagli scarti di maglieria a nuovo filato", "From knitwear offcuts to new yarn"),
        summary=(
            "Tre maglifici raccolgono i ritagli di lana divisi per colore e li affidano a una "
            "filatura cardata di Prato, che li rigenera in filato per nuove collezioni.",
            "Three knitwear makers collect wool offcuts sorted by colour and hand them to a "
            "carded-yarn spinner in Prato, which turns them into yarn for new collections.",
        ),
        body=(
            "Ogni reparto di taglio ha tre contenitori per colore (chiari, medi, scuri). Una "
            "volta al mese un trasportatore autorizzato passa dai tre maglifici e porta i "
            "ritagli alla filatura. Il filato rigenerato torna in parte alle stesse imprese.",
            "Each cutting room has three bins by colour (light, medium, dark). Once a month an "
            "authorised carrier calls at the three makers and takes the offcuts to the spinner. "
            "Part of the regenerated yarn goes back to the same firms.",
        ),
        results=(
            "In un anno: 11 tonnellate di ritagli non più smaltite, 30% di costi di "
            "smaltimento in meno, una capsule collection in filato rigenerato.",
            "In one year: 11 tonnes of offcuts no longer sent for disposal, 30% lower disposal "
            "costs, a capsule collection in regenerated yarn.",
        ),
        theme=GoodPractice.Theme.ECO_INNOVATION,
        areas=("circularity",),
        questions=("CIR-2.02", "CIR-3.04", "CIR-2.03"),
        firm_role=Firm.Role.SUBCONTRACTOR,
        consents=True,
        marks=(5, 4, 4, 5),
        comment="Molto concreta e facile da replicare tra imprese vicine.",
    ),
    Demo(
        title=(
            "Diagnosi energetica condivisa tra piccoli laboratori",
            "A shared energy audit for small workshops",
        ),
        summary=(
            "Dodici laboratori hanno diviso il costo di un esperto che ha misurato i consumi di "
            "ogni reparto e indicato gli interventi più rapidi da ripagare.",
            "Twelve workshops shared the cost of an expert who measured each department's "
            "consumption and pointed out the measures that pay back fastest.",
        ),
        body=(
            "Il distretto ha raccolto le adesioni e scelto l'esperto con un unico bando. Ogni "
            "laboratorio ha ricevuto il proprio rapporto e un foglio per registrare i consumi "
            "per capo prodotto ogni anno.",
            "The district gathered the firms and chose the expert through one call. Each "
            "workshop got its own report and a sheet to record energy per garment every year.",
        ),
        results=(
            "Consumi elettrici ridotti in media del 14% con illuminazione LED, ferri da stiro a "
            "vapore regolati e compressori spenti di notte.",
            "Electricity use down 14% on average with LED lighting, tuned steam irons and "
            "compressors switched off at night.",
        ),
        theme=GoodPractice.Theme.NETWORKS,
        areas=("environment",),
        questions=("ENV-2.02", "ENV-2.06", "ENV-3.03"),
        marks=(4, 4, 3, 5),
        comment="Utile per le microimprese; servirebbero dati di consumo prima e dopo.",
    ),
    Demo(
        title=(
            "Un QR code in etichetta per raccontare la filiera",
            "A QR code on the label tells the supply chain",
        ),
        summary=(
            "Un marchio del distretto stampa sull'etichetta un QR code che porta alla pagina "
            "del capo: chi lo ha lavorato, dove, con quali materiali.",
            "A brand of the district prints a QR code on the label leading to the garment's "
            "page: who made it, where, with which materials.",
        ),
        body=(
            "Ogni lotto ha un codice collegato alle fasi e ai terzisti nel gestionale. Il QR "
            "code rimanda al passaporto digitale del prodotto.",
            "Each lot has a code linked to the steps and subcontractors in the management "
            "software. The QR code points to the product's digital passport.",
        ),
        results=(
            "Il 9% dei clienti ha aperto la pagina; due buyer esteri l'hanno chiesta come "
            "requisito per gli ordini.",
            "9% of customers opened the page; two foreign buyers asked for it as an order "
            "requirement.",
        ),
        theme=GoodPractice.Theme.COMMUNICATION,
        areas=("traceability",),
        questions=("TRA-3.04", "TRA-2.05"),
        firm_role=Firm.Role.BRAND,
        consents=True,
    ),
    Demo(
        title=(
            "Un capitolato chimico comune per le lavorazioni conto terzi",
            "One chemical specification for all subcontracted work",
        ),
        summary=(
            "Un'impresa chiede a tutti i terzisti lo stesso capitolato sulle sostanze chimiche, "
            "con una lista di controllo da usare prima di ogni nuovo acquisto.",
            "A firm asks all its subcontractors to follow the same chemicals specification, "
            "with a checklist to use before every new purchase.",
        ),
        body=(
            "Il capitolato riprende le liste RSL dei clienti principali. Prima di comprare un "
            "prodotto nuovo, il responsabile confronta la scheda di sicurezza con la lista.",
            "The specification follows the main clients' RSLs. Before buying a new product, the "
            "person in charge checks its safety data sheet against the list.",
        ),
        results=(
            "Nessun test di laboratorio fuori limite in due anni di ordini per marchi del lusso.",
            "No laboratory test out of limits in two years of orders for luxury brands.",
        ),
        theme=GoodPractice.Theme.DIVERSIFICATION,
        areas=("chemicals",),
        questions=("CHE-2.01",),
        firm_role=Firm.Role.MANUFACTURER,
        consents=False,
    ),
    Demo(
        title=("Una bottega scuola per giovani magliaie", "A workshop school for young knitters"),
        summary=(
            "Un maglificio ospita ogni anno sei giovani che imparano la programmazione delle "
            "macchine e le rifiniture; due su tre restano nel distretto.",
            "A knitwear maker hosts six young people a year who learn machine programming and "
            "finishing; two in three stay in the district.",
        ),
        body=(
            "Il corso dura sei mesi, con un tutor interno e ore di aula all'istituto tecnico. "
            "Le ore di formazione sono registrate per ogni dipendente.",
            "The course lasts six months, with an in-house tutor and classroom hours at the "
            "technical school. Training hours are recorded for every employee.",
        ),
        results=(
            "18 giovani formati in tre anni, 12 assunti da imprese del distretto.",
            "18 young people trained in three years, 12 hired by firms of the district.",
        ),
        theme=GoodPractice.Theme.INCUBATION,
        areas=("social",),
        questions=("SOC-2.09",),
    ),
    Demo(
        title=("Noleggio e riparazione dei capi in maglia", "Renting and repairing knitwear"),
        summary=(
            "Un marchio offre ai clienti la riparazione dei capi e il noleggio delle collezioni "
            "da cerimonia; i capi a fine vita tornano in filatura.",
            "A brand offers customers repairs and rents out its occasion-wear collections; "
            "garments at the end of their life go back to the spinner.",
        ),
        body=(
            "Il servizio si prenota in negozio o sul sito. Un laboratorio del distretto ripara "
            "i capi; quelli non più riparabili seguono il circuito dei ritagli.",
            "The service is booked in the shop or online. A workshop of the district repairs "
            "the garments; those beyond repair follow the offcuts' route.",
        ),
        results=("600 capi riparati nel primo anno.", "600 garments repaired in the first year."),
        theme=GoodPractice.Theme.ENTREPRENEURSHIP,
        areas=("circularity",),
        questions=("CIR-3.03",),
    ),
    Demo(
        title=(
            "Segnalazioni anonime con un servizio condiviso",
            "Anonymous reports through a shared service",
        ),
        summary=(
            "Venti piccole imprese usano lo stesso canale di segnalazione gestito da un ente "
            "terzo, e pubblicano insieme un breve resoconto annuale.",
            "Twenty small firms use the same reporting channel run by a third party, and "
            "publish a short yearly account together.",
        ),
        body=(
            "Lavoratori e fornitori segnalano per telefono o modulo web, anche in forma "
            "anonima. L'ente risponde entro 30 giorni e informa l'impresa senza rivelare chi "
            "ha scritto.",
            "Workers and suppliers report by phone or web form, anonymously if they wish. The "
            "third party answers within 30 days and informs the firm without revealing who "
            "wrote.",
        ),
        results=("", ""),
        theme=GoodPractice.Theme.NETWORKS,
        areas=("social", "ethics"),
        questions=("SOC-2.04", "ETH-3.03"),
    ),
    Demo(
        title=(
            "Calcolare le emissioni con il proprio consulente",
            "Work out your emissions with your accountant",
        ),
        summary=(
            "Bozza: un modello per calcolare Scope 1 e 2 partendo dalle bollette, con lo studio "
            "che tiene la contabilità.",
            "",
        ),
        body=("Da completare con l'esempio di un'impresa del distretto.", ""),
        results=("", ""),
        theme=GoodPractice.Theme.ECO_INNOVATION,
        areas=("environment",),
        questions=("ENV-2.06",),
        published=False,
    ),
)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _firms(district: District) -> dict[str, Firm]:
    """The first demo firm of each role, the demo logins' own firms first."""
    firms: dict[str, Firm] = {}
    owned = FirmMembership.objects.filter(
        user__username__in=("subcontractor", "brand"), firm__districts=district
    ).select_related("firm")
    for membership in owned:
        firms.setdefault(membership.firm.role, membership.firm)
    for firm in Firm.objects.filter(districts=district).order_by("id")[:200]:
        firms.setdefault(firm.role, firm)
    return firms


def load(district: District, seed: int = 1) -> dict[str, int]:
    now = timezone.now()
    author = _user("manager")
    expert = _user("verifier")
    firms = _firms(district)
    counts = {"practices": 0, "practice_evaluations": 0, "practice_adoptions": 0}
    made: list[GoodPractice] = []
    existing = {p.title_it: p for p in GoodPractice.objects.filter(district=district)}
    for index, demo in enumerate(PRACTICES):
        practice = existing.get(demo.title[0])
        if practice is None:
            firm = firms.get(demo.firm_role) if demo.firm_role else None
            practice = GoodPractice.objects.create(
                title_it=demo.title[0],
                title_en=demo.title[1],
                summary_it=demo.summary[0],
                summary_en=demo.summary[1],
                body_it=demo.body[0],
                body_en=demo.body[1],
                results_it=demo.results[0],
                results_en=demo.results[1],
                theme=demo.theme,
                areas=list(demo.areas),
                questions=list(demo.questions),
                district=district,
                firm=firm,
                firm_consents=demo.consents and firm is not None,
                status="published" if demo.published else "draft",
                published_at=now - timedelta(days=20 * (len(PRACTICES) - index) + seed)
                if demo.published
                else None,
                created_by=author,
            )
            counts["practices"] += 1
        made.append(practice)
        if expert is not None and demo.marks and demo.published:
            _, created = PracticeEvaluation.objects.get_or_create(
                practice=practice,
                evaluator=expert,
                defaults=dict(
                    zip(
                        ("relevance", "concreteness", "added_value", "transferability"),
                        demo.marks,
                        strict=True,
                    ),
                    comment=demo.comment,
                ),
            )
            counts["practice_evaluations"] += int(created)
    # Two firms of the district adopt a practice each (not their own).
    adopters = [f for f in (firms.get(Firm.Role.SUBCONTRACTOR), firms.get(Firm.Role.BRAND)) if f]
    for practice, firm in zip((made[1], made[0]), adopters, strict=False):
        if practice.firm_id == firm.pk:
            continue
        member = FirmMembership.objects.filter(firm=firm).order_by("id").first()
        _, created = PracticeAdoption.objects.get_or_create(
            practice=practice,
            firm=firm,
            defaults={"adopted_by": member.user if member else None},
        )
        counts["practice_adoptions"] += int(created)
    return counts
