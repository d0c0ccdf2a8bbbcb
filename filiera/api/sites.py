"""Sites (facilities): list with filters, one site by facility ID, adding and changing sites."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router
from pydantic import Field

from filiera.api.errors import forbidden, form_errors
from filiera.api.firms import MAX_ID, get_firm
from filiera.api.pagination import PageParams, page_keys
from filiera.api.schemas import SiteIn, SiteOut, SitePage, SitePatch, site_out
from filiera.registry import access, duplicates, services
from filiera.registry.forms import SiteForm
from filiera.registry.identifiers import IdentifierError, normalise_facility_id
from filiera.registry.models import FacilityId, Site

router = Router(tags=["sites"])

# SiteForm field -> API field, and back.
FORM_NAMES = {"municipality_text": "municipality", "pin_lat": "lat", "pin_lon": "lon"}
API_NAMES = {api: form for form, api in FORM_NAMES.items()}


class SiteQuery(PageParams):
    firm: int | None = Field(None, ge=1, le=MAX_ID, description="Firm id.")
    municipality: str = Field("", description="ISTAT code of the site's municipality.")
    process: str = Field("", description="Process code (or process group) performed at the site.")


def load_sites(ids: list[int]) -> list[Site]:
    """The sites with everything ``site_out`` shows, in a fixed number of queries."""
    return list(
        Site.objects.filter(id__in=ids)
        .select_related("municipality")
        .prefetch_related("processes")
        .order_by("id")
    )


def get_site(user, facility_id: str, check=None) -> Site:
    """The site with this facility ID; IDs of merged sites resolve to the surviving site.
    404 when the user may not see it; 403 when ``check`` refuses."""
    try:
        code = normalise_facility_id(facility_id)
    except IdentifierError as exc:
        raise Http404("No such site") from exc
    issued = FacilityId.objects.select_related("site__firm").filter(code=code).first()
    site = issued.site if issued else None
    if site is None or not access.can_view_site(user, site):
        raise Http404("No such site")
    if check is not None and not check(user, site):
        raise forbidden()
    return site


def _form_data(initial: Mapping[str, Any], changes: Mapping[str, Any]) -> dict:
    data = {**initial, **{API_NAMES.get(name, name): value for name, value in changes.items()}}
    if isinstance(data.get("country"), str):
        data["country"] = data["country"].upper()  # "pt" is Portugal too
    return {name: value for name, value in data.items() if value is not None}


def _validated(form: SiteForm) -> dict:
    if not form.is_valid():
        raise form_errors(form, FORM_NAMES)
    return form.service_kwargs()


@router.get("/sites", response=SitePage, summary="List sites")
def list_sites(request: HttpRequest, params: Query[SiteQuery]):
    """Sites of the firms you may see, in the order they were added, a page at a time."""
    sites = access.visible_sites(request.user)
    if params.firm is not None:
        sites = sites.filter(firm_id=params.firm)
    if params.municipality.strip():
        sites = sites.filter(municipality_id=params.municipality.strip())
    if process := params.process.strip():
        performing = Site.objects.filter(
            Q(processes__code=process) | Q(processes__parent_id=process)
        )
        sites = sites.filter(id__in=performing.values("id"))
    rows, next_cursor = page_keys(sites.order_by("id"), ("id",), params)
    sites_page = load_sites([pk for (pk,) in rows])
    return {"items": [site_out(site) for site in sites_page], "next_cursor": next_cursor}


@router.get("/sites/{facility_id}", response=SiteOut, summary="Get a site")
def get_site_detail(request: HttpRequest, facility_id: str):
    """By facility ID; the ID of a site merged into another answers with the surviving site."""
    site = get_site(request.user, facility_id)
    return site_out(load_sites([site.pk])[0])


@router.post("/firms/{firm_id}/sites", response={201: SiteOut}, summary="Add a site")
def create_site(request: HttpRequest, firm_id: int, payload: SiteIn):
    """Add a site to a firm you may change; a fresh facility ID is issued. In Italy
    (`country` `IT`, the default) the municipality is required and, without `lat`/`lon`, the
    site sits at its point. Outside Italy `lat`, `lon` and an address ending with the city are
    required, and there is no municipality."""
    firm = get_firm(request.user, firm_id, access.can_edit_firm)
    changes = payload.model_dump(mode="json", exclude_unset=True)
    form = SiteForm(data=_form_data({}, changes), instance=Site(firm=firm))
    site = services.create_site(request.user, firm, **_validated(form))
    duplicates.check_site(request.user, site)
    return 201, site_out(load_sites([site.pk])[0])


@router.patch("/sites/{facility_id}", response=SiteOut, summary="Change a site")
def update_site(request: HttpRequest, facility_id: str, payload: SitePatch):
    """Change the fields you send; the others keep their values. Send `lat` and `lon` as
    null to unpin the site back to its municipality's point."""
    site = get_site(request.user, facility_id, access.can_edit_site)
    initial = {**SiteForm(instance=site).initial, "municipality_text": site.municipality_id}
    changes = payload.model_dump(mode="json", exclude_unset=True)
    form = SiteForm(data=_form_data(initial, changes), instance=site)
    services.update_site(request.user, site, **_validated(form))
    return site_out(load_sites([site.pk])[0])
