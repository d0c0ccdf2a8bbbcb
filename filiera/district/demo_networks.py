"""Demo networks of firms for ``filiera demo`` (names and texts are invented).

- "Rete Maglia Circolare": a public network contract (rete-contratto) for sustainable knitwear,
  led by the firm of the demo ``subcontractor`` login with four to five knitting firms and a
  partner; two shared services (joint purchasing of certified yarn, a shared lab for chemical
  tests), two projects and a document (a summary of the contract, as a PDF).
- "Polo Filiera Corta": a private network with legal personality (rete-soggetto) led by the firm
  of the demo ``brand`` login with two suppliers, one service and one project.

``load`` writes with the plain ORM and skips a network that already exists (by name in the
district), so running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import date

from django.core.files.base import ContentFile
from fpdf import FPDF

from filiera.district.models import (
    Network,
    NetworkDocument,
    NetworkMember,
    NetworkProject,
    NetworkService,
)
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import District, Firm

PUBLIC_NAME = "Rete Maglia Circolare"
PRIVATE_NAME = "Polo Filiera Corta"
KNITTING = "MU.KNIT_TO_SHAPE"
Role = NetworkMember.Role
Status = NetworkProject.Status

SERVICES = [
    (
        "Acquisto congiunto di filati certificati",
        "Joint purchasing of certified yarn",
        "Ordini comuni di filati GOTS e GRS a prezzi di volume, con i certificati di "
        "transazione raccolti una volta per tutti.",
        "Pooled orders of GOTS and GRS yarn at volume prices, with the transaction "
        "certificates collected once for every member.",
    ),
    (
        "Laboratorio condiviso per le prove chimiche",
        "Shared lab for chemical tests",
        "Prove sulle sostanze soggette a restrizione (RSL) e sui coloranti, prenotabili da "
        "ogni impresa della rete a tariffa agevolata.",
        "Tests for restricted substances (RSL) and dyes, bookable by every member firm at a "
        "reduced rate.",
    ),
]
PROJECTS = [
    (
        "Passaporto digitale per la maglieria della rete",
        "Digital passport for the network's knitwear",
        "Un passaporto digitale di prodotto comune per i capi delle imprese della rete.",
        "A shared digital product passport for the garments of the member firms.",
        Status.RUNNING,
        (2025, 9, 1),
        (2026, 12, 31),
    ),
    (
        "Recupero degli sfridi di filato",
        "Recovering yarn scraps",
        "Raccolta comune degli sfridi e delle rocche avanzate da avviare alla rigenerazione.",
        "Joint collection of scraps and leftover cones sent for regeneration.",
        Status.PLANNED,
        (2026, 3, 1),
        None,
    ),
]


def _summary_pdf(network: Network, members: list[Firm]) -> bytes:
    """A one-page summary of the demo contract."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0, 10, f"{network.name} - sintesi del contratto di rete", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, network.purpose_it.replace("\u2019", "'"))
    pdf.ln(4)
    pdf.cell(0, 6, "Imprese aderenti:", new_x="LMARGIN", new_y="NEXT")
    for firm in members:
        pdf.cell(0, 6, f"- {firm.legal_name}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pick(district: District, seed: int) -> tuple[Firm | None, list[Firm], Firm | None, list[Firm]]:
    """The lead and members of each demo network, from the district's firms."""
    firms = Firm.objects.filter(districts=district).order_by("id")
    lead = firms.filter(role=Firm.Role.SUBCONTRACTOR).first() or firms.first()
    brand = firms.filter(role=Firm.Role.BRAND).first()
    if lead is None:
        return None, [], None, []
    taken = {lead.pk} | ({brand.pk} if brand is not None else set())
    rng = random.Random(seed)
    knitting = list(
        firms.filter(sites__processes__code=KNITTING).exclude(pk__in=taken).distinct()[:40]
    )
    rng.shuffle(knitting)
    members = knitting[: 4 + rng.randint(0, 1)]
    taken |= {firm.pk for firm in members}
    others = firms.exclude(pk__in=taken)
    partner = others.filter(role=Firm.Role.SERVICE).first() or others.first()
    if partner is not None:
        members.append(partner)
        taken.add(partner.pk)
    suppliers = list(firms.exclude(pk__in=taken)[:2])
    return lead, members, brand, suppliers


def load(district: District, seed: int = 1) -> dict[str, int]:
    counts = {
        "networks": 0,
        "network_members": 0,
        "network_services": 0,
        "network_projects": 0,
        "network_documents": 0,
    }
    existing = set(
        Network.objects.filter(district=district, name__in=[PUBLIC_NAME, PRIVATE_NAME]).values_list(
            "name", flat=True
        )
    )
    lead, members, brand, suppliers = _pick(district, seed)
    if lead is None:
        return counts
    if PUBLIC_NAME not in existing:
        _public_network(district, lead, members, counts)
    if PRIVATE_NAME not in existing and brand is not None:
        _private_network(district, brand, suppliers, counts)
    return counts


def _members(network: Network, lead: Firm, others: list[Firm], partner: Firm | None) -> int:
    rows = [NetworkMember(network=network, firm=lead, role=Role.LEAD, joined_on=network.signed_on)]
    rows += [
        NetworkMember(
            network=network,
            firm=firm,
            role=Role.PARTNER if firm == partner else Role.MEMBER,
            joined_on=network.signed_on,
        )
        for firm in others
    ]
    NetworkMember.objects.bulk_create(rows)
    return len(rows)


def _public_network(district: District, lead: Firm, members: list[Firm], counts: dict) -> None:
    network = Network.objects.create(
        district=district,
        name=PUBLIC_NAME,
        kind=Network.Kind.CONTRACT,
        purpose_it=(
            "Le imprese della rete producono maglieria sostenibile: acquistano insieme filati "
            "certificati, condividono un laboratorio per le prove chimiche e lavorano a un "
            "passaporto digitale comune per i loro capi."
        ),
        purpose_en=(
            "The member firms make sustainable knitwear: they buy certified yarn together, "
            "share a lab for chemical tests and work on a common digital passport for their "
            "garments."
        ),
        signed_on=date(2024, 3, 15),
        expires_on=date(2029, 3, 14),
        website="https://maglia-circolare.example",
        public=True,
    )
    partner = members[-1] if members and members[-1].role == Firm.Role.SERVICE else None
    counts["networks"] += 1
    counts["network_members"] += _members(network, lead, members, partner)
    NetworkService.objects.bulk_create(
        NetworkService(
            network=network,
            name_it=name_it,
            name_en=name_en,
            description_it=text_it,
            description_en=text_en,
        )
        for name_it, name_en, text_it, text_en in SERVICES
    )
    counts["network_services"] += len(SERVICES)
    NetworkProject.objects.bulk_create(
        NetworkProject(
            network=network,
            title_it=title_it,
            title_en=title_en,
            description_it=text_it,
            description_en=text_en,
            status=status,
            starts_on=date(*start),
            ends_on=date(*end) if end else None,
        )
        for title_it, title_en, text_it, text_en, status, start, end in PROJECTS
    )
    counts["network_projects"] += len(PROJECTS)
    content = _summary_pdf(network, [lead, *members])
    document = NetworkDocument(
        network=network,
        title="Sintesi del contratto di rete",
        file_name="sintesi-contratto-rete.pdf",
        content_type="application/pdf",
        size=len(content),
    )
    document.file.save("sintesi-contratto-rete.pdf", ContentFile(content), save=False)
    document.save()
    counts["network_documents"] += 1


def _private_network(district: District, brand: Firm, suppliers: list[Firm], counts: dict) -> None:
    network = Network.objects.create(
        district=district,
        name=PRIVATE_NAME,
        kind=Network.Kind.ENTITY,
        purpose_it=(
            "Un marchio e i suoi fornitori di fiducia pianificano insieme la produzione e "
            "accorciano la filiera, con un magazzino comune dei filati."
        ),
        purpose_en=(
            "A brand and its trusted suppliers plan production together and shorten the chain, "
            "with a common yarn store."
        ),
        signed_on=date(2025, 1, 20),
        vat=italian_vat(990_417),
        public=False,
    )
    counts["networks"] += 1
    counts["network_members"] += _members(network, brand, suppliers, None)
    NetworkService.objects.create(
        network=network,
        name_it="Magazzino comune dei filati",
        name_en="Common yarn store",
    )
    counts["network_services"] += 1
    NetworkProject.objects.create(
        network=network,
        title_it="Programmazione condivisa della stagione",
        title_en="Shared season planning",
        status=Status.RUNNING,
        starts_on=date(2025, 2, 1),
    )
    counts["network_projects"] += 1
