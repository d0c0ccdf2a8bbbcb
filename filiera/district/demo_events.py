"""Demo labs, seminars, trainings and events for ``filiera demo`` (names and texts invented).

- a lab on chemical management, three weeks ago: people registered, attendance taken, the slides
  shared as a link;
- a public seminar on the Digital Product Passport in twelve days, in a room and online, with the
  demo ``subcontractor`` login registered;
- a training on safety at work in four weeks for the district's firms only, 15 seats;
- the district fair in six weeks, public, over two days, no seat limit.

Registrations come from the demo firm logins and from a few invented people of the district's
firms (accounts that cannot log in). ``load`` writes with the plain ORM and skips an event that
already exists (by Italian title in the district), so running it again changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from filiera.district.models import Event, EventMaterial, Registration
from filiera.registry.models import District, Firm, FirmMembership


@dataclass(frozen=True)
class Spec:
    key: str
    kind: str
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    days: int  # from today; negative: in the past
    start: time
    hours: float
    place: str
    online: bool = False
    capacity: int | None = None
    public: bool = False


EVENTS = [
    Spec(
        "lab",
        Event.Kind.LAB,
        "Laboratorio: gestire le sostanze chimiche in tintoria e finissaggio",
        "Lab: managing chemicals in dyeing and finishing",
        "Mezza giornata pratica: inventario dei prodotti chimici, schede di sicurezza, lista "
        "delle sostanze soggette a restrizione e come documentarle nell'autovalutazione.",
        "A hands-on half day: chemical inventory, safety data sheets, the restricted substances "
        "list and how to document them in the self-assessment.",
        -21,
        time(9, 30),
        3.5,
        "Laboratorio del Consorzio, Via dei Tessitori 12, Carpi",
        capacity=20,
        public=True,
    ),
    Spec(
        "dpp",
        Event.Kind.SEMINAR,
        "Seminario: il Passaporto digitale di prodotto per il tessile",
        "Seminar: the Digital Product Passport for textiles",
        "Cosa chiede il regolamento europeo sull'ecodesign, quali dati servono dai fornitori e "
        "come prepararli una volta sola per tutti i clienti.",
        "What the EU ecodesign regulation asks for, which data suppliers must give and how to "
        "prepare them once for every client.",
        12,
        time(17, 0),
        2,
        "Sala conferenze del Comune, Corso Cabassi 4, Carpi",
        online=True,
        capacity=60,
        public=True,
    ),
    Spec(
        "safety",
        Event.Kind.TRAINING,
        "Formazione: sicurezza nei reparti di maglieria",
        "Training: safety in knitting departments",
        "Rischi delle macchine rettilinee e circolari, movimentazione dei carichi, piano di "
        "emergenza: aggiornamento per preposti e titolari.",
        "Risks of flat and circular knitting machines, manual handling, the emergency plan: a "
        "refresher for supervisors and owners.",
        26,
        time(14, 0),
        4,
        "Aula formazione, Via Nuova Ponente 30, Carpi",
        capacity=15,
    ),
    Spec(
        "fair",
        Event.Kind.EVENT,
        "Fiera della maglieria sostenibile del distretto",
        "The district's sustainable knitwear fair",
        "Due giorni di stand delle imprese qualificate, incontri con i marchi e visite ai "
        "laboratori. Ingresso libero per buyer e visitatori.",
        "Two days of stands of the qualified firms, meetings with brands and visits to the "
        "workshops. Free entry for buyers and visitors.",
        44,
        time(10, 0),
        32,
        "Piazza Martiri, Carpi",
        public=True,
    ),
]
# Invented people of the district's firms (they cannot log in).
PEOPLE = [
    ("lucia.ferretti", "Lucia", "Ferretti"),
    ("marco.benassi", "Marco", "Benassi"),
    ("giulia.rinaldi", "Giulia", "Rinaldi"),
    ("paolo.gualdi", "Paolo", "Gualdi"),
    ("sara.montanari", "Sara", "Montanari"),
]
SLIDES = "https://example.org/filiera-demo/laboratorio-chimica-slide.pdf"
EMAIL_DOMAIN = "filiera-demo.example"


def _when(days: int, start: time, hours: float) -> tuple[datetime, datetime]:
    day = timezone.localdate() + timedelta(days=days)
    begins = timezone.make_aware(datetime.combine(day, start))
    return begins, begins + timedelta(hours=hours)


def _people(district: District, rng: random.Random) -> list[tuple[Any, Firm | None]]:
    """(user, firm) of the demo logins of the district's firms and of the invented people,
    each of whom joins one firm of the district as a viewer."""
    User = get_user_model()
    firms = list(Firm.objects.filter(districts=district).order_by("id"))
    found: list[tuple[Any, Firm | None]] = []
    for username in ("subcontractor", "brand"):
        membership = (
            FirmMembership.objects.filter(user__username=username, firm__districts=district)
            .select_related("user", "firm")
            .first()
        )
        if membership is not None:
            found.append((membership.user, membership.firm))
    taken = {firm.pk for _user, firm in found if firm is not None}
    spare = [f for f in firms if f.pk not in taken]
    rng.shuffle(spare)
    for (username, first, last), firm in zip(PEOPLE, spare, strict=False):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{EMAIL_DOMAIN}",
            )
            user.set_unusable_password()
            user.save()
        membership = FirmMembership.objects.filter(user=user, firm__districts=district).first()
        if membership is None:
            membership = FirmMembership.objects.create(
                user=user, firm=firm, role=FirmMembership.Role.VIEWER
            )
        found.append((user, membership.firm))
    return found


def load(district: District, seed: int = 1) -> dict[str, int]:
    counts = {"events": 0, "event_registrations": 0, "event_materials": 0}
    existing = set(Event.objects.filter(district=district).values_list("title_it", flat=True))
    todo = [spec for spec in EVENTS if spec.title_it not in existing]
    if not todo or not Firm.objects.filter(districts=district).exists():
        return counts
    rng = random.Random(seed)
    people = _people(district, rng)
    logins = {user.username: (user, firm) for user, firm in people}
    invented = [p for p in people if p[0].username not in ("subcontractor", "brand")]
    manager = get_user_model().objects.filter(username="manager").first()
    for spec in todo:
        starts, ends = _when(spec.days, spec.start, spec.hours)
        event = Event.objects.create(
            district=district,
            kind=spec.kind,
            title_it=spec.title_it,
            title_en=spec.title_en,
            description_it=spec.description_it,
            description_en=spec.description_en,
            starts_at=starts,
            ends_at=ends,
            place=spec.place,
            online_url="https://example.org/filiera-demo/webinar" if spec.online else "",
            capacity=spec.capacity,
            public=spec.public,
            registration_open=spec.days >= 0,
            created_by=manager,
        )
        counts["events"] += 1
        if spec.key == "lab":
            chosen = invented[:4]
        elif spec.key == "dpp":
            chosen = [p for p in (logins.get("subcontractor"),) if p] + invented[1:3]
        elif spec.key == "safety":
            chosen = invented[2:5]
        else:
            chosen = [p for p in (logins.get("brand"),) if p] + invented[:1]
        rows = [
            Registration(
                event=event,
                user=user,
                firm=firm,
                attended=(index != 2) if spec.days < 0 else None,
            )
            for index, (user, firm) in enumerate(chosen)
        ]
        Registration.objects.bulk_create(rows)
        counts["event_registrations"] += len(rows)
        if spec.key == "lab":
            EventMaterial.objects.create(
                event=event,
                title="Slide del laboratorio (PDF)",
                url=SLIDES,
                uploaded_by=manager,
            )
            counts["event_materials"] += 1
    return counts
