"""URLs of the contribution pages (full paths under /staff/; ids only)."""

from django.urls import path

from . import views_finance_assessments as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("finance/contributions/", views.assessment_worklist, name="assessment_worklist"),
    path("finance/contributions/measures/<int:measure_pk>/assess/", views.assessment_create, name="assessment_create"),
    path("finance/contributions/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("finance/contributions/<int:pk>/change/", views.assessment_edit, name="assessment_edit"),
    path("finance/contributions/<int:pk>/check/", views.assessment_check, name="assessment_check"),
    path("finance/contributions/<int:pk>/discard/", views.assessment_discard, name="assessment_discard"),
    path("finance/contributions/<int:pk>/reassess/", views.assessment_reassess, name="assessment_reassess"),
    path("finance/contributions/<int:pk>/letter/", views.assessment_letter, name="assessment_letter"),
    path(
        "cases/<int:case_pk>/measures/<int:measure_pk>/contribution/",
        views.assessment_case_contribution,
        name="assessment_case_contribution",
    ),
]
