from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from filiera.registry import access, municipalities, selectors
from filiera.registry.models import Firm, Process
from filiera.registry.models.firm import SizeClass
from filiera.registry.reference import ateco_divisions

PAGE_SIZE = 25


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The firm directory: search, filters and pages over the firms the user may see."""
    filters = selectors.DirectoryFilters.from_query(request.GET)
    firms = selectors.directory(request.user, filters)
    page = Paginator(firms.values_list("id", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    municipality_label = ""
    if filters.municipality:
        comune = municipalities.index().by_code.get(filters.municipality)
        municipality_label = comune.label if comune else filters.municipality
    context = {
        "page": page,
        "firms": selectors.page_of_firms(list(page.object_list)),
        "filters": filters,
        "query_without_page": _query_without_page(request),
        "municipality_label": municipality_label,
        "divisions": ateco_divisions(),
        "processes": Process.objects.filter(is_group=False),
        "sizes": SizeClass.choices,
        "roles_choices": Firm.Role.choices,
        "districts": access.visible_districts(request.user),
        "can_export": access.roles(request.user).is_district_staff or request.user.is_superuser,
    }
    template = (
        "registry/_directory_results.html"
        if request.headers.get("HX-Request")
        else "registry/directory.html"
    )
    return render(request, template, context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
