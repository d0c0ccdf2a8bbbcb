"""Districts: the ones you work in, adding (platform admins) and changing (their managers)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError

from filiera.api.errors import forbidden, form_errors
from filiera.api.schemas import DistrictIn, DistrictList, DistrictOut, DistrictPatch, district_out
from filiera.registry import access, services
from filiera.registry.forms import DistrictForm
from filiera.registry.models import District

router = Router(tags=["districts"])


def get_district(user, slug: str, check=None) -> District:
    """A district the user works in (as staff or through a member firm), else 404;
    403 when ``check`` refuses."""
    district = access.visible_districts(user).filter(slug=slug).first()
    if district is None:
        raise Http404("No such district")
    if check is not None and not check(user, district):
        raise forbidden()
    return district


# API field name -> DistrictForm field name, where they differ.
FORM_NAMES = {"municipalities": "municipalities_text", "sectors": "sectors_text"}


def _save(actor, district: District, changes: dict) -> District:
    """Validate with the page's form (one set of rules) and save through the service."""
    data = {**DistrictForm(instance=district).initial, **changes}
    if "municipalities" in data:
        data["municipalities_text"] = "\n".join(data.pop("municipalities") or [])
    if "sectors" in data:
        data["sectors_text"] = ", ".join(data.pop("sectors") or [])
    data = {name: value for name, value in data.items() if value is not None}
    form = DistrictForm(data=data, instance=district)
    if not form.is_valid():
        raise form_errors(form, names={form_name: api for api, form_name in FORM_NAMES.items()})
    return services.save_district(
        actor,
        form.save(commit=False),
        municipalities=form.cleaned_data["municipalities_text"],
        sectors=form.cleaned_data["sectors_text"],
        languages=form.cleaned_data["languages"],
    )


def _out(district: District) -> dict:
    prefetch_related_objects([district], "municipalities")
    return district_out(district)


@router.get("/districts", response=DistrictList, summary="List districts")
def list_districts(request: HttpRequest):
    """Districts you work in: as district staff, or through a firm you belong to."""
    districts = access.visible_districts(request.user).order_by("name")
    districts = districts.prefetch_related("municipalities")
    return {"items": [district_out(d) for d in districts]}


@router.get("/districts/{slug}", response=DistrictOut, summary="Get a district")
def get_district_detail(request: HttpRequest, slug: str):
    return _out(get_district(request.user, slug))


@router.post("/districts", response={201: DistrictOut}, summary="Add a district")
def create_district(request: HttpRequest, payload: DistrictIn):
    """Platform admins only."""
    if not access.roles(request.user).superuser:
        raise HttpError(403, "Only platform admins may add districts.")
    return 201, _out(_save(request.user, District(), payload.model_dump(exclude_none=True)))


@router.patch("/districts/{slug}", response=DistrictOut, summary="Change a district")
def update_district(request: HttpRequest, slug: str, payload: DistrictPatch):
    """The district's managers change the fields they send; the short name stays."""
    district = get_district(request.user, slug, access.can_manage_district)
    return _out(_save(request.user, district, payload.model_dump(exclude_unset=True)))
