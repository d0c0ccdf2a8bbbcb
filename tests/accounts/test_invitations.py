import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from filiera.registry.models import DistrictMembership, FirmMembership
from tests.conftest import PASSWORD


def _link_from_last_mail() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def test_owner_invites_an_editor_who_signs_up(owner_a, firm_a, client_for):
    client_for(owner_a).post(
        reverse("firm_members", args=[firm_a.pk]),
        {"action": "invite", "email": "nuova@example.test", "role": "editor"},
    )
    assert mail.outbox[-1].to == ["nuova@example.test"]
    link = _link_from_last_mail()
    visitor = client_for(None)
    response = visitor.post(
        link,
        {
            "first_name": "Nadia",
            "last_name": "Nuova",
            "password1": "tessuto-blu-42",
            "password2": "tessuto-blu-42",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nuova@example.test")
    assert FirmMembership.objects.get(user=user, firm=firm_a).role == "editor"
    assert visitor.get(reverse("firm_edit", args=[firm_a.pk])).status_code == 200
    # The link works once.
    assert client_for(None).get(link).status_code == 410


def test_signup_errors_name_the_field(owner_a, firm_a, client_for):
    client_for(owner_a).post(
        reverse("firm_members", args=[firm_a.pk]),
        {"action": "invite", "email": "x@example.test", "role": "viewer"},
    )
    response = client_for(None).post(
        _link_from_last_mail(),
        {"first_name": "X", "last_name": "Y", "password1": "abc", "password2": "abd"},
    )
    assert "password2" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="x@example.test").exists()


def test_manager_invites_a_verifier_with_an_existing_account(manager, outsider, carpi, client_for):
    client_for(manager).post(
        reverse("district_members", args=["carpi"]),
        {"action": "invite", "email": outsider.email, "role": "verifier"},
    )
    link = _link_from_last_mail()
    # Logged out: asked to log in first.
    assert reverse("login") in client_for(None).get(link).url
    client_for(outsider).post(link)
    assert DistrictMembership.objects.filter(
        user=outsider, district=carpi, role="verifier"
    ).exists()


def test_only_owners_and_managers_can_invite_to_a_firm(editor_a, owner_b, firm_a, client_for):
    for user in (editor_a, owner_b):
        response = client_for(user).post(
            reverse("firm_members", args=[firm_a.pk]),
            {"action": "invite", "email": "intruder@example.test", "role": "owner"},
        )
        assert response.status_code in (403, 404)
    assert mail.outbox == []


def test_the_last_owner_cannot_be_removed(owner_a, firm_a, client_for):
    membership = FirmMembership.objects.get(user=owner_a)
    response = client_for(owner_a).post(
        reverse("firm_members", args=[firm_a.pk]),
        {"action": "remove", "membership": membership.pk},
        follow=True,
    )
    assert FirmMembership.objects.filter(pk=membership.pk).exists()
    assert response.status_code == 200


def test_login_logout_and_password_reset(owner_a, client_for):
    client = client_for(None)
    response = client.post(reverse("login"), {"username": "owner_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("account")).status_code == 302
    client.post(reverse("password_reset"), {"email": owner_a.email})
    link = _link_from_last_mail()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "filo-rosso-2026", "new_password2": "filo-rosso-2026"},
    )
    assert client.login(username="owner_a", password="filo-rosso-2026")


def test_api_tokens_are_shown_once_and_can_be_revoked(owner_a, client_for):
    client = client_for(owner_a)
    page = client.post(reverse("account"), {"name": "gestionale"}).content.decode()
    key = re.search(r'<code id="new-token">(fil_[^<]+)</code>', page).group(1)
    token = owner_a.api_tokens.get()
    assert key[4:12] == token.prefix and key not in client.get(reverse("account")).content.decode()
    client.post(reverse("revoke_token", args=[token.pk]))
    assert not owner_a.api_tokens.exists()


def test_the_last_owner_cannot_be_demoted_but_a_second_owner_can(
    owner_a, editor_a, firm_a, client_for
):
    from filiera.registry.models import FirmMembership

    client = client_for(owner_a)
    url = reverse("firm_members", args=[firm_a.pk])
    mine = FirmMembership.objects.get(user=owner_a)
    client.post(url, {"action": "role", "membership": mine.pk, "role": "viewer"})
    assert FirmMembership.objects.get(pk=mine.pk).role == "owner"
    theirs = FirmMembership.objects.get(user=editor_a)
    client.post(url, {"action": "role", "membership": theirs.pk, "role": "owner"})
    client.post(url, {"action": "role", "membership": mine.pk, "role": "viewer"})
    assert FirmMembership.objects.get(pk=mine.pk).role == "viewer"
    assert FirmMembership.objects.get(pk=theirs.pk).role == "owner"


def test_a_manager_removes_a_verifier_and_it_is_audited(manager, verifier, carpi, client_for):
    from filiera.core.models import AuditEvent
    from filiera.registry.models import DistrictMembership

    membership = DistrictMembership.objects.get(user=verifier)
    client_for(manager).post(
        reverse("district_members", args=["carpi"]),
        {"action": "remove", "membership": membership.pk},
    )
    assert not DistrictMembership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action="remove_member").district_id == carpi.pk
