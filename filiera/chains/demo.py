"""Demo supply chains (plain Python, no Django): who supplies whom in the demo district.

``plan(members, seed, lead=…, subcontractor=…)`` takes the district's firms (``Member``: VAT,
role, processes of the main site, in the order they were created) and returns the same
``ChainPlan`` for the same arguments: a few brands of the district, each with a chain of 3 to 4
tiers: tier-1 knitters and workshops in the district, tier-2 yarns and fabrics from the
district, Biella, the Bergamo valleys, Como and Prato, tier-3 dyeing, throwing, recycling and
wool combing, tier-4 raw materials in Spain, Portugal, Turkey, Egypt and China. Firms outside
the district come from ``filiera.chains.demo_firms`` with invented names.

The lead brand (the demo login's) has the richest chain: suppliers that share area scores,
answers, one its evidence files, some the grade only, one that revoked its consent, deeper
suppliers that share with the brand directly and others that do not (undisclosed), open
requests for more (one beyond the VSME cap), pending invitations, a relation that ended, links
without a known site and two knitting workshops working for each other (a cycle).

``filiera.chains.demo_writer`` writes the plan to the database.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from filiera.chains.demo_firms import FirmRecord, outside_firm, surname, templates

# The sharing levels of filiera.chains.models.Level (this module does not import Django).
NONE, GRADE, AREAS, ANSWERS, EVIDENCE = range(5)
# Chance that the site doing the work is unknown, by tier: deeper links are less traced.
MISSING_SITE = {1: 0.08, 2: 0.15, 3: 0.25, 4: 0.4}
# The work a district firm does for a brand, by the kind of firm.
T1_WORK = {
    "knitting": ("MU.KNIT_TO_SHAPE",),
    "manufacturer": ("MU.KNIT_TO_SHAPE", "MU.SEWING", "MU.PRESSING"),
    "sewing": ("MU.SEWING",),
    "cutting": ("MU.CUTTING",),
    "embroidery": ("MU.EMBROIDERY",),
    "dyeing": ("MU.GARMENT_DYEING",),
    "pressing": ("MU.PRESSING",),
    "finishing": ("MU.QC", "MU.PACKAGING"),
}
# The lead brand's tier-1 suppliers after the subcontractor login's firm: kinds wanted (first
# found wins) and what each shares with the brand ("revoked": it shared, then revoked).
LEAD_T1 = (
    (("knitting", "manufacturer"), EVIDENCE),
    (("manufacturer", "knitting"), AREAS),
    (("knitting", "manufacturer"), ANSWERS),
    (("sewing", "cutting"), AREAS),
    (("sewing", "cutting", "finishing"), GRADE),
    (("embroidery", "sewing"), AREAS),
    (("pressing", "finishing"), "revoked"),
    (("dyeing", "finishing"), AREAS),
    (("cutting", "sewing"), GRADE),
    (("finishing", "pressing"), ANSWERS),
)
OTHER_T1 = (
    ("knitting", "manufacturer"),
    ("knitting", "manufacturer"),
    ("sewing", "cutting"),
    ("pressing", "embroidery", "finishing"),
)
BEYOND_CAP_MESSAGE = (
    "Per il bilancio di sostenibilità ci servono le risposte al questionario e l'elenco dei "
    "vostri stabilimenti."
)
MORE_MESSAGE = "Potete condividere anche i punteggi per area? Grazie."
INVITE_MESSAGE = "Vorremmo qualificarvi come fornitori per la prossima collezione."


@dataclass(frozen=True)
class Member:
    """A firm of the district as the plan sees it."""

    key: str  # its VAT number
    role: str
    processes: tuple[str, ...]  # of its main site


@dataclass(frozen=True)
class Link:
    client: str
    supplier: str
    tier: int
    processes: tuple[str, ...]
    site_known: bool  # the supplier's (main) site doing the work is known
    since_days: int  # started this many days ago
    ended_days: int | None = None  # ended this many days ago


@dataclass(frozen=True)
class Share:
    """What a supplier lets a client see, and the client's open request for more."""

    supplier: str
    client: str
    level: int
    profile: bool = False
    sites: bool = False
    revoked: bool = False
    requested_level: int | None = None
    requested_profile: bool = False
    requested_sites: bool = False
    message: str = ""
    declined: bool = False


