"""A visitor writes to a listed firm: the message reaches the firm's people by e-mail without the
page ever showing an address; robots, floods and bad input are refused."""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.district.models import ContactRequest
from filiera.district.services import contact
from filiera.district.services import showcase as services
from tests.district.conftest import list_firm
from tests.district.factories_showcase import FIRM_EMAIL, clear_cache, published_a

pytestmark = pytest.mark.usefixtures("clear_cache")
__all__ = ["clear_cache", "published_a"]

MESSAGE = {
    "name": "Giulia Compratrice",
    "company": "Buyer zxqcompany",
    "email": "giulia-zxqvisitor@buyer.example",
    "message": "Vorrei un preventivo per 500 maglioni zxqmessage.",
}


def url(firm, lang: str = "") -> str:
    return f"{lang}/showcase/carpi/firms/{firm.pk}/"


@pytest.fixture
def people(owner_a, editor_a, viewer_a):
    return owner_a, editor_a, viewer_a


def test_message_reaches_the_firm_by_e_mail(client, published_a, firm_a, people, mailoutbox):
    page = client.get(url(firm_a))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(url(firm_a), MESSAGE)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{url(firm_a)}?sent=1#contact")
    saved = ContactRequest.objects.get()
    assert (saved.firm, saved.district.slug, saved.email) == (firm_a, "carpi", MESSAGE["email"])
    assert saved.message == MESSAGE["message"] and saved.language == "it"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted(
        [FIRM_EMAIL, "owner_a@example.test", "editor_a@example.test"]
    )  # the viewer gets none
    assert mail.reply_to == [MESSAGE["email"]]
    assert MESSAGE["message"] in mail.body and "zxqcompany" in mail.body
    assert f"/firms/{firm_a.pk}/contacts/" in mail.body
    thanks = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'role="status"' in thanks
    event = AuditEvent.objects.get(action="contact_request")
    assert event.firm_id == firm_a.pk and "Giulia" not in event.object_repr


def test_no_page_shows_an_address_or_a_message(client, published_a, firm_a, people):
    client.post(url(firm_a), MESSAGE)
    for path in (
        "/showcase/carpi/",
        "/showcase/carpi/firms/",
        url(firm_a),
        url(firm_a, "/en"),
        "/en/showcase/carpi/firms/",
    ):
        html = client.get(path).content.decode()
        for secret in (FIRM_EMAIL, "owner_a@example.test", "zxqvisitor", "zxqmessage"):
            assert secret not in html, (path, secret)


def test_honeypot_sends_nothing(client, published_a, firm_a, mailoutbox):
    response = client.post(url(firm_a), {**MESSAGE, "leave_empty": "http://spam.example"})
    assert response.status_code == 302  # a robot learns nothing
    assert not ContactRequest.objects.exists() and not mailoutbox


def test_rate_limit_per_address(client, published_a, firm_a, mailoutbox):
    for _ in range(contact.RATE_LIMIT):
        assert client.post(url(firm_a), MESSAGE).status_code == 302
    response = client.post(url(firm_a, "/en"), MESSAGE)
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert ContactRequest.objects.count() == contact.RATE_LIMIT
    other = client.post(url(firm_a), MESSAGE, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302  # another visitor is not held back


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("email", "not-an-address", "Your e-mail"),
        ("name", "", "Your name"),
        ("message", "hi", "Message"),
        ("message", "x" * 4001, "Message"),
    ],
)
def test_bad_input_names_the_field(client, published_a, firm_a, mailoutbox, field, value, label):
    response = client.post(url(firm_a, "/en"), {**MESSAGE, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please check these fields:" in html and label in html
    assert 'aria-invalid="true"' in html
    assert not ContactRequest.objects.exists() and not mailoutbox


def test_firm_that_takes_no_messages(client, published_a, firm_a):
    list_firm(firm_a, accepts_contacts=False)
    services.refresh_firm(firm_a.pk)
    html = client.get(url(firm_a)).content.decode()
    assert '<form method="post"' not in html
    assert client.post(url(firm_a), MESSAGE).status_code == 405
    assert not ContactRequest.objects.exists()


def test_client_address_behind_a_local_proxy(rf):
    direct = rf.get("/", REMOTE_ADDR="151.1.2.3", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert contact.client_address(direct) == "151.1.2.3"  # forged header ignored
    proxied = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7")
    assert contact.client_address(proxied) == "198.51.100.7"
