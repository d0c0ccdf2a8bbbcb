"""What the public passport page shows, read for one request.

The version's own facts come from its credential (identifiers, version, issue date, signature,
revocation, the conformity credentials it links). The product's details (composition, steps,
care…) come from the product's records and are shown for the current version only: a superseded
version's details are those of its signed credential, linked from the page.

What each tier adds (``tiers``): the public sees supplier firms named only when they consented
(``in_passports``), facilities by their Filiera id and country, sites of suppliers that did not
consent placed only roughly on the map, substances by name, batch events as dates and steps. The
value chain also sees every supplier's name, substance details and batch quantities; authorities
also see the version history and the reasons for revocations.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language

from filiera.footprint import engine
from filiera.footprint.views import chart_for, method_facts, stage_rows
from filiera.passports import gather, selectors, tiers
from filiera.passports.models import Credential, Passport
from filiera.products import fibres
from filiera.products.models import Product
from filiera.registry import countries
from filiera.registry.models import Firm, Site

FOOTPRINT_CLAIM = "#environmental-cost"
# The credential rounds the total to 4 decimals.
SAME_TOTAL = 0.001
# Decimals kept of the coordinates of a site whose firm is not named (about 10 km).
ROUGH = 1


def is_english(lang: str | None = None) -> bool:
    return (lang or get_language() or "it").startswith("en")


def localized(italian: str, english: str, lang: str | None = None) -> str:
    return english if is_english(lang) and english else italian


def product_name(product: Product, lang: str | None = None) -> str:
    return localized(product.name, product.name_en, lang)


def verify_url(uid: object) -> str:
    try:
        base = reverse("verify_credential")
    except NoReverseMatch:
        base = "/verify/"
    return f"{base}?credential={uid}"


# Signatures ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _signature_matches(jwt: str, jwk: str, document: str) -> bool:
    import json

    from filiera.passports.engine import keys, vcjwt

    try:
        payload = vcjwt.verify_signature(jwt, json.loads(jwk))
    except (vcjwt.TokenError, vcjwt.SignatureError, keys.KeyFormatError, ValueError):
        return False
    return payload == json.loads(document)


def signature_ok(credential: Credential) -> bool:
    """The credential's JWT verifies with its issuer's key, the key is not revoked, and the
    signed payload is the stored document."""
    import json

    key = credential.key
    if key.revoked_at is not None or not credential.jwt:
        return False
    return _signature_matches(
        credential.jwt,
        json.dumps(key.public_jwk, sort_keys=True),
        json.dumps(credential.document, sort_keys=True),
    )


def _expired(credential: Credential, now: datetime) -> bool:
    return credential.valid_until is not None and credential.valid_until < now


# Sections -----------------------------------------------------------------------------------


def consented(firm: Firm) -> bool:
    publication = getattr(firm, "scorecard_publication", None)
    return bool(publication and publication.in_passports)


def _footprint_claim(document: dict[str, Any]) -> tuple[float, str] | None:
    """The signed footprint: (total, the method's name as signed), when the passport has one."""
    for claim in document.get("credentialSubject", {}).get("conformityClaim", []) or []:
        if str(claim.get("id", "")).endswith(FOOTPRINT_CLAIM):
            method = str((claim.get("referenceStandard") or {}).get("name", ""))
            for value in claim.get("declaredValue", []) or []:
                try:
                    return float(value["metricValue"]["value"]), method
                except (KeyError, TypeError, ValueError):
                    continue
    return None


def footprint(product: Product, credential: Credential) -> dict[str, Any] | None:
    """The footprint the passport signed, with the chart by stage when the product's stored
    result is still the one signed (the chart's figures are not in the credential)."""
    claim = _footprint_claim(credential.document)
    if claim is None:
        return None
    claimed, method_name = claim
    found = re.search(r"v(\d+(?:\.\d+)*)$", method_name)
    context: dict[str, Any] = {
        "method": method_facts(),
        "ecs": claimed,
        "version": found.group(1) if found else engine.VERSION,
    }
    stored = getattr(product, "footprint", None)
    if stored is not None and abs(stored.ecs - claimed) <= SAME_TOTAL:
        rows = stage_rows(stored.result)
        context |= {
            "rows": rows,
            "chart": chart_for(rows),
            "durability": float(stored.result.get("durability", {}).get("holistic", 1) or 1),
        }
    return context


def composition(product: Product, lang: str) -> dict[str, Any]:
    components = []
    for component in product.components.prefetch_related("fibres"):
        components.append(
            {
                "name": localized(component.name, component.name_en, lang),
                "fibres": [
                    {"key": f.fibre, "name": fibres.name(f.fibre, lang), "percent": f.percent}
                    for f in component.fibres.all()
                ],
            }
        )
    return {
        "components": components,
        "recycled_pre": product.recycled_pre_consumer,
        "recycled_post": product.recycled_post_consumer,
    }


def _place(site: Site, named: bool) -> dict[str, Any] | None:
    if site.lat is None or site.lon is None:
        return None
    lat, lon = (site.lat, site.lon) if named else (round(site.lat, ROUGH), round(site.lon, ROUGH))
    return {"lat": lat, "lon": lon, "exact": named}


def _site_name(site: Site | None, firm: Firm | None) -> str:
    """The site's own name when it says more than its firm's name."""
    if site is None or firm is None or site.name.startswith(firm.legal_name):
        return ""
    return site.name


def steps(product: Product, tier: str, facility_records: dict[int, Credential]) -> list[dict]:
    value_chain = tiers.allows(tier, tiers.VALUE_CHAIN)
    rows = []
    # The credential's links point to the steps as numbered in this order (#step-1…).
    for number, step in enumerate(gather.ordered_steps(product), start=1):
        site = step.site
        firm = site.firm if site is not None else None
        named = firm is not None and (value_chain or firm.pk == product.brand_id or consented(firm))
        code = step.effective_country
        record = facility_records.get(site.pk) if site is not None else None
        rows.append(
            {
                "number": number,
                "stage": step.stage,
                "stage_label": step.get_stage_display(),
                "process": step.process.name if step.process is not None else "",
                "country": code,
                "country_name": countries.name(code) if code else "",
                "started_on": step.started_on,
                "finished_on": step.finished_on,
                "facility_id": site.facility_id if site is not None else "",
                "firm": firm.legal_name if named and firm is not None else "",
                "site_name": _site_name(site, firm) if named else "",
                "place": _place(site, named) if site is not None else None,
                "record": record if value_chain else None,
            }
        )
    return rows


def map_points(rows: list[dict]) -> list[dict[str, Any]]:
    points = []
    for row in rows:
        if row["place"]:
            label = " · ".join(
                part
                for part in (row["process"] or row["stage_label"], row["firm"], row["facility_id"])
                if part
            )
            points.append({**row["place"], "label": label, "step": row["number"]})
    return points


def substances(product: Product, tier: str) -> list[dict[str, Any]]:
    detailed = tiers.allows(tier, tiers.VALUE_CHAIN)
    return [
        {
            "name": s.name,
            "cas": s.cas_number if detailed else "",
            "ec": s.ec_number if detailed else "",
            "concentration": s.concentration if detailed else None,
            "location": s.location if detailed else "",
        }
        for s in product.substances.all()
    ]


def _methodology_label(scope: dict[str, Any]) -> str:
    """The methodology and its version ("Filiera base v1"), the version said once."""
    name, version = str(scope.get("name", "")), str(scope.get("version", ""))
    if not version or name.endswith((f"v{version}", f" {version}")):
        return name
    return f"{name} v{version}"


def qualifications(passport: Passport, now: datetime) -> list[dict[str, Any]]:
    """The conformity credentials the passport links: one verified badge each."""
    result = []
    linked = passport.linked.filter(kind=Credential.Kind.DCC).select_related(
        "key", "site", "site__firm__scorecard_publication"
    )
    for credential in linked.order_by("id"):
        subject = credential.document.get("credentialSubject", {})
        scope = subject.get("scope", {}) or {}
        overall: dict[str, Any] = next(iter(subject.get("assessment", []) or []), {}) or {}
        grade = ""
        for value in overall.get("declaredValue", []) or []:
            grade = value.get("score", "") or grade
        site = credential.site
        result.append(
            {
                "credential": credential,
                "grade": grade,
                "methodology": _methodology_label(scope),
                "valid_until": credential.valid_until,
                "facility_id": site.facility_id if site is not None else "",
                "firm": site.firm.legal_name if site is not None else "",
                "verified": signature_ok(credential)
                and credential.revoked_at is None
                and not _expired(credential, now),
                "revoked": credential.revoked_at is not None,
                "expired": _expired(credential, now),
            }
        )
    return result


def events(passport: Passport, tier: str) -> list[dict[str, Any]]:
    batch = passport.batch
    if batch is None:
        return []
    detailed = tiers.allows(tier, tiers.VALUE_CHAIN)
    rows = []
    for event in batch.events.select_related("step__process", "step__site"):
        step = event.step
        rows.append(
            {
                "occurred_on": event.occurred_on,
                "step": step.process.name if step.process is not None else step.get_stage_display(),
                "quantity": event.quantity if detailed else None,
                "note": event.note if detailed else "",
                "facility_id": step.site.facility_id if detailed and step.site else "",
            }
        )
    return rows


def facility_records(passport: Passport) -> dict[int, Credential]:
    return {
        c.site_id: c
        for c in passport.linked.filter(kind=Credential.Kind.DFR, site__isnull=False)
        if c.site_id is not None
    }


def version_state(passport: Passport) -> dict[str, Any]:
    latest = selectors.latest_version(passport)
    return {
        "superseded": latest.pk != passport.pk,
        "latest": latest,
        "revoked_at": passport.credential.revoked_at,
    }


def page(request: Any, passport: Passport, tier: str, state: dict[str, Any]) -> dict[str, Any]:
    """The context of ``passports/public_passport.html``."""
    lang = "en" if is_english() else "it"
    product = passport.product
    credential = passport.credential
    now = timezone.now()
    current = not state["superseded"]
    image = product.images.first() if current else None
    context: dict[str, Any] = {
        "passport": passport,
        "credential": credential,
        "product": product,
        "tier": tier,
        "value_chain": tiers.allows(tier, tiers.VALUE_CHAIN),
        "authority": tiers.allows(tier, tiers.AUTHORITY),
        "name": product_name(product, lang),
        "description": localized(product.description, product.description_en, lang),
        "brand": product.brand.legal_name,
        "image": image,
        "image_alt": localized(image.alt, image.alt_en, lang) if image else "",
        "signature_ok": signature_ok(credential),
        "credential_url": reverse("credential", args=[credential.uid]),
        "verify_url": verify_url(credential.uid),
        "state": state,
        "current": current,
        "qualifications": qualifications(passport, now),
        "footprint": footprint(product, credential),
        "today": date.today(),
    }
    if current:
        records = facility_records(passport) if context["value_chain"] else {}
        step_rows = steps(product, tier, records)
        context |= {
            "composition": composition(product, lang),
            "steps": step_rows,
            "points": map_points(step_rows),
            "rough_points": any(not row["place"]["exact"] for row in step_rows if row["place"]),
            "care": localized(product.care, product.care_en, lang),
            "durability": localized(product.durability, product.durability_en, lang),
            "end_of_life": localized(product.end_of_life, product.end_of_life_en, lang),
            "substances": substances(product, tier),
            "events": events(passport, tier),
        }
    if context["authority"]:
        context["versions"] = list(
            selectors.versions(passport).select_related("credential__revoked_by")
        )
    return context
