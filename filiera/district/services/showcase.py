"""The public directory: ``ShowcaseEntry`` rows built from what each firm published, and the
firm's own choices (``PublicProfile``).

A firm has an entry in each of its districts that has a showcase when it is listed and
qualified (its latest scored assessment is "qualified" or "qualified with improvement plan").
An entry holds published data only: the grade when the scorecard publication shows it, valid
certificates when it shows them, processes, places and website when the profile shows them.

``refresh_firm`` and ``refresh_district`` rebuild entries in a few queries whatever the size;
rows are written only when something changed, and every district whose entries changed gets
its showcase's ``updated_at`` moved on: that stamp keys the cached search pages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from filiera.core import audit
from filiera.district.models import PublicProfile, Showcase, ShowcaseEntry
from filiera.qualification.models import (
    Assessment,
    Evidence,
    MethodologyVersion,
    ScorecardPublication,
)
from filiera.qualification.services.publication import publication_of
from filiera.registry import countries
from filiera.registry.models import Firm, Process, Site

QUALIFIED = ("qualified", "qualified_with_plan")
# Kinds of the methodology's catalogue shown as certifications (documents every firm must
# hold, such as DURC or the risk assessment, are not badges).
CERTIFICATE_KINDS = ("certification", "rating", "test", "assessment")
# Places are shown to about 1 km: two decimals of a degree.
PLACE_DIGITS = 2
COMPARED = (
    "name",
    "summary_it",
    "summary_en",
    "products_it",
    "products_en",
    "capacity_it",
    "capacity_en",
    "website",
    "grade",
    "qualification",
    "processes",
    "certificates",
    "places",
    "accepts_contacts",
    "search_text",
)
PROFILE_FIELDS = (
    "listed",
    "summary_it",
    "summary_en",
    "products_it",
    "products_en",
    "capacity_it",
    "capacity_en",
    "show_processes",
    "show_municipality",
    "show_website",
    "accepts_contacts",
)


# Reading what firms published -----------------------------------------------------------------


def _latest_scored(firm_ids) -> dict[int, dict]:
    """Each firm's latest scored assessment: qualification, grade and methodology version."""
    latest: dict[int, dict] = {}
    rows = (
        Assessment.objects.filter(firm_id__in=firm_ids, score__isnull=False)
        .order_by("firm_id", "-created_at", "-id")
        .values("firm_id", "qualification", "grade", "version_id")
    )
    for row in rows:
        latest.setdefault(row["firm_id"], dict(row))
    return latest


def _certificates(firm_ids, versions: dict[int, int], on: date) -> dict[int, list[dict]]:
    """Valid catalogue certificates per firm, one per kind with its longest validity."""
    best: dict[int, dict[str, date | None]] = defaultdict(dict)
    rows = (
        Evidence.objects.filter(firm_id__in=firm_ids)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        )
        .values_list("firm_id", "certificate", "valid_until")
    )
    for firm_id, code, until in rows:
        kinds = best[firm_id]
        kept = kinds.get(code, on)
        if code not in kinds or (kept is not None and (until is None or until > kept)):
            kinds[code] = until  # the longest validity (None: no end)
    definitions = {
        v.pk: v.parsed()
        for v in MethodologyVersion.objects.filter(pk__in=set(versions.values())).select_related(
            "methodology"
        )
    }
    found: dict[int, list[dict]] = {}
    for firm_id, codes in best.items():
        definition = definitions.get(versions.get(firm_id, 0))
        rows_out = []
        for code, until in codes.items():
            kind = definition.certificate(code) if definition else None
            if kind is None or kind.kind not in CERTIFICATE_KINDS:
                continue
            rows_out.append(
                {
                    "code": code,
                    "name_it": kind.name.it,
                    "name_en": kind.name.en,
                    "valid_until": until.isoformat() if until else None,
                }
            )
        found[firm_id] = sorted(rows_out, key=lambda c: (c["name_it"].lower(), c["code"]))
    return found


