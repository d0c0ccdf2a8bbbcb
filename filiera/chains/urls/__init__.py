"""Supply-chain pages, one module per side: the client's chain, the supplier's sharing, the
district's aggregated statistics."""

from filiera.chains.urls import brand, district, supplier

urlpatterns = [
    *brand.urlpatterns,
    *supplier.urlpatterns,
    *district.urlpatterns,
]