@dataclass(frozen=True)
class Invitation:
    client: str
    tier: int
    processes: tuple[str, ...]
    supplier: str = ""  # "" when the firm is not in the registry yet
    vat: str = ""
    email: str = ""
    name: str = ""
    requested_level: int = GRADE
    requested_profile: bool = False
    requested_sites: bool = False
    message: str = INVITE_MESSAGE


@dataclass(frozen=True)
class ChainPlan:
    brands: tuple[str, ...]  # the lead brand first
    firms: tuple[FirmRecord, ...]
    links: tuple[Link, ...]
    shares: tuple[Share, ...]
    invitations: tuple[Invitation, ...]
    alerts: tuple[tuple[str, str], ...]  # (client, kind): the writer finds the facts

    def reachable(self, brand: str) -> dict[str, int]:
        """Every firm in the brand's chain (active links) with its distance from the brand."""
        suppliers: dict[str, list[str]] = {}
        for link in self.links:
            if link.ended_days is None:
                suppliers.setdefault(link.client, []).append(link.supplier)
        seen, queue = {brand: 0}, deque([brand])
        while queue:
            firm = queue.popleft()
            for supplier in suppliers.get(firm, ()):
                if supplier not in seen:
                    seen[supplier] = seen[firm] + 1
                    queue.append(supplier)
        del seen[brand]
        return seen


def kind_of(member: Member) -> str:
    """The archetype of a district firm, read from its role and main-site processes."""
    p = set(member.processes)
    if member.role in ("brand", "manufacturer", "service"):
        return member.role
    if member.role == "material_supplier":
        return "fabric" if "FF.KNIT_WEFT" in p else "trims" if "CO.TRIMS" in p else "yarn"
    for code, kind in (
        ("MU.KNIT_TO_SHAPE", "knitting"),
        ("MU.EMBROIDERY", "embroidery"),
        ("MU.GARMENT_DYEING", "dyeing"),
        ("MU.SEWING", "sewing"),
        ("MU.CUTTING", "cutting"),
        ("MU.PRESSING", "pressing"),
    ):
        if code in p:
            return kind
    return "finishing"


def plan(
    members: Sequence[Member],
    seed: int = 1,
    *,
    lead: str | None = None,
    subcontractor: str | None = None,
    avoid_vats: Collection[str] = (),
) -> ChainPlan:
    """The demo chains of the district's ``members``; the same arguments give the same plan."""
    builder = _Builder(members, seed, avoid_vats)
    brands = builder.pools.get("brand", [])
    if lead not in brands:
        lead = brands[0] if brands else None
    if lead is None:
        return ChainPlan((), (), (), (), (), ())
    others = [b for b in brands if b != lead]
    others = sorted(builder.rng.sample(others, min(3, len(others))), key=lambda k: builder.order[k])
    sub = subcontractor if subcontractor in builder.kinds else None
    builder.lead_chain(lead, sub)
    for index, brand in enumerate(others):
        builder.other_chain(brand, index, avoid={sub} if sub else set())
    builder.direct_shares(lead, others)
    builder.invitations(lead, others, sub)
    return builder.result((lead, *others))