def _sites(firm_ids) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """Processes and places (to about 1 km) of each firm's sites."""
    sites = Site.objects.filter(firm_id__in=firm_ids).select_related("municipality")
    places: dict[int, list[dict]] = defaultdict(list)
    for site in sites.order_by("firm_id", "name", "id"):
        municipality = None if site.abroad else site.municipality
        country = countries.get(site.country)
        place = {
            # Abroad only the country: the address is not public.
            "name": str(municipality) if municipality else (country.name_it if country else ""),
            "name_en": str(municipality) if municipality else (country.name_en if country else ""),
            "locality": municipality.name if municipality else "",
            "municipality": municipality.pk if municipality else "",
            "country": site.country,
            "lat": round(site.lat, PLACE_DIGITS),
            "lon": round(site.lon, PLACE_DIGITS),
        }
        if place not in places[site.firm_id]:
            places[site.firm_id].append(place)
    links = Site.processes.through.objects.filter(site__firm_id__in=firm_ids).values_list(
        "site__firm_id", "process_id"
    )
    codes: dict[int, set[str]] = defaultdict(set)
    for firm_id, code in links:
        codes[firm_id].add(code)
    names = {
        p.code: p for p in Process.objects.filter(code__in={c for cs in codes.values() for c in cs})
    }
    processes = {
        firm_id: sorted(
            (
                {"code": code, "name_it": names[code].name_it, "name_en": names[code].name_en}
                for code in firm_codes
                if code in names
            ),
            key=lambda p: (p["name_it"].lower(), p["code"]),
        )
        for firm_id, firm_codes in codes.items()
    }
    return processes, places


def search_text(entry: ShowcaseEntry) -> str:
    """What the text search reads: name, products, presentation, processes, certificates and
    places, in both languages, lower case."""
    parts = [
        entry.name,
        entry.products_it,
        entry.products_en,
        entry.summary_it,
        entry.summary_en,
        *(p[f"name_{lang}"] for p in entry.processes for lang in ("it", "en")),
        *(c[f"name_{lang}"] for c in entry.certificates for lang in ("it", "en")),
        *(p[key] for p in entry.places for key in ("name", "name_en") if p.get(key)),
    ]
    return " ".join(" ".join(part.split()) for part in parts if part).lower()


def build_entry(
    firm: Firm,
    profile: PublicProfile,
    *,
    latest: dict | None,
    publication: ScorecardPublication | None,
    certificates: list[dict],
    processes: list[dict],
    places: list[dict],
    district_id: int | None = None,
) -> ShowcaseEntry:
    """An unsaved entry holding what this firm publishes (also the profile page's preview)."""
    entry = ShowcaseEntry(
        firm_id=firm.pk,
        name=firm.legal_name,
        summary_it=profile.summary_it.strip(),
        summary_en=profile.summary_en.strip(),
        products_it=profile.products_it.strip(),
        products_en=profile.products_en.strip(),
        capacity_it=profile.capacity_it.strip(),
        capacity_en=profile.capacity_en.strip(),
        website=firm.website if profile.show_website else "",
        grade=(latest or {}).get("grade", "") if publication and publication.show_grade else "",
        qualification=(latest or {}).get("qualification", ""),
        processes=processes if profile.show_processes else [],
        certificates=certificates if publication and publication.show_certificates else [],
        places=places if profile.show_municipality else [],
        accepts_contacts=profile.accepts_contacts,
    )
    if district_id is not None:
        entry.district_id = district_id
    entry.search_text = search_text(entry)
    return entry


def _build(firms: QuerySet[Firm], district_ids: set[int] | None = None) -> list[ShowcaseEntry]:
    """Unsaved entries of ``firms`` in their districts that have a showcase (or only in
    ``district_ids``)."""
    listed = PublicProfile.objects.filter(listed=True, firm__in=firms)
    profiles = {p.firm_id: p for p in listed.select_related("firm")}
    if not profiles:
        return []
    ids = listed.values("firm_id")
    latest = {k: v for k, v in _latest_scored(ids).items() if v["qualification"] in QUALIFIED}
    if not latest:
        return []
    showcases = Showcase.objects.values("district_id")
    if district_ids is not None:
        showcases = showcases.filter(district_id__in=district_ids)
    memberships = defaultdict(list)
    for firm_id, district_id in Firm.districts.through.objects.filter(
        firm_id__in=ids, district_id__in=showcases
    ).values_list("firm_id", "district_id"):
        memberships[firm_id].append(district_id)
    publications = {p.firm_id: p for p in ScorecardPublication.objects.filter(firm_id__in=ids)}
    today = timezone.localdate()
    versions = {firm_id: row["version_id"] for firm_id, row in latest.items()}
    certificates = _certificates(ids, versions, today)
    processes, places = _sites(ids)
    entries = []
    for firm_id, profile in profiles.items():
        if firm_id not in latest:
            continue
        for district_id in sorted(memberships.get(firm_id, ())):
            entries.append(
                build_entry(
                    profile.firm,
                    profile,
                    latest=latest[firm_id],
                    publication=publications.get(firm_id),
                    certificates=certificates.get(firm_id, []),
                    processes=processes.get(firm_id, []),
                    places=places.get(firm_id, []),
                    district_id=district_id,
                )
            )
    return entries


