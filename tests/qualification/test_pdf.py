"""The PDF scorecard: who may download it, what it holds, the QR code's address, Latin-1 text."""

from __future__ import annotations

import io

import pytest
import segno
from django.urls import reverse
from django.utils import translation

from filiera.qualification import pdf
from filiera.qualification.models import ScorecardPublication
from filiera.qualification.views import scorecard as scorecard_views
from filiera.qualification.views import scorecard_data as data

READERS = ("admin", "owner_a", "viewer_a", "manager", "verifier")
HIDDEN = ("owner_b", "brand_owner", "outsider", "prato_manager")


def _doc(**over) -> pdf.ScorecardDoc:
    values = {
        "firm_name": "Maglificio Alfa S.r.l.",
        "vat": "01234567890",
        "period": "2026",
        "district": "Distretto di Carpi",
        "methodology": "Filiera base, versione 1",
        "evaluated_on": "2 marzo 2026",
        "overall": "72,5",
        "grade": "B",
        "status": "Qualificata",
        "explanation": "Punteggio ≥ 51 → qualificata; costo “basso” 10 €",
        "public_url": "https://filiera.example/v/abc/",
        "areas": [pdf.AreaLine("Ambiente", "80,0", "B", "")],
        "assurance": [pdf.AssuranceLine("dichiarato", "10", "50 %")],
        "validity": "Valida fino al 1° aprile 2026 — controlla il QR…",
    }
    values.update(over)
    return pdf.ScorecardDoc(**values)


def test_latin1_replaces_what_the_core_font_cannot_print():
    assert pdf.latin1("10 € ≥ 5 → “sì” \u2013 già…") == '10 EUR >= 5 -> "sì" - già...'
    assert pdf.latin1("Łódź ✓") == "Lódz ?"
    assert pdf.latin1("perché è più") == "perché è più"


def test_the_builder_prints_every_text_even_outside_latin1():
    content = pdf.build_pdf(_doc(firm_name="Łódź Textiles € \u2013 “Alfa”"), compress=False)
    assert content.startswith(b"%PDF")
    assert 'Lódz Textiles EUR - "Alfa"'.encode("latin-1") in content
    assert b"%%EOF" in content[-10:]


def test_the_builder_writes_the_firm_areas_and_the_public_link():
    content = pdf.build_pdf(_doc(), compress=False)
    for text in (b"Maglificio Alfa S.r.l.", b"01234567890", b"Ambiente", b"Distretto di Carpi"):
        assert text in content
    assert b"https://filiera.example/v/abc/" in content  # link on the QR code and in the footer
    assert b"/Subtype /Image" in content


def test_compressed_output_is_smaller_and_still_a_pdf():
    plain = pdf.build_pdf(_doc(), compress=False)
    packed = pdf.build_pdf(_doc())
    assert packed.startswith(b"%PDF") and len(packed) < len(plain)


def test_the_qr_code_encodes_the_url_it_is_given():
    url = "https://filiera.example/v/abc/"
    png = pdf.qr_png(url)
    assert png.startswith(b"\x89PNG")
    expected = io.BytesIO()
    segno.make(url, error="m").save(expected, kind="png", scale=6, border=2)
    assert png == expected.getvalue()
    assert pdf.qr_png(url + "x") != png


# The download ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READERS)
def test_readers_download_the_pdf(request, name, verified_a, client_for, monkeypatch):
    seen: list[str] = []
    real = pdf.qr_png
    monkeypatch.setattr(pdf, "qr_png", lambda url: seen.append(url) or real(url))
    response = client_for(request.getfixturevalue(name)).get(
        reverse("assessment_scorecard_pdf", args=[verified_a.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.endswith('maglificio-alfa-srl-2026.pdf"')
    publication = ScorecardPublication.objects.get(firm=verified_a.firm)
    assert seen == [f"http://testserver/v/{publication.token}/"]


@pytest.mark.parametrize("name", HIDDEN)
def test_others_cannot_download_it(request, name, verified_a, firm_b, brand_c, client_for):
    response = client_for(request.getfixturevalue(name)).get(
        reverse("assessment_scorecard_pdf", args=[verified_a.pk])
    )
    assert response.status_code == 404
    assert not ScorecardPublication.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(verified_a, client_for):
    response = client_for(None).get(reverse("assessment_scorecard_pdf", args=[verified_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_first_download_makes_a_hidden_publication_once(verified_a, owner_a, client_for):
    client = client_for(owner_a)
    url = reverse("assessment_scorecard_pdf", args=[verified_a.pk])
    client.get(url)
    first = ScorecardPublication.objects.get(firm=verified_a.firm)
    assert not (first.show_grade or first.show_areas or first.show_certificates)
    client.get(url)
    assert ScorecardPublication.objects.get(firm=verified_a.firm).token == first.token


def test_the_document_holds_the_scorecard_in_the_readers_language(verified_a):
    with translation.override("it"):
        card = data.official_card(verified_a, "it")
        doc = scorecard_views.scorecard_doc(verified_a, card, "http://testserver/v/x/")
    assert doc.grade == verified_a.grade and doc.period == "2026"
    assert doc.areas[0].name == "Ambiente"
    assert doc.vat == verified_a.firm.vat_display
    content = pdf.build_pdf(doc, compress=False)
    assert b"Maglificio Alfa S.r.l." in content and b"Ambiente" in content
    with translation.override("en"):
        card = data.official_card(verified_a, "en")
        english = scorecard_views.scorecard_doc(verified_a, card, "http://testserver/v/x/")
    assert english.areas[0].name == "Environment"


def test_a_draft_prints_as_provisional(draft_a, owner_a, client_for):
    card = data.official_card(draft_a, "it")
    assert card.provisional
    doc = scorecard_views.scorecard_doc(draft_a, card, "http://testserver/v/x/")
    assert doc.provisional
    response = client_for(owner_a).get(reverse("assessment_scorecard_pdf", args=[draft_a.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
