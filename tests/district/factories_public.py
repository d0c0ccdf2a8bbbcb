"""Helpers of the showcase settings, news, open-data and public-walk tests.

- ``showcase(district, published=True, **fields)``: the district's showcase;
- ``entry(district, firm, **fields)``: a directory entry written straight to the database
  (what ``services.showcase`` would build from published data);
- ``news(district, published=True, **fields)``: a news item;
- ``build_world(...)``: a district whose every part holds published data and private data,
  each carrying a marker string (``PUBLIC`` and ``PRIVATE`` list them), for the walk test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from filiera.district.models import (
    ContactRequest,
    Event,
    GoodPractice,
    Network,
    NetworkDocument,
    NetworkMember,
    NewsItem,
    Registration,
    Showcase,
    ShowcaseEntry,
)
from filiera.registry import services as registry
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import District, Firm, Municipality, Site
from tests.district.conftest import certificate, list_firm, publish, scored


def showcase(district: District, *, published: bool = True, **fields) -> Showcase:
    values = {
        "published": published,
        "headline_it": "Il distretto della maglieria",
        "headline_en": "The knitwear district",
        "story_it": "Carpi lavora la maglia da settant'anni.",
        "story_en": "Carpi has been knitting for seventy years.",
        **fields,
    }
    found, _ = Showcase.objects.update_or_create(district=district, defaults=values)
    return found


def entry(district: District, firm: Firm, **fields) -> ShowcaseEntry:
    values = {
        "name": firm.legal_name,
        "grade": "B",
        "qualification": "qualified",
        "website": "https://alfa.example.test/",
        "processes": [{"code": "MU.KNIT_TO_SHAPE", "name_it": "Maglieria", "name_en": "Knitting"}],
        "certificates": [
            {
                "code": "iso_14001",
                "name_it": "ISO 14001 - Sistema di gestione ambientale",
                "name_en": "ISO 14001 - Environmental management system",
                "valid_until": "2027-06-30",
            }
        ],
        "places": [
            {
                "name": "Carpi (MO)",
                "name_en": "Carpi (MO)",
                "locality": "Carpi",
                "municipality": "036005",
                "country": "IT",
                "lat": 44.78,
                "lon": 10.88,
            }
        ],
        **fields,
    }
    found, _ = ShowcaseEntry.objects.update_or_create(district=district, firm=firm, defaults=values)
    return found


def news(district: District, *, published: bool = True, days_ago: int = 0, **fields) -> NewsItem:
    values = {
        "title_it": "Notizia",
        "title_en": "News",
        "body_it": "Testo della notizia.",
        "body_en": "Text of the news.",
        "published": published,
        "published_on": timezone.localdate() - timedelta(days=days_ago) if published else None,
        **fields,
    }
    return NewsItem.objects.create(district=district, **values)


def local_path(url: str) -> str:
    """The path (and query) of an absolute address made from SITE_URL."""
    assert url.startswith(settings.SITE_URL), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# The walk test's district ----------------------------------------------------------------------


@dataclass
class World:
    district: District
    listed: Firm  # listed, everything published
    partial: Firm  # listed, some flags off
    unlisted: Firm  # qualified, not listed
    public: dict[str, str] = field(default_factory=dict)  # what → marker that must appear
    private: dict[str, str] = field(default_factory=dict)  # what → marker that must not
    ids: dict[str, int] = field(default_factory=dict)


def _firm(name: str, serial: int, district: District, processes=("MU.KNIT_TO_SHAPE",), **extra):
    firm = registry.create_firm(
        None,
        districts=[district],
        ateco=["14.10.20"],
        legal_name=name,
        vat=italian_vat(serial),
        role="subcontractor",
        employees=extra.pop("employees", 9),
        **extra,
    )
    registry.create_site(
        None,
        firm,
        name=f"Stabilimento riservato {serial}",
        address=f"Via Riservata {serial}",
        municipality=Municipality.objects.get(pk="036005"),
        processes=list(processes),
    )
    return firm


def build_world(carpi: District, make_user) -> World:
    """A published showcase with published and private data in every part."""
    from filiera.district.services.showcase import refresh_district

    w = World(district=carpi, listed=None, partial=None, unlisted=None)  # type: ignore[arg-type]
    showcase(
        carpi,
        headline_it="PUBMARK-HEADLINE-IT",
        headline_en="PUBMARK-HEADLINE-EN",
        story_it="PUBMARK-STORY-IT",
        story_en="PUBMARK-STORY-EN",
    )
    # A listed firm that publishes everything; private fields carry markers.
    w.listed = _firm(
        "Maglificio PUBMARK-LISTED S.r.l.",
        5001,
        carpi,
        email="privmark-firm-email@example.test",
        turnover_eur=7_654_321,
        description_it="PRIVMARK-FIRM-DESCRIPTION",
        rea="MO-PRIVMARK1",
        website="https://pubmark-website.example.test/",
    )
    scored(w.listed, grade="B", qualification="qualified")
    certificate(
        w.listed,
        "iso_14001",
        days=400,
        title="PRIVMARK-EVIDENCE-TITLE",
        number="PRIVMARK-CERT-NUMBER",
        file_name="privmark-evidence-a.pdf",
    )
    publish(w.listed, grade=True, certificates=True)
    list_firm(
        w.listed,
        summary_it="PUBMARK-SUMMARY-IT",
        summary_en="PUBMARK-SUMMARY-EN",
        products_it="PUBMARK-PRODUCTS-IT",
        products_en="PUBMARK-PRODUCTS-EN",
    )
    # A listed firm that hides its grade, certificates, processes, website and places.
    w.partial = _firm(
        "Ricamificio PUBMARK-PARTIAL S.n.c.",
        5002,
        carpi,
        processes=("MU.EMBROIDERY",),
        website="https://privmark-hidden-website.example.test/",
    )
    scored(w.partial, grade="D", qualification="qualified_with_plan")
    certificate(w.partial, "gots", days=200, title="PRIVMARK-EVIDENCE-B")
    publish(w.partial, grade=False, certificates=False)
    list_firm(
        w.partial,
        summary_it="PUBMARK-PARTIAL-SUMMARY",
        show_processes=False,
        show_website=False,
        show_municipality=False,
        accepts_contacts=False,
    )
    # Qualified but not listed; listed but not qualified.
    w.unlisted = _firm("Maglieria PRIVMARK-UNLISTED", 5003, carpi)
    scored(w.unlisted, grade="A", qualification="qualified")
    publish(w.unlisted)
    list_firm(w.unlisted, listed=False, summary_it="PRIVMARK-UNLISTED-SUMMARY")
    unqualified = _firm("Tessitura PRIVMARK-UNQUALIFIED", 5004, carpi)
    scored(unqualified, grade="E", qualification="not_qualified")
    list_firm(unqualified, summary_it="PRIVMARK-UNQUALIFIED-SUMMARY")
    # A district whose showcase is not published: nothing of it is public.
    hidden = District.objects.create(name="Distretto PRIVMARK-HIDDEN", slug="nascosto")
    showcase(hidden, published=False, story_it="PRIVMARK-HIDDEN-STORY")
    hidden_firm = _firm("Confezioni PRIVMARK-HIDDEN-FIRM", 5005, hidden)
    scored(hidden_firm)
    list_firm(hidden_firm)
    ContactRequest.objects.create(
        firm=w.listed,
        district=carpi,
        name="PRIVMARK-VISITOR",
        email="privmark-visitor@example.test",
        message="PRIVMARK-CONTACT-MESSAGE",
    )
    refresh_district(carpi.pk)
    refresh_district(hidden.pk)
    # News.
    published = news(
        carpi,
        title_it="PUBMARK-NEWS-IT",
        title_en="PUBMARK-NEWS-EN",
        body_it="PUBMARK-NEWS-BODY-IT",
        body_en="PUBMARK-NEWS-BODY-EN",
    )
    draft = news(
        carpi, published=False, title_it="PRIVMARK-DRAFT-NEWS", body_it="PRIVMARK-DRAFT-NEWS-BODY"
    )
    news(hidden, title_it="PRIVMARK-HIDDEN-NEWS", body_it="PRIVMARK-HIDDEN-NEWS")
    w.ids.update(news=published.pk, draft_news=draft.pk)
    # Good practices.
    practice = GoodPractice.objects.create(
        title_it="PUBMARK-PRACTICE-IT",
        title_en="PUBMARK-PRACTICE-EN",
        summary_it="PUBMARK-PRACTICE-SUMMARY-IT",
        summary_en="PUBMARK-PRACTICE-SUMMARY-EN",
        theme=GoodPractice.Theme.ECO_INNOVATION,
        district=carpi,
        firm=w.unlisted,
        firm_consents=False,
        status=GoodPractice.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    draft_practice = GoodPractice.objects.create(
        title_it="PRIVMARK-DRAFT-PRACTICE",
        title_en="PRIVMARK-DRAFT-PRACTICE-EN",
        summary_it="PRIVMARK-DRAFT-PRACTICE-SUMMARY",
        summary_en="PRIVMARK-DRAFT-PRACTICE-SUMMARY",
        theme=GoodPractice.Theme.NETWORKS,
        district=carpi,
    )
    w.ids.update(practice=practice.pk, draft_practice=draft_practice.pk)
    # Networks.
    network = Network.objects.create(
        district=carpi,
        name="Rete PUBMARK-NETWORK",
        kind=Network.Kind.CONTRACT,
        purpose_it="PUBMARK-NETWORK-PURPOSE-IT",
        purpose_en="PUBMARK-NETWORK-PURPOSE-EN",
        public=True,
    )
    NetworkMember.objects.create(network=network, firm=w.listed, role=NetworkMember.Role.LEAD)
    NetworkMember.objects.create(network=network, firm=w.unlisted, role=NetworkMember.Role.MEMBER)
    NetworkDocument.objects.create(
        network=network, title="PRIVMARK-NETWORK-DOCUMENT", file="networks/x.pdf"
    )
    private_network = Network.objects.create(
        district=carpi,
        name="Rete PRIVMARK-PRIVATE-NETWORK",
        kind=Network.Kind.INFORMAL,
        purpose_it="PRIVMARK-PRIVATE-NETWORK-PURPOSE",
    )
    w.ids.update(network=network.pk, private_network=private_network.pk)
    # Events.
    start = timezone.now() + timedelta(days=10)
    event = Event.objects.create(
        district=carpi,
        kind=Event.Kind.SEMINAR,
        title_it="PUBMARK-EVENT-IT",
        title_en="PUBMARK-EVENT-EN",
        description_it="PUBMARK-EVENT-DESCRIPTION-IT",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        public=True,
        capacity=30,
    )
    hidden_event = Event.objects.create(
        district=carpi,
        kind=Event.Kind.LAB,
        title_it="PRIVMARK-HIDDEN-EVENT",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    # A public event that was cancelled: out of the sitemap and the calendar page (the ICS
    # feed keeps it, marked cancelled, so that subscribed calendars drop it).
    cancelled = Event.objects.create(
        district=carpi,
        kind=Event.Kind.TRAINING,
        title_it="Corso annullato",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        public=True,
        cancelled=True,
    )
    registrant = make_user("privmark_registrant", first_name="PRIVMARK-REGISTRANT")
    Registration.objects.create(event=event, user=registrant, firm=w.listed)
    w.ids.update(event=event.pk, hidden_event=hidden_event.pk, cancelled_event=cancelled.pk)

    site = Site.objects.filter(firm=w.listed).first()
    w.public = {
        "headline": "PUBMARK-HEADLINE-IT",
        "headline_en": "PUBMARK-HEADLINE-EN",
        "story": "PUBMARK-STORY-IT",
        "story_en": "PUBMARK-STORY-EN",
        "listed firm": "PUBMARK-LISTED",
        "partial firm": "PUBMARK-PARTIAL",
        "summary": "PUBMARK-SUMMARY-IT",
        "summary_en": "PUBMARK-SUMMARY-EN",
        "products": "PUBMARK-PRODUCTS-IT",
        "website": "pubmark-website.example.test",
        "news": "PUBMARK-NEWS-IT",
        "news_en": "PUBMARK-NEWS-EN",
        "news body": "PUBMARK-NEWS-BODY-IT",
        "practice": "PUBMARK-PRACTICE-IT",
        "practice_en": "PUBMARK-PRACTICE-EN",
        "network": "PUBMARK-NETWORK",
        "event": "PUBMARK-EVENT-IT",
        "event_en": "PUBMARK-EVENT-EN",
    }
    w.private = {
        "firm e-mail": "privmark-firm-email",
        "firm description": "PRIVMARK-FIRM-DESCRIPTION",
        "REA": "PRIVMARK1",
        "VAT": w.listed.vat,
        "VAT of the partial firm": w.partial.vat,
        "turnover": "7654321",
        "turnover (formatted)": "7.654.321",
        "turnover (formatted, en)": "7,654,321",
        "site name": "Stabilimento riservato",
        "site address": "Via Riservata",
        "facility id": site.facility_id,
        "evidence title": "PRIVMARK-EVIDENCE",
        "certificate number": "PRIVMARK-CERT-NUMBER",
        "hidden website": "privmark-hidden-website",
        "unlisted firm": "PRIVMARK-UNLISTED",
        "unqualified firm": "PRIVMARK-UNQUALIFIED",
        "unpublished showcase": "PRIVMARK-HIDDEN",
        "contact request": "PRIVMARK-CONTACT-MESSAGE",
        "contact visitor": "PRIVMARK-VISITOR",
        "draft news": "PRIVMARK-DRAFT-NEWS",
        "draft practice": "PRIVMARK-DRAFT-PRACTICE",
        "network document": "PRIVMARK-NETWORK-DOCUMENT",
        "private network": "PRIVMARK-PRIVATE-NETWORK",
        "hidden event": "PRIVMARK-HIDDEN-EVENT",
        "registrant": "PRIVMARK-REGISTRANT",
        "registrant login": "privmark_registrant",
    }
    return w
