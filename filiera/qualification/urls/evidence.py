"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py."""

from django.urls import path

from filiera.qualification.views import evidence

urlpatterns = [
    path("firms/<int:pk>/evidence/", evidence.firm_evidence, name="firm_evidence"),
    path("firms/<int:pk>/evidence/new/", evidence.create, name="evidence_create"),
    path("evidence/<int:pk>/", evidence.detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", evidence.edit, name="evidence_edit"),
    path("evidence/<int:pk>/delete/", evidence.delete, name="evidence_delete"),
    path("evidence/<int:pk>/file/", evidence.download, name="evidence_file"),
]
