"""Firms: the directory with its filters, one firm, adding and changing firms.

Reads and writes ask the same access helpers and use the same form and services as the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from filiera.api.errors import forbidden, form_errors
from filiera.api.pagination import PageParams, page_keys
from filiera.api.schemas import FirmIn, FirmOut, FirmPage, FirmPatch, firm_out
from filiera.registry import access, duplicates, selectors, services
from filiera.registry.forms import FirmForm
from filiera.registry.models import Firm
from filiera.registry.selectors import DirectoryFilters

router = Router(tags=["firms"])
MAX_ID = 2**63 - 1  # larger numbers are no firm's id (and overflow the database's integers)


class FirmQuery(PageParams):
    q: str = Field("", description="Part of the legal name, VAT number or a site's name.")
    ateco: str = Field("", description="ATECO 2025 code or its beginning, e.g. `14` or `14.10`.")
    process: str = Field("", description="Process code (or process group) performed at a site.")
    municipality: str = Field("", description="ISTAT code of a site's municipality.")
    size: str = Field("", description="EU size class: micro, small, medium, large.")
    role: str = Field("", description="Role in the chain, e.g. subcontractor.")
    district: str = Field("", description="District slug.")


def load_firms(ids: list[int]) -> list[Firm]:
    """The firms with everything ``firm_out`` shows, in a fixed number of queries."""
    firms = selectors.page_of_firms(ids)
    prefetch_related_objects(firms, "districts")
    return firms


def get_firm(user, firm_id: int, check=None) -> Firm:
    """The firm, or 404 when the user may not see it; 403 when ``check`` refuses."""
    firm = Firm.objects.filter(pk=firm_id).first() if 0 < firm_id <= MAX_ID else None
    if firm is None or not access.can_view_firm(user, firm):
        raise Http404("No such firm")
    if check is not None and not check(user, firm):
        raise forbidden()
    return firm


def _form_data(initial: Mapping[str, Any], changes: Mapping[str, Any]) -> dict:
    data = {**initial, **changes}
    if isinstance(data.get("ateco"), list):
        data["ateco"] = ", ".join(data["ateco"])
    return {name: value for name, value in data.items() if value is not None}


@router.get("/firms", response=FirmPage, summary="List firms")
def list_firms(request: HttpRequest, params: Query[FirmQuery]):
    """Firms you may see, ordered by legal name, a page at a time (follow `next_cursor`)."""
    filters = DirectoryFilters(
        **{name: getattr(params, name).strip() for name in DirectoryFilters.__dataclass_fields__}
    )
    rows, next_cursor = page_keys(
        selectors.directory(request.user, filters), ("legal_name", "id"), params
    )
    firms = load_firms([pk for _name, pk in rows])
    return {"items": [firm_out(firm) for firm in firms], "next_cursor": next_cursor}


@router.get("/firms/{firm_id}", response=FirmOut, summary="Get a firm")
def get_firm_detail(request: HttpRequest, firm_id: int):
    firm = get_firm(request.user, firm_id)
    return firm_out(load_firms([firm.pk])[0])


@router.post("/firms", response={201: FirmOut}, summary="Add a firm")
def create_firm(request: HttpRequest, payload: FirmIn):
    """District managers add a firm to one of their districts (platform admins to any)."""
    user = request.user
    if not access.can_create_firms(user):
        raise HttpError(403, "Only district managers may add firms.")
    district = access.managed_districts(user).filter(slug=payload.district).first()
    form = FirmForm(data=_form_data({}, payload.model_dump(mode="json", exclude={"district"})))
    valid = form.is_valid()  # all problems at once, the district's too
    if district is None or not valid:
        raise form_errors(
            form, extra={} if district else {"district": "Not a district you manage."}
        )
    data = dict(form.cleaned_data)
    ateco = data.pop("ateco")
    firm = services.create_firm(
        user, districts=[district], ateco=ateco, country=form.instance.country, **data
    )
    duplicates.check_firm(user, firm)
    return 201, firm_out(load_firms([firm.pk])[0])


@router.patch("/firms/{firm_id}", response=FirmOut, summary="Change a firm")
def update_firm(request: HttpRequest, firm_id: int, payload: FirmPatch):
    """Change the fields you send; the others keep their values. Owners, editors and the
    managers of the firm's districts may change a firm."""
    firm = get_firm(request.user, firm_id, access.can_edit_firm)
    initial = FirmForm(instance=firm).initial
    changes = payload.model_dump(mode="json", exclude_unset=True)
    form = FirmForm(data=_form_data(initial, changes), instance=firm)
    if not form.is_valid():
        raise form_errors(form)
    data = dict(form.cleaned_data)
    ateco = data.pop("ateco")
    services.update_firm(request.user, firm, ateco=ateco, **data)
    return firm_out(load_firms([firm.pk])[0])
