"""did:web ↔ URL rules, DID documents, finding a key."""

from __future__ import annotations

import pytest

from filiera.passports.engine import did


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://filiera.example", ("issuers", "carpi"), "did:web:filiera.example:issuers:carpi"),
        (
            "http://127.0.0.1:8000",
            ("issuers", "brand-3"),
            "did:web:127.0.0.1%3A8000:issuers:brand-3",
        ),
        ("https://Filiera.Example/", (), "did:web:filiera.example"),
        ("https://w3c-ccg.github.io", ("user", "alice"), "did:web:w3c-ccg.github.io:user:alice"),
    ],
)
def test_did_for_a_base_url(base, path, expected):
    assert did.did_web(base, *path) == expected


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
        (
            "did:web:filiera.example:issuers:district-carpi",
            "https://filiera.example/issuers/district-carpi/did.json",
        ),
    ],
)
def test_document_url(name, url):
    assert did.document_url(name) == url


def test_parse_gives_host_port_and_path():
    parsed = did.parse("did:web:Example.com%3A8443:issuers:brand-3")
    assert parsed == did.DidWeb("example.com", 8443, ("issuers", "brand-3"))
    assert parsed.authority == "example.com:8443"


@pytest.mark.parametrize(
    "name",
    [
        "did:key:z6Mk",
        "did:web:",
        "did:web:exa mple.com",
        "did:web:example.com#key-1",
        "did:web:example.com/path",
        "did:web:example.com%3Ahttp",
        "did:web:example.com%3A99999",
        "did:web:example.com::x",
        "https://example.com",
    ],
)
def test_not_a_did_web(name):
    with pytest.raises(did.DidError):
        did.parse(name)


def test_did_web_refuses_a_url_without_host():
    with pytest.raises(did.DidError):
        did.did_web("file:///tmp")


ISSUER = "did:web:filiera.example:issuers:brand-3"
JWK_A = {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43}
JWK_B = {"kty": "OKP", "crv": "Ed25519", "x": "B" * 43}


def test_the_document_lists_every_usable_key_as_assertion_method():
    document = did.build_document(
        ISSUER, [did.DidKey("old", JWK_A, active=False), did.DidKey("new", JWK_B)]
    )
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/jwk/v1",
    ]
    assert document["id"] == ISSUER
    assert document["verificationMethod"] == [
        {"id": ISSUER + "#new", "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": JWK_B},
        {"id": ISSUER + "#old", "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": JWK_A},
    ]
    assert document["assertionMethod"] == [ISSUER + "#new", ISSUER + "#old"]
    assert document["authentication"] == [ISSUER + "#new"]


def test_find_key():
    document = did.build_document(ISSUER, [did.DidKey("k1", JWK_A), did.DidKey("k2", JWK_B)])
    assert did.find_key(document, ISSUER + "#k1") == JWK_A
    assert did.find_key(document, ISSUER + "#k2") == JWK_B
    assert did.find_key(document, ISSUER + "#k3") is None
    # A key of another DID, even if the document lists it, is not this DID's key.
    assert did.find_key(document, "did:web:other.example#k1") is None


def test_find_key_accepts_relative_and_embedded_methods():
    document = {
        "id": ISSUER,
        "verificationMethod": [{"id": "#k1", "type": "JsonWebKey", "publicKeyJwk": JWK_A}],
        "assertionMethod": [
            "#k1",
            {"id": ISSUER + "#k2", "type": "JsonWebKey", "publicKeyJwk": JWK_B},
        ],
    }
    assert did.find_key(document, ISSUER + "#k1") == JWK_A
    assert did.find_key(document, ISSUER + "#k2") == JWK_B


def test_a_key_that_is_not_an_assertion_method_is_not_found():
    document = {
        "id": ISSUER,
        "verificationMethod": [{"id": ISSUER + "#k1", "publicKeyJwk": JWK_A}],
        "authentication": [ISSUER + "#k1"],
    }
    assert did.find_key(document, ISSUER + "#k1") is None
