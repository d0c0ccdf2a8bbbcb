"""Supply-chain pages: district side (aggregated statistics for the district's staff)."""

from django.urls import path

from filiera.chains.views import district

urlpatterns: list = [
    path("d/<slug:slug>/chains/", district.district_chains, name="district_chains"),
    path("d/<slug:slug>/chains.csv", district.district_chains_csv, name="district_chains_csv"),
]
