"""Back-office pages: a case's journal notes, documents, deadlines and tasks (included under cases/)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
