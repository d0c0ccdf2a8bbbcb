"""URLs of the firm's side of a self-assessment; composed in filiera/qualification/urls/__init__.py."""

from django.urls import path

from filiera.qualification.views import assessments, assessments_area

urlpatterns = [
    path(
        "firms/<int:pk>/qualification/", assessments.firm_qualification, name="firm_qualification"
    ),
    path("firms/<int:pk>/assessments/new/", assessments.start, name="assessment_start"),
    path("assessments/<int:pk>/", assessments.detail, name="assessment_detail"),
    path("assessments/<int:pk>/submit/", assessments.submit, name="assessment_submit"),
    path("assessments/<int:pk>/areas/<str:area>/", assessments_area.area, name="assessment_area"),
    path(
        "assessments/<int:pk>/areas/<str:area>/carry/",
        assessments_area.carry,
        name="assessment_carry",
    ),
    path(
        "assessments/<int:pk>/answers/<str:code>/",
        assessments_area.answer,
        name="assessment_answer",
    ),
]
