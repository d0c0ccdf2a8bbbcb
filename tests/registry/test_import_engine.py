"""The plain-Python import engine: reading files, checking rows, file-level errors. No database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from filiera.registry.identifiers import italian_vat
from filiera.registry.importing import fields
from filiera.registry.importing.records import ImportFileError
from filiera.registry.importing.validate import parse

DATA = Path(__file__).parent / "data"
MB = 1024 * 1024


def parse_file(name: str, max_bytes: int = MB):
    with (DATA / name).open("rb") as stream:
        return parse(stream, name, max_bytes=max_bytes)


def parse_text(text: str, name: str = "firms.csv", encoding: str = "utf-8", max_bytes: int = MB):
    return parse(io.BytesIO(text.encode(encoding)), name, max_bytes=max_bytes)


def errors_of(parsed) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in parsed.errors]


def test_good_file_gives_firms_and_sites():
    parsed = parse_file("firms.csv")
    assert parsed.errors == [] and parsed.rows == 5
    assert set(parsed.firms) == {
        italian_vat(3001),
        italian_vat(3002),
        italian_vat(3003),
        "FR40303265045",
    }
    rossi = parsed.firms[italian_vat(3001)]
    assert rossi.ateco == ["14.10.20", "13.91.00"] and rossi.role == "manufacturer"
    assert rossi.employees == 18 and rossi.turnover_eur == 2_400_000
    assert rossi.website == "https://www.maglieria-rossi.example"
    sede, magazzino = parsed.sites[:2]
    assert (sede.municipality, sede.lat, sede.processes) == (
        "036005",
        None,
        ["FF.KNIT_WEFT", "MU.KNIT_TO_SHAPE"],
    )
    assert (magazzino.municipality, magazzino.lat, magazzino.lon) == ("036044", 44.7512, 10.9377)
    assert parsed.firms["FR40303265045"].country == "FR"


def test_semicolons_bom_decimal_commas_and_leading_zeros():
    parsed = parse_file("semicolon_bom.csv")
    assert parsed.errors == []
    site = parsed.sites[0]
    assert (site.lat, site.lon) == (44.7901, 10.8812)
    assert (
        parsed.firms[italian_vat(3004)].employees == 1200
    )  # "1.200" is a thousand and two hundred
    # "00030050363" lost nothing; a site without site_name is named after the firm
    assert parsed.sites[1].name == "Stireria Neri" and not parsed.sites[1].name_given


def test_every_bad_row_is_reported_with_line_and_field():
    parsed = parse_file("bad_rows.csv")
    assert errors_of(parsed) == [
        (3, "vat"),
        (4, "role"),
        (4, "employees"),
        (4, "email"),
        (4, "website"),
        (4, "municipality"),
        (4, "lat"),
        (4, "lon"),
        (4, "processes"),
        (5, "name"),
        (6, "name"),
        (6, "municipality"),
    ]
    by_key = {(e.line, e.field): e.message for e in parsed.errors}
    assert "check digit" in by_key[(3, "vat")]
    assert "Atlantide" in by_key[(4, "municipality")]
    assert "XX.NOPE" in by_key[(4, "processes")]
    assert "line 2" in by_key[(5, "name")]  # the same VAT with another name


def test_a_firm_may_repeat_with_empty_columns_but_not_conflicting_ones():
    vat = italian_vat(7001)
    parsed = parse_text(
        "vat,name,employees,role,site_name,municipality\n"
        f"{vat},Alfa,10,,Uno,Carpi (MO)\n"
        f"{vat},Alfa,,brand,Due,Carpi (MO)\n"
        f"{vat},Alfa,11,brand,Tre,Carpi (MO)\n"
        f"{vat},Alfa,,,uno,Carpi (MO)\n"
    )
    assert errors_of(parsed) == [(4, "employees"), (5, "site_name")]
    assert parsed.firms[vat].role == "brand" and parsed.firms[vat].employees == 10


def test_both_coordinates_or_neither_and_in_range():
    parsed = parse_text(
        "vat,name,municipality,lat,lon\n"
        f"{italian_vat(1)},A,Carpi (MO),44.8,\n"
        f"{italian_vat(2)},B,Carpi (MO),,10.9\n"
        f"{italian_vat(3)},C,Carpi (MO),44.8,190\n"
        f"{italian_vat(4)},D,Carpi (MO),nord,10\n"
    )
    assert errors_of(parsed) == [(2, "lon"), (3, "lat"), (4, "lon"), (5, "lat")]


def test_group_codes_and_unknown_ateco_are_refused():
    parsed = parse_text(
        "vat,name,municipality,processes,ateco\n"
        f"{italian_vat(1)},A,036005,MU,14.10.20\n"
        f"{italian_vat(2)},B,036005,mu.sewing,99.99.99\n"
    )
    assert errors_of(parsed) == [(2, "processes"), (3, "ateco")]


def test_firm_only_rows_wait_for_the_database_unless_a_site_follows():
    vat_a, vat_b = italian_vat(1), italian_vat(2)
    parsed = parse_text(
        "vat,name,employees,municipality,site_name\n"
        f"{vat_a},A,5,,\n{vat_a},A,,Carpi (MO),Sede\n{vat_b},B,3,,\n"
    )
    assert parsed.errors == []
    assert [row.vat for row in parsed.firm_only] == [vat_b]
    assert parsed.firms[vat_a].employees == 5


# File-level problems -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.csv", "empty"),
        ("missing_column.csv", "“municipality” is missing"),
        ("latin1.csv", "not UTF-8"),
    ],
)
def test_file_level_problems_give_one_clear_message(name, expected):
    with pytest.raises(ImportFileError) as caught:
        parse_file(name)
    assert expected in str(caught.value)


def test_wrong_encoding_says_how_to_save_from_excel():
    with pytest.raises(ImportFileError) as caught:
        parse_text("vat,name,municipality\nIT1,Città,Carpi\n", encoding="cp1252")
    message = str(caught.value)
    assert "line 2" in message and "CSV UTF-8" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"vat,name,municipality\n", "no data rows"),
        (b"name,address\nA,B\n", "columns vat, municipality are missing"),
        (b"vat,name,municipality,VAT\n", "appears twice"),
        ("vat,name\n".encode("utf-16"), "not UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"PK\x03\x04 not really a zip", "cannot be read"),
    ],
)
def test_more_file_problems(data, expected):
    with pytest.raises(ImportFileError) as caught:
        parse(io.BytesIO(data), "f.xlsx" if data.startswith(b"PK") else "f.csv", max_bytes=MB)
    assert expected in str(caught.value)


def test_too_large_by_declared_size_and_while_reading():
    text = "vat,name,municipality\n" + f"{italian_vat(1)},A,Carpi (MO)\n" * 100
    with pytest.raises(ImportFileError, match="larger than"):
        parse(io.BytesIO(text.encode()), "f.csv", max_bytes=1000, size=len(text))
    with pytest.raises(ImportFileError, match="larger than"):
        parse(io.BytesIO(text.encode()), "f.csv", max_bytes=1000)  # size unknown: counted


# XLSX ----------------------------------------------------------------------------------------


def xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsx_numbers_read_as_people_typed_them():
    vat = italian_vat(3005)  # IT00030050363: as a number Excel drops the zeros
    stream = xlsx(
        [
            ["VAT", "Name", "Municipality", "Employees", "Lat", "Lon"],
            [int(vat[2:]), "Stireria Neri", 36005, 7.0, 44.8, 10.9],
            [None, None, None, None, None, None],
        ]
    )
    parsed = parse(stream, "firms.xlsx", max_bytes=MB)
    assert parsed.errors == [] and parsed.rows == 1
    assert parsed.firms[vat].employees == 7
    site = parsed.sites[0]
    assert (site.municipality, site.lat, site.lon) == ("036005", 44.8, 10.9)


def test_xlsx_row_errors_have_sheet_line_numbers():
    stream = xlsx(
        [
            ["vat", "name", "municipality"],
            [italian_vat(1), "A", "Carpi (MO)"],
            ["nope", "B", "Carpi (MO)"],
        ]
    )
    assert errors_of(parse(stream, "f.xlsx", max_bytes=MB)) == [(3, "vat")]


# Open Supply Hub -----------------------------------------------------------------------------


def test_open_supply_hub_columns():
    parsed = parse_file("osh.csv")
    assert parsed.osh
    assert errors_of(parsed) == [(4, "vat"), (5, "lat")]  # abroad: placed by lat/lon
    assert "VAT" in parsed.errors[0].message
    azzurri, viola = parsed.sites
    assert azzurri.municipality == "036005"  # from "41012 Carpi MO" in the address
    assert azzurri.processes == ["FF.KNIT_WEFT", "MU.GARMENT_DYEING"]
    assert azzurri.workers == 51 and azzurri.osh_id == "IT2023001ABCD12"
    assert viola.municipality == "036044" and viola.processes == ["MU.GARMENT_WASH"]
    assert parsed.ignored_processing_types == {"Finished Goods"}
    assert parsed.firms[italian_vat(3006)].name == "Calzificio Azzurri S.r.l."


def test_osh_row_with_a_municipality_needs_no_country():
    parsed = parse_text(
        "vat,name,country,municipality,number of workers\n"
        f"{italian_vat(1)},A,Francia,Carpi (MO),10-20\n"
        f"{italian_vat(2)},B,Italy,,\n"
    )
    assert errors_of(parsed) == [(3, "municipality")]
    assert parsed.sites[0].workers == 10


# Cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), ("1.500.000", 1_500_000), ("1,500", 1500), ("12,00", 12), ("0", 0)],
)
def test_counts(raw, value):
    assert fields.count(raw) == value


@pytest.mark.parametrize("raw", ["-1", "1.5", "dodici", "3e4"])
def test_bad_counts(raw):
    with pytest.raises(ValueError, match="whole number"):
        fields.count(raw)


def test_cells():
    assert fields.website("example.it/chi-siamo") == "https://example.it/chi-siamo"
    assert fields.vat_text("1234567890") == "01234567890"
    assert fields.text("'=SUM(A1)", 20) == "=SUM(A1)"
    assert fields.role("Material supplier") == "material_supplier"
    assert fields.municipality_in_address("Via Roma 1, 41012 Carpi (MO)") == "036005"
    assert fields.municipality_in_address("Piazza Grande 1, Modena") == "036023"
    assert fields.municipality_in_address("Somewhere 1") is None
