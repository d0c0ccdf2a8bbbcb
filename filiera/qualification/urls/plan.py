"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py.

Improvement plans, benchmarks and the VSME export (with the profile form that feeds it)."""

from django.urls import path

from filiera.qualification.views import benchmarks, plan, vsme

urlpatterns = [
    path("firms/<int:pk>/plan/", plan.firm_plan, name="firm_plan"),
    path("firms/<int:pk>/plan/refresh/", plan.firm_plan_refresh, name="firm_plan_refresh"),
    path("plan/actions/<int:pk>/", plan.plan_action_update, name="plan_action_update"),
    path("firms/<int:pk>/benchmarks/", benchmarks.firm_benchmarks, name="firm_benchmarks"),
    path("d/<slug:slug>/scores/", benchmarks.district_scores, name="district_scores"),
    path("d/<slug:slug>/scores.csv", benchmarks.district_scores_csv, name="district_scores_csv"),
    path("assessments/<int:pk>/vsme/", vsme.assessment_vsme, name="assessment_vsme"),
    path("assessments/<int:pk>/vsme.json", vsme.assessment_vsme_json, name="assessment_vsme_json"),
    path("assessments/<int:pk>/vsme.xlsx", vsme.assessment_vsme_xlsx, name="assessment_vsme_xlsx"),
    path("assessments/<int:pk>/profile/", vsme.assessment_profile, name="assessment_profile"),
]
