"""What the import engine produces: normalised firm and site records, and row errors.

``None`` in a record field means "the file gave no value": an update leaves the stored value alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from filiera.core.usererror import N_, UserError


class ImportFileError(UserError):
    """A problem with the whole file (encoding, size, columns): one message, nothing read."""


@dataclass(frozen=True)
class RowError:
    """A bad value: ``line`` is the row number as a spreadsheet shows it (the header is line 1)."""

    line: int
    field: str
    error: UserError

    @property
    def message(self) -> str:
        return str(self.error)

    def translated(self) -> str:
        return self.error.translated()

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


def row_error(line: int, column: str, template: str, /, **params) -> RowError:
    return RowError(line, column, UserError(template, **params))


@dataclass
class FirmRecord:
    vat: str
    country: str
    name: str
    line: int
    ateco: list[str] | None = None
    role: str | None = None
    employees: int | None = None
    turnover_eur: int | None = None
    email: str | None = None
    website: str | None = None
    has_site: bool = False


# Firm columns that must agree when a firm repeats on several rows.
FIRM_VALUE_FIELDS = ("name", "ateco", "role", "employees", "turnover_eur", "email", "website")


@dataclass
class SiteRecord:
    vat: str
    name: str  # the site_name cell, or the firm's name when that is empty
    municipality: str  # ISTAT code; "" for a site abroad
    line: int
    country: str = "IT"  # ISO 3166-1 alpha-2
    name_given: bool = True
    facility_id: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    processes: list[str] | None = None
    workers: int | None = None
    osh_id: str | None = None


@dataclass
class FirmOnlyRow:
    """A row with every site column empty (an export writes firms without sites so).

    Accepted only when the firm is already registered or has a site row elsewhere in the file.
    """

    vat: str
    line: int


@dataclass
class Parsed:
    firms: dict[str, FirmRecord] = field(default_factory=dict)
    sites: list[SiteRecord] = field(default_factory=list)
    firm_only: list[FirmOnlyRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    ignored_processing_types: set[str] = field(default_factory=set)
    osh: bool = False


MISSING_MUNICIPALITY = N_("required: give the ISTAT code or “Name (PR)”")
MISSING_POSITION = N_("required for a site outside Italy: give lat and lon")
