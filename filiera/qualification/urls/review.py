"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py.

Review: the district's queue, the review of one assessment and its transitions, corrections of
answers and their disputes."""

from django.urls import path

from filiera.qualification.views import review, review_corrections

urlpatterns = [
    path("d/<slug:slug>/reviews/", review.queue, name="review_queue"),
    path("assessments/<int:pk>/review/", review.review, name="assessment_review"),
    path("assessments/<int:pk>/review/take/", review.take, name="review_take"),
    path("assessments/<int:pk>/review/return/", review.return_to_firm, name="review_return"),
    path("assessments/<int:pk>/review/verify/", review.verify, name="review_verify"),
    path("answers/<int:pk>/correct/", review_corrections.correct, name="answer_correct"),
    path("corrections/<int:pk>/", review_corrections.detail, name="correction_detail"),
    path("corrections/<int:pk>/dispute/", review_corrections.dispute, name="correction_dispute"),
    path("corrections/<int:pk>/resolve/", review_corrections.resolve, name="correction_resolve"),
    path(
        "assessments/<int:pk>/corrections/",
        review_corrections.assessment_corrections,
        name="assessment_corrections",
    ),
]
