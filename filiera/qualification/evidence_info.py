"""Reads about evidence for pages: the catalogue a firm's documents are named from, the name of a
document's kind, and where it stands in its validity (valid, expiring, grace period, expired)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from filiera.qualification.methodology.schema import Methodology
from filiera.qualification.models import Evidence
from filiera.qualification.selectors import current_version
from filiera.registry.models import Firm

OTHER = "other"
EXPIRING_DAYS = 90  # from this many days before the end, a document shows as expiring
DEFAULT_GRACE_DAYS = 30


def catalogue_for(firm: Firm) -> Methodology | None:
    """The methodology in use for the firm: its first district's, else the shipped one."""
    version = current_version(firm.districts.order_by("id").first())
    return version.parsed() if version is not None else None


def kind_name(evidence: Evidence, catalogue: Methodology | None, language: str) -> str:
    """What the document is, in words: the catalogue's name, or the title of an "other"."""
    if evidence.certificate == OTHER:
        return evidence.title or _("Other document")
    certificate = catalogue.certificate(evidence.certificate) if catalogue else None
    return certificate.name.get(language) if certificate else evidence.certificate


@dataclass(frozen=True)
class Validity:
    """``code`` is ``valid``, ``expiring``, ``grace`` or ``expired``."""

    code: str
    days_left: int | None = None  # days until the end (expiring), or since it (grace, expired)
    until: date | None = None
    grace_until: date | None = None

    @property
    def rank(self) -> int:
        """Order for lists: what needs action first."""
        return {"grace": 0, "expiring": 1, "valid": 2, "expired": 3}[self.code]


def validity(evidence: Evidence, on: date, grace_days: int = DEFAULT_GRACE_DAYS) -> Validity:
    until = evidence.valid_until
    if until is None:
        return Validity("valid")
    left = (until - on).days
    if left < 0:
        grace_until = until + timedelta(days=grace_days)
        code = "grace" if on <= grace_until else "expired"
        return Validity(code, -left, until, grace_until)
    if left <= EXPIRING_DAYS:
        return Validity("expiring", left, until)
    return Validity("valid", left, until)


def grace_days(catalogue: Methodology | None) -> int:
    return catalogue.evidence_grace_days if catalogue is not None else DEFAULT_GRACE_DAYS
