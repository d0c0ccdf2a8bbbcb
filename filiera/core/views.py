from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from filiera import __version__
from filiera.registry import access


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with ``status: ok`` when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # any database failure makes the platform unhealthy
        return JsonResponse(
            {"status": "error", "database": "error", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse(
        {"status": "ok", "database": database, "vendor": connection.vendor, "version": __version__}
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person where their work is: district home, their firm, or the firm list."""
    r = access.roles(request.user)
    districts = list(access.staffed_districts(request.user)[:2])
    if len(districts) == 1 and not r.superuser:
        return redirect(districts[0])
    if not r.is_district_staff and not r.superuser and len(r.firm_roles) == 1:
        return redirect("firm_detail", next(iter(r.firm_roles)))
    firms = access.visible_firms(request.user).order_by("legal_name")[:50] if r.firm_roles else []
    return render(
        request,
        "core/home.html",
        {"districts": access.staffed_districts(request.user), "firms": firms},
    )
