"""Reads of the registry: the directory query with its filters, shared by pages, export and API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from filiera.registry import access
from filiera.registry.models import Firm, FirmActivity, Site


@dataclass
class DirectoryFilters:
    q: str = ""
    ateco: str = ""
    process: str = ""
    municipality: str = ""
    size: str = ""
    role: str = ""
    district: str = ""

    @classmethod
    def from_query(cls, data) -> DirectoryFilters:
        return cls(**{name: (data.get(name) or "").strip() for name in cls.__dataclass_fields__})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def directory(user, filters: DirectoryFilters) -> QuerySet[Firm]:
    """Firms the user may see, filtered. Related rows for the list are prefetched (no N+1)."""
    firms = access.visible_firms(user)
    if filters.q:
        q = filters.q
        firms = firms.filter(
            Q(legal_name__icontains=q)
            | Q(vat__icontains=q.replace(" ", ""))
            | Q(sites__name__icontains=q)
        )
    if filters.ateco:
        firms = firms.filter(activities__code__startswith=filters.ateco)
    if filters.process:
        firms = firms.filter(
            Q(sites__processes__code=filters.process)
            | Q(sites__processes__parent_id=filters.process)
        )
    if filters.municipality:
        firms = firms.filter(sites__municipality_id=filters.municipality)
    if filters.size:
        firms = firms.filter(size_class=filters.size)
    if filters.role:
        firms = firms.filter(role=filters.role)
    if filters.district:
        firms = firms.filter(districts__slug=filters.district)
    if filters.q or filters.ateco or filters.process or filters.municipality or filters.district:
        firms = Firm.objects.filter(id__in=firms.values("id"))
    return firms.order_by("legal_name", "id")


def page_of_firms(ids: list[int]) -> list[Firm]:
    """The firms of one directory page with what the list shows, in a fixed number of queries."""
    return list(
        Firm.objects.filter(id__in=ids)
        .prefetch_related(
            Prefetch("activities", queryset=FirmActivity.objects.order_by("-is_primary", "code")),
            Prefetch(
                "sites",
                queryset=Site.objects.select_related("municipality")
                .prefetch_related("processes")
                .order_by("id"),
            ),
        )
        .order_by("legal_name", "id")
    )
