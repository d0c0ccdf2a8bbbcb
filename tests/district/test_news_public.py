"""Public news: published only, newest first, paginated, in the page's language."""

from __future__ import annotations

from django.urls import reverse

from filiera.district.public import public_url
from tests.district.factories_public import news, showcase


def test_urls():
    assert reverse("showcase_news", kwargs={"slug": "carpi"}) == "/showcase/carpi/news/"
    assert (
        public_url("showcase_news_item", "en", slug="carpi", pk=3) == "/en/showcase/carpi/news/3/"
    )


def test_list_shows_published_newest_first(client, carpi):
    showcase(carpi)
    news(carpi, title_it="Vecchia", days_ago=30)
    news(carpi, title_it="Recente", days_ago=1)
    news(carpi, published=False, title_it="Bozza segreta")
    response = client.get("/showcase/carpi/news/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Recente") < body.index("Vecchia")
    assert "Bozza segreta" not in body
    assert response["Content-Language"] == "it"
    assert not response.cookies


def test_list_in_english_falls_back_to_italian(client, carpi):
    showcase(carpi)
    news(carpi, title_it="Solo italiano", title_en="", body_en="")
    news(carpi, title_it="Doppia", title_en="Both languages")
    body = client.get("/en/showcase/carpi/news/").content.decode()
    assert "Solo italiano" in body and "Both languages" in body
    assert "Doppia" not in body
    assert '<html lang="en">' in body


def test_list_is_paginated(client, carpi):
    showcase(carpi)
    for n in range(12):
        news(carpi, title_it=f"Notizia numero {n:02d}", days_ago=n)
    first = client.get("/showcase/carpi/news/").content.decode()
    second = client.get("/showcase/carpi/news/?page=2").content.decode()
    assert "Notizia numero 00" in first and "Notizia numero 10" not in first
    assert "Notizia numero 10" in second and "Notizia numero 11" in second


def test_item_page(client, carpi):
    showcase(carpi)
    item = news(carpi, title_it="Titolo", body_it="Primo paragrafo.\n\nSecondo <b>paragrafo</b>.")
    response = client.get(f"/showcase/carpi/news/{item.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<p>Primo paragrafo.</p>" in body
    assert "&lt;b&gt;paragrafo&lt;/b&gt;" in body
    assert 'property="og:type" content="article"' in body
    assert f'hreflang="en" href="http://127.0.0.1:8000/en/showcase/carpi/news/{item.pk}/"' in body
    english = client.get(f"/en/showcase/carpi/news/{item.pk}/")
    assert english.status_code == 200 and "Text of the news." in english.content.decode()


def test_unpublished_news_is_404(client, carpi):
    showcase(carpi)
    item = news(carpi, published=False, title_it="Bozza")
    assert client.get(f"/showcase/carpi/news/{item.pk}/").status_code == 404
    assert client.get(f"/en/showcase/carpi/news/{item.pk}/").status_code == 404


def test_news_of_another_district_is_404(client, carpi, prato):
    showcase(carpi)
    showcase(prato)
    item = news(prato, title_it="Di Prato")
    assert client.get(f"/showcase/carpi/news/{item.pk}/").status_code == 404
    assert client.get(f"/showcase/prato/news/{item.pk}/").status_code == 200


def test_unpublished_showcase_is_404(client, carpi):
    showcase(carpi, published=False)
    item = news(carpi)
    assert client.get("/showcase/carpi/news/").status_code == 404
    assert client.get(f"/showcase/carpi/news/{item.pk}/").status_code == 404


def test_district_without_showcase_is_404(client, carpi):
    assert client.get("/showcase/carpi/news/").status_code == 404
    assert client.get("/showcase/nowhere/news/").status_code == 404
