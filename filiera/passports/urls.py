"""Passport URLs: each view module lists its own patterns (the resolver's are at the top of
``filiera.urls``)."""

from filiera.passports.views import brand, codes, public, trust

urlpatterns = [
    *brand.urlpatterns,
    *codes.urlpatterns,
    *trust.urlpatterns,
    *public.urlpatterns,
]
