from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from filiera.api.urls import api
from filiera.core import views as core_views
from filiera.passports.views import resolver

urlpatterns = [
    # The Digital Link resolver first: the busiest public URLs match without trying the others.
    *resolver.urlpatterns,
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("filiera.accounts.urls")),
    path("api/v1/", api.urls),
    path("", include("filiera.registry.urls")),
    path("", include("filiera.qualification.urls")),
    path("", include("filiera.chains.urls")),
    path("", include("filiera.products.urls")),
    path("", include("filiera.footprint.urls")),
    path("", include("filiera.passports.urls")),
    path("", include("filiera.symbiosis.urls")),
    path("", include("filiera.district.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
