"""Industrial symbiosis pages: a firm's flows, suggestions and exchanges; the district's
dashboard; the flows import."""

from filiera.symbiosis.views import district, flows, imports, matches

urlpatterns: list = [
    *flows.urlpatterns,
    *matches.urlpatterns,
    *imports.urlpatterns,
    *district.urlpatterns,
]
