"""Passport URLs: each view module lists its own patterns."""

from filiera.passports.views import brand, codes, public, resolver, trust

urlpatterns = [
    *brand.urlpatterns,
    *codes.urlpatterns,
    *trust.urlpatterns,
    *public.urlpatterns,
    *resolver.urlpatterns,
]
