"""The passport pages a person needs are reached from the pages they already use."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_district_managers_find_the_signing_key_and_authority_tokens(client_for, manager, carpi):
    body = client_for(manager).get(reverse("district_home", args=[carpi.slug])).content.decode()
    assert reverse("authority_tokens", args=[carpi.slug]) in body
    assert reverse("district_issuer", args=[carpi.slug]) in body


def test_verifiers_do_not_get_the_managers_links(client_for, verifier, carpi):
    body = client_for(verifier).get(reverse("district_home", args=[carpi.slug])).content.decode()
    assert reverse("authority_tokens", args=[carpi.slug]) not in body
    assert reverse("district_issuer", args=[carpi.slug]) not in body


def test_the_passports_page_leads_to_the_brand_signing_key(client_for, brand_owner, jumper):
    url = reverse("product_passports", args=[jumper.brand_id, jumper.pk])
    body = client_for(brand_owner).get(url).content.decode()
    assert reverse("firm_issuer", args=[jumper.brand_id]) in body
    assert reverse("passport_viewers", args=[jumper.brand_id]) in body
