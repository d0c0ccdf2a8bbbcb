"""Bitstring Status List: bit order, GZIP + multibase base64url encoding, the list credential and
the entry of a credential."""

from __future__ import annotations

import base64
import gzip

import pytest

from filiera.passports.engine import status_list as sl

# The spec's example encodedList: an empty list of 131,072 bits.
SPEC_EMPTY = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_index_zero_is_the_most_significant_bit_of_the_first_byte():
    bits = sl.new_bits()
    for index in (0, 9, 14, 131_071):
        bits = sl.set_bit(bits, index)
    # Byte 0: index 0 → 0b1000_0000. Byte 1: indexes 8..15; 9 → 0b0100_0000, 14 → 0b0000_0010.
    assert bits[0] == 0b1000_0000
    assert bits[1] == 0b0100_0010
    assert bits[-1] == 0b0000_0001  # the last index is the right-most bit
    assert sum(bin(b).count("1") for b in bits) == 4
    assert [sl.get_bit(bits, i) for i in (0, 1, 8, 9, 14, 15, 131_070, 131_071)] == [
        True,
        False,
        False,
        True,
        True,
        False,
        False,
        True,
    ]


def test_clearing_a_bit_and_copying():
    bits = sl.set_bit(sl.new_bits(), 3)
    assert sl.set_bit(bits, 3, False) == sl.new_bits()
    assert not any(sl.new_bits())  # the original is untouched


def test_a_list_has_at_least_131072_bits():
    assert len(sl.new_bits()) * 8 == 131_072
    with pytest.raises(ValueError):
        sl.new_bits(8000)
    with pytest.raises(sl.StatusListError, match="outside"):
        sl.get_bit(sl.new_bits(), 131_072)


def test_encoding_is_gzip_then_multibase_base64url_without_padding():
    bits = sl.set_bit(sl.set_bit(sl.new_bits(), 0), 1000)
    encoded = sl.encode(bits)
    assert encoded.startswith("u") and "=" not in encoded
    assert "+" not in encoded and "/" not in encoded
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bits
    assert sl.decode(encoded) == bits
    assert sl.encode(bits) == encoded  # no timestamp in the GZIP header


def test_the_specs_example_list_decodes_to_an_empty_list():
    bits = sl.decode(SPEC_EMPTY)
    assert len(bits) * 8 == 131_072 and not any(bits)


def b64(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("encoded", "fragment"),
    [
        ("H4sIAAAA", "start with"),
        ("u!!!!", "base64url"),
        (b64(b"not gzip at all"), "GZIP"),
        (b64(gzip.compress(bytes(100), mtime=0)), "at least"),
        (b64(gzip.compress(bytes(16384), mtime=0)[:-12]), "cut short"),
        (b64(gzip.compress(bytes(2_000_000), mtime=0)), "too large"),
    ],
    ids=["no-multibase-prefix", "not-base64url", "not-gzip", "too-short", "cut-short", "too-large"],
)
def test_bad_lists_are_named(encoded, fragment):
    with pytest.raises(sl.StatusListError) as raised:
        sl.decode(encoded)
    assert fragment in str(raised.value)


def test_the_entry_of_a_credential():
    url = "https://filiera.example/credentials/status/brand-3/1"
    assert sl.entry(url, 94567) == {
        "id": url + "#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": url,
    }
    assert sl.read_entry(sl.entry(url, 5)) == (url, 5, "revocation")


@pytest.mark.parametrize(
    "change",
    [
        {"type": "StatusList2021Entry"},
        {"statusListIndex": 5},
        {"statusListIndex": "05"},
        {"statusListIndex": "-1"},
        {"statusListCredential": ""},
        {"statusPurpose": ""},
    ],
)
def test_bad_entries_are_refused(change):
    entry = {**sl.entry("https://x.example/l/1", 5), **change}
    with pytest.raises(sl.StatusListError):
        sl.read_entry(entry)


def test_the_list_credential():
    url = "https://filiera.example/credentials/status/brand-3/1"
    bits = sl.set_bit(sl.new_bits(), 42)
    credential = sl.list_credential(
        url=url,
        issuer="did:web:filiera.example:issuers:brand-3",
        valid_from="2025-01-01T00:00:00Z",
        bits=bits,
    )
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert credential["id"] == url
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["issuer"] == "did:web:filiera.example:issuers:brand-3"
    subject = credential["credentialSubject"]
    assert subject["id"] == url + "#list"
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert sl.read_list(credential, "revocation") == bits
    with pytest.raises(sl.StatusListError, match="suspension"):
        sl.read_list(credential, "suspension")
