"""Methodologies: the published versions anyone signed in may read, and one version's whole
definition. A district's draft is seen only by that district's staff (others get 404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from filiera.api.firms import MAX_ID
from filiera.api.pagination import PageParams, page_keys
from filiera.api.qualification_schemas import (
    MethodologyVersionDetail,
    MethodologyVersionPage,
    version_out,
)
from filiera.qualification.models import MethodologyVersion
from filiera.registry import access as registry_access

router = Router(tags=["methodologies"])


def can_view_version(user, version: MethodologyVersion) -> bool:
    """Published versions are open to everyone signed in; drafts to their district's staff."""
    if version.is_published:
        return True
    r = registry_access.roles(user)
    district_id = version.methodology.district_id
    return r.superuser or (district_id is not None and district_id in r.staffed_districts)


def find_version(user, slug: str, number: int) -> MethodologyVersion | None:
    """The version ``slug@number`` if the user may see it, else ``None``."""
    if not 0 < number <= MAX_ID:
        return None
    version = (
        MethodologyVersion.objects.select_related("methodology__district", "based_on__methodology")
        .filter(methodology__slug=slug, number=number)
        .first()
    )
    return version if version is not None and can_view_version(user, version) else None


@router.get("/methodologies", response=MethodologyVersionPage, summary="List methodologies")
def list_methodologies(request: HttpRequest, params: Query[PageParams]):
    """Published methodology versions, shipped and districts' own, by code then age."""
    versions = MethodologyVersion.objects.filter(status=MethodologyVersion.Status.PUBLISHED)
    keys = ("methodology__slug", "id")
    rows, next_cursor = page_keys(versions.order_by(*keys), keys, params)
    page = (
        MethodologyVersion.objects.filter(id__in=[pk for _slug, pk in rows])
        .select_related("methodology__district", "based_on__methodology")
        .order_by(*keys)
    )
    return {"items": [version_out(v) for v in page], "next_cursor": next_cursor}


@router.get(
    "/methodologies/{slug}/{version}",
    response=MethodologyVersionDetail,
    summary="Get a methodology version",
)
def get_methodology(request: HttpRequest, slug: str, version: int):
    """One version with its whole definition, e.g. `/methodologies/filiera-base/1`."""
    found = find_version(request.user, slug, version)
    if found is None:
        raise Http404("No such methodology version")
    return {**version_out(found), "definition": found.parsed()}
