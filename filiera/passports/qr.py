"""QR codes of passports: the GS1 Digital Link URI of a product, batch or item as SVG or PNG.

Codes use error correction level M and a quiet zone of 4 modules, as GS1 asks for QR codes
carrying a Digital Link.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings

from filiera.passports.engine import digital_link
from filiera.passports.models import Passport

QUIET_ZONE = 4  # modules of white around the code
ERROR_CORRECTION = "m"


def make(uri: str) -> segno.QRCode:
    """The QR code of ``uri`` (never a Micro QR: phones read only full QR codes)."""
    return segno.make(uri, error=ERROR_CORRECTION, micro=False, boost_error=False)


def qr_svg(uri: str, *, scale: int = 4, title: str = "") -> str:
    """The QR code of ``uri`` as an SVG document (black modules on white, quiet zone included)."""
    out = io.BytesIO()
    make(uri).save(
        out,
        kind="svg",
        scale=scale,
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=title or None,
        desc=uri,
    )
    return out.getvalue().decode()


def qr_png(uri: str, scale: int = 8) -> bytes:
    """The QR code of ``uri`` as a PNG image, ``scale`` pixels per module, quiet zone included."""
    out = io.BytesIO()
    make(uri).save(out, kind="png", scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
    return out.getvalue()


def version_page_uri(passport: Passport) -> str:
    """The address of this version's own public page on the resolver host."""
    return f"{settings.RESOLVER_URL}/passports/{passport.credential.uid}/"


def passport_uri(passport: Passport) -> str:
    """The address a passport's QR code carries: the GS1 Digital Link URI on the resolver host
    (``settings.RESOLVER_URL``) made of the product's GTIN, the batch's lot for a batch passport
    and the lot and serial number for an item passport.

    A product without a GTIN cannot have a Digital Link: its passports carry the address of the
    version's public page instead, ``{RESOLVER_URL}/passports/{credential uid}/``. So does a
    passport whose lot or serial number is not a valid GS1 value (the product pages refuse those,
    so only older data can have them)."""
    gtin = passport.product.gtin
    if not gtin:
        return version_page_uri(passport)
    lot = passport.batch.lot if passport.batch_id and passport.batch else None
    serial = passport.serial or None
    if passport.granularity == Passport.Granularity.MODEL:
        lot = serial = None
    try:
        return digital_link.uri(settings.RESOLVER_URL, gtin, lot, serial)
    except digital_link.DigitalLinkError:
        return version_page_uri(passport)
