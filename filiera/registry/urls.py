from django.urls import path

from filiera.registry.views import (
    directory,
    district,
    duplicates,
    exports,
    firms,
    imports,
    members,
    sites,
)

urlpatterns = [
    path("d/<slug:slug>/", district.home, name="district_home"),
    path("firms/", directory.directory, name="firm_directory"),
    path("firms/new/", firms.create, name="firm_create"),
    path("firms/<int:pk>/", firms.detail, name="firm_detail"),
    path("firms/<int:pk>/edit/", firms.edit, name="firm_edit"),
    path("firms/<int:pk>/sites/new/", sites.create, name="site_create"),
    path("sites/<str:facility_id>/", sites.detail, name="site_detail"),
    path("sites/<str:facility_id>/edit/", sites.edit, name="site_edit"),
    path("municipalities/", sites.municipality_options, name="municipality_options"),
    path("firms/<int:pk>/people/", members.firm_members, name="firm_members"),
    path("firms/<int:pk>/history/", firms.audit_log, name="firm_audit"),
    path("districts/new/", district.create, name="district_create"),
    path("d/<slug:slug>/edit/", district.edit, name="district_edit"),
    path("d/<slug:slug>/staff/", members.district_members, name="district_members"),
    path("d/<slug:slug>/duplicates/", duplicates.review, name="duplicates"),
    path("d/<slug:slug>/duplicates/<int:pk>/", duplicates.decide, name="duplicate_decide"),
    path("d/<slug:slug>/import/", imports.import_companies, name="import_companies"),
    path("firms/export/", exports.export_firms, name="firm_export"),
]
