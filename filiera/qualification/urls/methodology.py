"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py."""

from django.urls import path

from filiera.qualification.views import methodology, methodology_edit, methodology_rescore

V = "methodologies/<slug:slug>/<int:number>"

urlpatterns: list = [
    path("methodologies/", methodology.methodology_list, name="methodology_list"),
    path(f"{V}/", methodology.version_detail, name="methodology_version"),
    path(f"{V}.json", methodology.version_json, name="methodology_json"),
    path(f"{V}.yaml", methodology.version_yaml, name="methodology_yaml"),
    path(f"{V}/derive/", methodology.derive, name="methodology_derive"),
    path(f"{V}/edit/", methodology_edit.edit, name="methodology_edit"),
    path(f"{V}/publish/", methodology_edit.publish, name="methodology_publish"),
    path(f"{V}/rescore/", methodology_rescore.rescore, name="methodology_rescore"),
]
