"""Back-office pages: a case's intervention project (included under cases/).

Ids only in these paths (a case, a project, revisions in the query string of the comparison).
"""

from django.urls import path

from . import views_projects as views

urlpatterns: list = [
    path("<int:pk>/project/", views.project_start, name="project_start"),
    path("<int:pk>/project/new/", views.project_create, name="project_create"),
    path("<int:pk>/projects/<int:project_pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/projects/<int:project_pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/projects/<int:project_pk>/needs/", views.project_assessment, name="project_assessment"),
    path("<int:pk>/projects/<int:project_pk>/revisions/", views.project_revisions, name="project_revisions"),
    path("<int:pk>/projects/<int:project_pk>/revisions/compare/", views.project_compare, name="project_compare"),
    path("<int:pk>/projects/<int:project_pk>/validate/", views.project_validate, name="project_validate"),
    path("<int:pk>/projects/<int:project_pk>/status/<slug:action>/", views.project_transition, name="project_transition"),
    path("<int:pk>/projects/<int:project_pk>/evaluation/", views.project_evaluation, name="project_evaluation"),
    path("<int:pk>/projects/<int:project_pk>/sign/", views.project_sign, name="project_sign"),
    path("<int:pk>/projects/<int:project_pk>/pdf/", views.project_pdf_download, name="project_pdf"),
]