def preview_entry(firm: Firm, profile: PublicProfile) -> ShowcaseEntry:
    """The entry ``profile`` would give the firm now (not saved; listed and qualified or not)."""
    ids = [firm.pk]
    latest = _latest_scored(ids).get(firm.pk)
    publication = publication_of(firm)
    versions = {firm.pk: latest["version_id"]} if latest else {}
    processes, places = _sites(ids)
    return build_entry(
        firm,
        profile,
        latest=latest,
        publication=publication,
        certificates=_certificates(ids, versions, timezone.localdate()).get(firm.pk, []),
        processes=processes.get(firm.pk, []),
        places=places.get(firm.pk, []),
    )


# Writing entries ------------------------------------------------------------------------------


def _values(entry: ShowcaseEntry) -> tuple:
    return tuple(getattr(entry, name) for name in COMPARED)


@transaction.atomic
def _store(built: list[ShowcaseEntry], existing: QuerySet[ShowcaseEntry]) -> int:
    """Make ``existing`` (the entries in scope) equal to ``built``; returns rows changed."""
    now = timezone.now()
    current = {(e.district_id, e.firm_id): e for e in existing}
    changed_districts: set[int] = set()
    creates, updates = [], []
    for entry in built:
        key = (entry.district_id, entry.firm_id)
        old = current.pop(key, None)
        if old is None:
            entry.updated_at = now
            creates.append(entry)
        elif _values(old) != _values(entry):
            for name in COMPARED:
                setattr(old, name, getattr(entry, name))
            old.updated_at = now
            updates.append(old)
        else:
            continue
        changed_districts.add(entry.district_id)
    if current:
        ShowcaseEntry.objects.filter(pk__in=[e.pk for e in current.values()]).delete()
        changed_districts |= {district_id for district_id, _firm in current}
    ShowcaseEntry.objects.bulk_create(creates, batch_size=500)
    ShowcaseEntry.objects.bulk_update(updates, [*COMPARED, "updated_at"], batch_size=500)
    if changed_districts:
        # The search pages are cached under this stamp (see ``showcase_search``).
        Showcase.objects.filter(district_id__in=changed_districts).update(updated_at=now)
    return len(creates) + len(updates) + len(current)


def refresh_firm(firm_id: int) -> int:
    """Rebuild one firm's entries in all its districts; returns how many rows changed."""
    existing = ShowcaseEntry.objects.filter(firm_id=firm_id)
    if not PublicProfile.objects.filter(firm_id=firm_id, listed=True).exists():
        if not existing.exists():
            return 0
        return _store([], existing)
    return _store(_build(Firm.objects.filter(pk=firm_id)), existing)


def refresh_district(district_id: int) -> int:
    """Rebuild a district's whole directory at once; returns how many rows changed."""
    existing = ShowcaseEntry.objects.filter(district_id=district_id)
    firms = Firm.objects.filter(districts=district_id)
    return _store(_build(firms, {district_id}), existing)


def refresh_all() -> int:
    """Rebuild every district's directory (daily: certificates expire without any write)."""
    from filiera.registry.models import District

    changed = 0
    for district_id in District.objects.order_by("pk").values_list("pk", flat=True):
        changed += refresh_district(district_id)
    return changed


# The firm's choices ---------------------------------------------------------------------------


def profile_of(firm: Firm) -> PublicProfile:
    """The firm's profile, or an unsaved one with everything off (nothing public by default)."""
    return PublicProfile.objects.filter(firm=firm).first() or PublicProfile(firm=firm)


@transaction.atomic
def save_profile(actor, firm: Firm, **fields) -> PublicProfile:
    """Save what the firm publishes; the entries follow after the commit (signals)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = PublicProfile.objects.select_for_update().filter(firm=firm).first()
    created = profile is None
    if profile is None:
        profile = PublicProfile(firm=firm)
    before = audit.snapshot(profile, PROFILE_FIELDS)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else bool(value))
    changes = audit.diff({} if created else before, audit.snapshot(profile, PROFILE_FIELDS))
    if created or changes:
        profile.save()
        audit.record(actor, "public_profile", profile, changes=changes, firm_id=firm.pk)
    return profile


def standing(firm: Firm) -> dict:
    """Where the firm stands, for its profile page: qualified or not, and per district whether
    the showcase exists and is public and whether the firm is in it."""
    latest = _latest_scored([firm.pk]).get(firm.pk)
    in_showcase = set(ShowcaseEntry.objects.filter(firm=firm).values_list("district_id", flat=True))
    districts = []
    for district in firm.districts.select_related("showcase").order_by("name"):
        showcase = getattr(district, "showcase", None)
        districts.append(
            {
                "district": district,
                "has_showcase": showcase is not None,
                "published": bool(showcase and showcase.published),
                "listed": district.pk in in_showcase,
            }
        )
    return {
        "qualification": (latest or {}).get("qualification", ""),
        "qualified": bool(latest and latest["qualification"] in QUALIFIED),
        "districts": districts,
    }
