"""Retention of records: the data protection officer's runs and their reports (see rights.retention)."""

from django.urls import path

from . import views_retention as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("retention/", views.retention_rules_view, name="retention_rules"),
    path("retention/preview/", views.retention_preview_view, name="retention_preview"),
    path("retention/runs/", views.retention_runs, name="retention_runs"),
    path("retention/runs/<int:pk>/", views.retention_run_view, name="retention_run"),
    path("retention/runs/<int:pk>/actions.csv", views.retention_run_csv, name="retention_run_csv"),
]
