"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py."""

from django.urls import path

from filiera.qualification.views import scorecard, scorecard_public, scorecard_weightings

urlpatterns = [
    path("assessments/<int:pk>/scorecard/", scorecard.scorecard, name="assessment_scorecard"),
    path(
        "assessments/<int:pk>/scorecard.pdf",
        scorecard.scorecard_pdf,
        name="assessment_scorecard_pdf",
    ),
    path("v/<uuid:token>/", scorecard_public.public, name="scorecard_public"),
    path("firms/<int:pk>/publication/", scorecard_public.settings, name="scorecard_publication"),
    path(
        "firms/<int:pk>/weightings/",
        scorecard_weightings.firm_weightings,
        name="weighting_list",
    ),
    path("weightings/<int:pk>/edit/", scorecard_weightings.weighting_edit, name="weighting_edit"),
    path(
        "d/<slug:slug>/weightings/",
        scorecard_weightings.district_weightings,
        name="district_weightings",
    ),
]
