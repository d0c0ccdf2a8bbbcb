"""Qualification pages, one module per topic."""

from filiera.qualification.urls import (
    assessments,
    evidence,
    methodology,
    plan,
    review,
    scorecard,
)

urlpatterns = [
    *assessments.urlpatterns,
    *evidence.urlpatterns,
    *review.urlpatterns,
    *scorecard.urlpatterns,
    *plan.urlpatterns,
    *methodology.urlpatterns,
]
