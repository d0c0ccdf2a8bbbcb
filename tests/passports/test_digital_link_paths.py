"""The resolver's product links (``parse_path``, ``uri``) and the engine's stricter rules that
the conformance vectors do not show one by one."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from biip.checksums import gs1_standard_check_digit
from hypothesis import given
from hypothesis import strategies as st

from filiera.passports.engine import digital_link
from filiera.passports.engine.digital_link import DigitalLinkError, Link, parse, parse_path, uri
from filiera.passports.engine.digital_link_ais import CSET82
from filiera.passports.engine.digital_link_values import check_pair

GTIN = "09506000134352"


@pytest.mark.parametrize(
    ("path", "link"),
    [
        (f"/01/{GTIN}", Link(GTIN)),
        (f"/01/{GTIN}/10/ABC1", Link(GTIN, "ABC1")),
        (f"/01/{GTIN}/10/ABC1/21/12345", Link(GTIN, "ABC1", "12345")),
        (f"/01/{GTIN}/21/12345", Link(GTIN, None, "12345")),
        (f"/01/{GTIN}/10/ABC%2F1", Link(GTIN, "ABC/1")),
        (f"/01/{GTIN}/10/A%2Fb%252F/21/x%2By", Link(GTIN, "A/b%2F", "x+y")),
        (f"/01/{GTIN}/10/A+B", Link(GTIN, "A+B")),  # a plus sign in a path is a plus sign
        (f"/01/{GTIN}?linkType=gs1:dpp", Link(GTIN)),
        (f"/01/{GTIN}/10/L#top", Link(GTIN, "L")),
    ],
)
def test_good_product_links(path, link):
    assert parse_path(path) == link


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/01/09506000134353", "GTIN 09506000134353: wrong check digit, expected 2"),
        ("/01/9506000134352", "14-digit form 09506000134352"),
        ("/01/0950600013435A", "digits only"),
        ("/01/095060001343521", "too long"),
        (f"/01/{GTIN}/", "trailing slash"),
        (f"/01/{GTIN}/10/ABC/", "trailing slash"),
        (f"/01/{GTIN}/99/ABC", "unknown AI 99"),
        (f"/01/{GTIN}/lot/ABC", "unknown AI lot"),
        (f"/01/{GTIN}/21/1/10/A", "qualifier (10) must come before (21)"),
        (f"/01/{GTIN}/10/A/10/B", "appears twice"),
        (f"/01/{GTIN}/22/V", "(22) is not supported"),
        (f"/01/{GTIN}/01/{GTIN}", "only one key"),
        (f"/01/{GTIN}/10", "has no value"),
        ("/01//10/ABC", "GTIN is missing"),
        (f"/01/{GTIN}/10//21/5", "lot is missing"),
        (f"/01/{GTIN}/10/" + "A" * 21, "too long, at most 20 characters"),
        (f"/01/{GTIN}/10/A%20B", "' ' is not allowed"),
        (f"/01/{GTIN}/10/A%00", "NUL"),
        (f"/01/{GTIN}/10/caf%C3%A9", "is not allowed"),
        (f"/01/{GTIN}/10/A<B", "not allowed"),
        ("/00/006141411234567890", "must start with /01/"),
        ("/gtin/09506000134352", "must start with /01/"),
        ("/", "must start with /01/"),
        ("/01", "has no value"),
    ],
)
def test_bad_product_links_say_why(path, reason):
    with pytest.raises(DigitalLinkError) as caught:
        parse_path(path)
    assert reason in caught.value.reason


def test_uri_writes_the_canonical_form():
    base = "https://resolver.example/"
    assert uri(base, GTIN) == f"https://resolver.example/01/{GTIN}"
    assert uri(base, GTIN, "AB/C+1") == f"https://resolver.example/01/{GTIN}/10/AB%2FC%2B1"
    assert uri(base, GTIN, "L1", "S 1".replace(" ", "-")) == (
        f"https://resolver.example/01/{GTIN}/10/L1/21/S-1"
    )
    assert uri(base, GTIN, None, "7") == f"https://resolver.example/01/{GTIN}/21/7"
    assert uri("https://r.example", "9506000134352") == f"https://r.example/01/{GTIN}"


@pytest.mark.parametrize(
    ("gtin", "lot", "serial"),
    [("09506000134353", None, None), ("123", None, None), (GTIN, "A B", None), (GTIN, "L", "é")],
)
def test_uri_refuses_what_is_no_digital_link(gtin, lot, serial):
    with pytest.raises(DigitalLinkError):
        uri("https://r.example", gtin, lot, serial)


def gtins() -> st.SearchStrategy[str]:
    return st.from_regex(r"[0-9]{13}", fullmatch=True).map(
        lambda body: body + str(gs1_standard_check_digit(body))
    )


CSET82_TEXT = st.text(alphabet=CSET82, min_size=1, max_size=20)


@given(gtin=gtins(), lot=st.none() | CSET82_TEXT, serial=st.none() | CSET82_TEXT)
def test_uris_parse_back_to_the_same_values(gtin, lot, serial):
    made = uri("https://resolver.example", gtin, lot, serial)
    assert parse_path(urlsplit(made).path) == Link(gtin, lot, serial)
    expected = [("01", gtin)]
    expected += [("10", lot)] if lot else []
    expected += [("21", serial)] if serial else []
    assert parse(made) == expected


# Rules of the engine beyond the vectors ------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://a/01/12312312312333?17=261231",
        "https://a/01/12312312312333?17=260200",  # day 00: any day of the month
        "https://a/01/12312312312333?17=240229",  # 2024 is a leap year
        "https://a/01/12312312312333?99=" + "A" * 90,
        "https://a./01/12312312312333",
        "https://[2001:db8::1]/01/12312312312333",
        "https://a/01/12312312312333/10/AB%G1",  # a % without two hex digits stays a %
        "https://a/01/12312312312333/00/006141411234567890",  # the right-most key counts
        "https://a/01/12312312312333?",
        "https://a/8013/1987654Ad4X4bL5ttr2310c2K",  # GMN check character pair
        "https://a/8006/123123123123330102",
        "https://a/414/9520123456788/7040/1ABC",
        "https://a/01/12312312312333?4330=123456-",
        "http://a/01/12312312312333?linkType=all&99=A%2BB",
    ],
)
def test_also_valid(link):
    assert parse(link)


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("HtTp://a/01/12312312312333", "http:// or https://"),
        ("http://a", "no path"),
        ("http://a/b", "no GS1 key"),
        ("https://[fe80::1%25lo]/01/12312312312333", "domain name"),
        ("https://a/01/12312312312334", "wrong check digit, expected 3"),
        ("https://a/01/12312312312333?17=261301", "month"),
        ("https://a/01/12312312312333?17=230229", "day 29"),
        ("https://a/01/12312312312333?99=" + "A" * 91, "too long"),
        ("https://a/01/12312312312333?99=", "has no value"),
        ("https://a/01/12312312312333?=1", "unknown AI"),
        ("https://a/01/12312312312333?3103=000195&3103=000195", "more than once"),
        ("https://a/01/12312312312333/21/X/10/Y", "qualifier (10) must come before (21)"),
        ("https://a/01/12312312312333/235/X/10/Y", "cannot be used together"),
        ("https://a/00/006141411234567890/10/A", "takes no qualifiers"),
        ("https://a/8013/1987654Ad4X4bL5ttr2310c2L", "expected 2K"),
        ("https://a/01/12312312312333?17=26123A", "digits only"),
        ("https://a/01/12312312312333/10/caf%C3%A9", "not allowed"),
        ("https://a/01/12312312312333?21=1", "cannot be a data attribute"),
    ],
)
def test_also_invalid(link, reason):
    with pytest.raises(DigitalLinkError) as caught:
        parse(link)
    assert reason in caught.value.reason


def test_unknown_ais_take_the_length_their_first_digits_fix():
    assert parse(
        "https://a/01/12312312312333?3106=ABCDEF", unknown_ais=True, unknown_ai_not_attr=False
    )
    with pytest.raises(DigitalLinkError):
        parse("https://a/01/12312312312333?3106=ABCDE", unknown_ais=True, unknown_ai_not_attr=False)
    with pytest.raises(DigitalLinkError, match="unknown AI 310"):
        parse("https://a/01/12312312312333?310=ABC", unknown_ais=True, unknown_ai_not_attr=False)


def test_check_pair_matches_the_gs1_example():
    assert check_pair("1987654Ad4X4bL5ttr2310c") == "2K"


def test_escape_and_unescape_are_inverse():
    text = "A/B %&+?#=;"
    for query in (False, True):
        assert digital_link.unescape(digital_link.escape(text, query=query), query=query) == text
    assert digital_link.escape("A B", query=True) == "A+B"
    assert digital_link.unescape("A+B", query=True) == "A B"
