"""Districts: the ones you work in, adding (platform admins) and changing (their managers)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from filiera.api.errors import body_errors, forbidden
from filiera.api.schemas import DistrictIn, DistrictList, DistrictOut, DistrictPatch, district_out
from filiera.core import audit
from filiera.registry import access, municipalities
from filiera.registry.models import District, Firm, Municipality
from filiera.registry.reference import ateco_code

router = Router(tags=["districts"])

DISTRICT_FIELDS = [
    "name", "slug", "managing_body", "sectors", "languages", "contact_email", "website",
]  # fmt: skip


def visible_districts(user) -> QuerySet[District]:
    """Districts a user works in: as staff, or through a member firm.

    The same rule as ``access.visible_districts``, which cannot be used as it stands: it
    unions two querysets that carry ``District.Meta.ordering``, and SQLite refuses ORDER BY
    inside a compound statement. Switch back once that helper is fixed.
    """
    firm_ids = list(access.roles(user).firm_roles)
    through_firms = Firm.districts.through.objects.filter(firm_id__in=firm_ids).values(
        "district_id"
    )
    staffed = access.staffed_districts(user).values("id")
    return District.objects.filter(Q(id__in=staffed) | Q(id__in=through_firms)).order_by("name")


def get_district(user, slug: str, check=None) -> District:
    """A district the user works in (as staff or through a member firm), else 404;
    403 when ``check`` refuses."""
    district = visible_districts(user).filter(slug=slug).first()
    if district is None:
        raise Http404("No such district")
    if check is not None and not check(user, district):
        raise forbidden()
    return district


def _snapshot(district: District) -> dict:
    if district.pk is None:
        return {}
    codes = district.municipalities.values_list("istat_code", flat=True)
    return audit.snapshot(district, DISTRICT_FIELDS) | {"municipalities": sorted(codes)}


def _clean(district: District, changes: dict) -> list[str] | None:
    """Apply ``changes`` to ``district`` in memory and check them all; the municipalities'
    ISTAT codes are returned (None: unchanged). Raises a 422 naming every bad field."""
    problems: dict[str, list[str]] = {}
    codes = None
    if "municipalities" in changes:
        codes = []
        for text in changes.pop("municipalities") or []:
            try:
                codes.append(municipalities.resolve(text).istat_code)
            except municipalities.MunicipalityError as exc:
                problems.setdefault("municipalities", []).append(exc.translated())
    if "sectors" in changes:
        sectors = [(raw, ateco_code(raw)) for raw in changes["sectors"] or []]
        if unknown := [raw for raw, code in sectors if code is None]:
            message = _("Unknown ATECO 2025 code: %(codes)s") % {"codes": ", ".join(unknown)}
            problems.setdefault("sectors", []).append(message)
        changes["sectors"] = list(dict.fromkeys(code for _raw, code in sectors if code))
    for name, value in changes.items():
        setattr(district, name, value)
    try:
        district.full_clean()
    except DjangoValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault(field, []).extend(messages)
    if problems:
        raise body_errors(problems)
    return codes


@transaction.atomic
def _save(actor, district: District, codes: list[str] | None) -> District:
    action = "update" if district.pk else "create"
    before = _snapshot(District.objects.get(pk=district.pk)) if district.pk else {}
    district.save()
    if codes is not None:
        district.municipalities.set(Municipality.objects.filter(pk__in=codes))
    changes = audit.diff(before, _snapshot(district))
    if changes:
        audit.record(actor, action, district, changes=changes, district_id=district.pk)
    return district


def _out(district: District) -> dict:
    prefetch_related_objects([district], "municipalities")
    return district_out(district)


@router.get("/districts", response=DistrictList, summary="List districts")
def list_districts(request: HttpRequest):
    """Districts you work in: as district staff, or through a firm you belong to."""
    districts = visible_districts(request.user).prefetch_related("municipalities")
    return {"items": [district_out(d) for d in districts]}


@router.get("/districts/{slug}", response=DistrictOut, summary="Get a district")
def get_district_detail(request: HttpRequest, slug: str):
    return _out(get_district(request.user, slug))


@router.post("/districts", response={201: DistrictOut}, summary="Add a district")
def create_district(request: HttpRequest, payload: DistrictIn):
    """Platform admins only."""
    if not access.roles(request.user).superuser:
        raise HttpError(403, "Only platform admins may add districts.")
    district = District()
    codes = _clean(district, payload.model_dump(exclude_none=True))
    return 201, _out(_save(request.user, district, codes))


@router.patch("/districts/{slug}", response=DistrictOut, summary="Change a district")
def update_district(request: HttpRequest, slug: str, payload: DistrictPatch):
    """The district's managers change the fields they send; the short name stays."""
    district = get_district(request.user, slug, access.can_manage_district)
    codes = _clean(district, payload.model_dump(exclude_unset=True))
    return _out(_save(request.user, district, codes))