class _Builder:
    def __init__(self, members: Sequence[Member], seed: int, avoid_vats: Collection[str]):
        self.rng = random.Random(f"filiera-chains:{seed}")
        self.kinds = {m.key: kind_of(m) for m in members}
        self.order = {m.key: i for i, m in enumerate(members)}
        self.pools: dict[str, list[str]] = {}
        for m in members:
            self.pools.setdefault(self.kinds[m.key], []).append(m.key)
        self.busy: set[str] = set()
        self.links: dict[tuple[str, str], Link] = {}
        self.shares: dict[tuple[str, str], Share] = {}
        self.invites: list[Invitation] = []
        self.alerts: list[tuple[str, str]] = []
        # Outside firms are drawn first, all of them, so their names do not depend on the chains.
        names = random.Random(f"filiera-chains:firms:{seed}")
        vats = set(avoid_vats) | set(self.kinds)
        self.outside = {t.key: outside_firm(names, t, vats) for t in templates()}
        self.used: dict[str, FirmRecord] = {}
        self.lead_t1: list[str] = []

    # Building blocks ---------------------------------------------------------------------------

    def out(self, template: str) -> str:
        firm = self.outside[template]
        self.used.setdefault(template, firm)
        return firm.key

    def pick(self, wanted: Sequence[str], avoid: Collection[str] = ()) -> str | None:
        """A district firm of the first wanted kind found, preferring one no brand uses yet."""
        for fresh in (True, False):
            for kind in wanted:
                options = [
                    k
                    for k in self.pools.get(kind, [])
                    if k not in avoid and not (fresh and k in self.busy)
                ]
                if options:
                    choice = self.rng.choice(options)
                    self.busy.add(choice)
                    return choice
        return None

    def link(self, client, supplier, tier, processes, *, site=None, ended=None) -> None:
        if not client or not supplier or client == supplier or (client, supplier) in self.links:
            return
        known = self.rng.random() >= MISSING_SITE[tier] if site is None else site
        since = self.rng.randint(200, 2500)
        self.links[(client, supplier)] = Link(
            client, supplier, tier, tuple(processes), known, since, ended
        )
        self.shares.setdefault((supplier, client), Share(supplier, client, GRADE))

    def share(self, supplier, client, level, **extra) -> None:
        if supplier and client and supplier != client:
            opened = level >= AREAS and "profile" not in extra
            extra = {"profile": opened, "sites": opened} | extra
            self.shares[(supplier, client)] = Share(supplier, client, level, **extra)

    def assembly(self, brand, supplier, **extra) -> None:
        self.link(brand, supplier, 1, T1_WORK.get(self.kinds.get(supplier, ""), ()), **extra)

    # Raw-material lines, from a client that needs yarn or fabric ----------------------------

    def wool_yarn(self, client, spinner="biella_spinner") -> None:
        yarn = self.out(spinner)
        self.link(client, yarn, 2, ("YN.SPIN_COMBED",))
        tops = self.out("pt_tops")
        self.link(yarn, tops, 3, ("FP.SCOURING",))
        self.link(tops, self.out("es_wool"), 4, ("RM.ANIMAL",))
        if spinner == "biella_spinner":
            self.link(yarn, self.out("biella_dyer"), 3, ("FP.FIBRE_DYEING",))

    def cotton_yarn(self, client) -> None:
        yarn = self.out("bergamo_spinner")
        self.link(client, yarn, 2, ("YN.SPIN_COMBED",))
        self.link(yarn, self.out("eg_cotton"), 4, ("RM.PLANT",))
        self.link(yarn, self.out("tr_cotton"), 4, ("RM.PLANT",), site=False)

    def silk_fabric(self, client) -> None:
        weaver = self.out("como_weaver")
        self.link(client, weaver, 2, ("FF.WEAVING", "WP.FINISH_MECH"))
        self.link(weaver, self.out("como_printer"), 3, ("WP.PRINTING",))
        thrower = self.out("como_thrower")
        self.link(weaver, thrower, 3, ("YN.TWISTING",))
        self.link(thrower, self.out("cn_silk"), 4, ("RM.ANIMAL",))

    def prato_fabric(self, client) -> None:
        weaver = self.out("prato_weaver")
        self.link(client, weaver, 2, ("FF.WEAVING", "WP.FINISH_MECH"))
        self.recycled_yarn(weaver, tier=3)
        self.link(weaver, self.out("prato_dyer"), 3, ("WP.FABRIC_DYEING",))

    def recycled_yarn(self, client, tier=2) -> None:
        recycler = self.out("prato_recycler")
        self.link(client, recycler, tier, ("FP.MECH_RECYCLING", "YN.SPIN_CARDED"))
        self.link(recycler, self.out("prato_rags"), 4, ("RM.RECOVERY",))

    def biella_fabric(self, client) -> None:
        weaver = self.out("biella_weaver")
        self.link(client, weaver, 2, ("FF.WEAVING", "WP.FULLING"))
        self.wool_yarn(weaver, "biella_spinner_2")

    # Chains --------------------------------------------------------------------------------

    def lead_chain(self, brand: str, sub: str | None) -> None:
        t1: list[tuple[str, object]] = []
        if sub is not None:
            self.busy.add(sub)
            t1.append((sub, "sub"))
        for wanted, level in LEAD_T1:
            firm = self.pick(wanted, avoid={brand, *(f for f, _ in t1)})
            if firm is not None:
                t1.append((firm, level))
        for n, (firm, _level) in enumerate(t1):
            self.assembly(brand, firm, site=True if n == 0 else None)
            kind = self.kinds[firm]
            if kind in ("knitting", "manufacturer"):
                if n % 3 == 0:
                    self.wool_yarn(firm)
                else:
                    (self.yarn_dealer if n % 3 == 1 else self.cotton_yarn)(firm)
            if kind == "manufacturer":
                self.cotton_yarn(firm)
        self.lead_sharing(brand, t1)
        self.lead_t1 = [f for f, _ in t1]
        self.silk_fabric(brand)
        self.prato_fabric(brand)
        sewing = next((f for f, _ in t1 if self.kinds[f] in ("sewing", "cutting")), None)
        knitter = t1[0][0] if t1 else None
        if sewing is not None:
            fabric = self.pick(("fabric",))
            self.link(sewing, fabric, 2, ("FF.KNIT_WEFT",))
            if fabric is not None:
                self.cotton_yarn(fabric)
                self.share(fabric, brand, AREAS)
            self.link(sewing, self.pick(("trims",)), 2, ("CO.TRIMS",))
            # Two workshops working for each other: a cycle in the chain.
            self.link(knitter, sewing, 1, ("MU.SEWING",), site=True)
            self.link(sewing, knitter, 1, ("MU.KNIT_TO_SHAPE",), site=True)
        # A workshop the brand used until two months ago.
        gone = self.pick(("pressing", "finishing", "sewing"), avoid={brand})
        if gone is not None:
            self.assembly(brand, gone, ended=60)
        self.alerts += [(brand, kind) for kind in ("not_assessed", "evidence_expiring")]
        self.alerts.append((brand, "grade_drop"))

    def yarn_dealer(self, knitter) -> None:
        dealer = self.pick(("yarn",))
        if dealer is None:
            self.wool_yarn(knitter, "biella_spinner_2")
            return
        self.link(knitter, dealer, 2, ("SV.CONVERTER",))
        self.wool_yarn(dealer, "biella_spinner_2")

    def lead_sharing(self, brand, t1) -> None:
        asked_more = False
        for firm, level in t1:
            if level == "sub":
                self.share(
                    firm,
                    brand,
                    AREAS,
                    requested_level=ANSWERS,
                    requested_sites=True,
                    message=BEYOND_CAP_MESSAGE,
                )
            elif level == "revoked":
                self.share(firm, brand, NONE, revoked=True)
            elif level == GRADE and not asked_more:
                asked_more = True
                self.share(
                    firm,
                    brand,
                    GRADE,
                    requested_level=AREAS,
                    requested_profile=True,
                    message=MORE_MESSAGE,
                )
            else:
                self.share(firm, brand, level)

    def other_chain(self, brand: str, index: int, avoid: set[str]) -> None:
        t1 = [self.pick(wanted, avoid={brand, *avoid}) for wanted in OTHER_T1]
        if index == 0:  # a knitting workshop shared with the lead brand
            shared = [f for f in self.lead_t1 if self.kinds[f] == "knitting" and f not in avoid]
            if shared:
                t1[1] = shared[0]
        firms = list(dict.fromkeys(f for f in t1 if f is not None))
        declined, knitters = False, 0
        for firm in firms:
            self.assembly(brand, firm)
            level = self.rng.choice((AREAS, AREAS, AREAS, GRADE, GRADE, ANSWERS))
            if level == GRADE and index == 0 and not declined:
                declined = True
                self.share(firm, brand, GRADE, requested_level=EVIDENCE, declined=True)
            else:
                self.share(firm, brand, level)
            if self.kinds[firm] in ("knitting", "manufacturer"):
                knitters += 1
                lines = (("wool", "cotton"), ("cotton", "cotton"), ("cotton", "recycled"))
                line = lines[index % 3][min(knitters, 2) - 1]
                if line == "wool":
                    self.wool_yarn(firm, "biella_spinner_2")
                else:
                    (self.cotton_yarn if line == "cotton" else self.recycled_yarn)(firm)
        [self.biella_fabric, self.silk_fabric, self.prato_fabric][index % 3](brand)
        sewing = next((f for f in firms if self.kinds[f] == "sewing"), None)
        if sewing is not None:
            self.link(sewing, self.pick(("trims",)), 2, ("CO.TRIMS",))

    def direct_shares(self, lead: str, others: Sequence[str]) -> None:
        """Deeper suppliers that share with the brands directly (so they are named)."""
        wanted: dict[str, tuple[tuple[str, int, dict[str, bool]], ...]] = {
            lead: (
                ("biella_spinner", GRADE, {"profile": True, "sites": True}),
                ("bergamo_spinner", GRADE, {"profile": True, "sites": True}),
                ("como_weaver", AREAS, {}),
                ("eg_cotton", GRADE, {"profile": True, "sites": True}),
            ),
        }
        for brand, template in zip(
            others, ("pt_tops", "como_weaver", "prato_recycler"), strict=False
        ):
            wanted[brand] = ((template, GRADE, {"profile": True, "sites": True}),)
        for brand, items in wanted.items():
            chain = self.reachable(brand)
            for template, level, extra in items:
                key = self.outside[template].key
                if key in chain:
                    self.share(key, brand, level, **extra)

    def invitations(self, lead: str, others: Sequence[str], sub: str | None) -> None:
        """Pending: the lead brand invites a district firm and a firm not yet registered;
        another brand invites the subcontractor login's firm."""
        chain = self.reachable(lead)
        known = self.pick(("embroidery", "knitting", "pressing"), avoid={*chain, lead})
        if known is not None:
            work = T1_WORK.get(self.kinds[known], ())
            self.invites.append(
                Invitation(
                    lead, 1, work, known, known, requested_level=AREAS, requested_profile=True
                )
            )
        core = surname(self.rng)
        email = f"amministrazione@maglia{core.lower()}.example"
        name = f"Tessitura a Maglia {core} S.r.l."
        self.invites.append(Invitation(lead, 2, ("FF.KNIT_WEFT",), email=email, name=name))
        if sub is not None and others:
            work = T1_WORK.get(self.kinds[sub], ())
            self.invites.append(
                Invitation(
                    others[0], 1, work, sub, sub, requested_level=AREAS, requested_sites=True
                )
            )

    def reachable(self, brand: str) -> dict[str, int]:
        return ChainPlan((), (), tuple(self.links.values()), (), (), ()).reachable(brand)

    def result(self, brands: tuple[str, ...]) -> ChainPlan:
        order = {t.key: i for i, t in enumerate(templates())}
        firms = sorted(self.used.values(), key=lambda f: order[f.template])
        return ChainPlan(
            brands,
            tuple(firms),
            tuple(self.links.values()),
            tuple(self.shares.values()),
            tuple(self.invites),
            tuple(self.alerts),
        )
