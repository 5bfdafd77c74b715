"""Back-office pages: account (included by backoffice/urls.py under the backoffice namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
