"""Retention of records: the data protection officer's runs and their reports (see rights.retention)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
