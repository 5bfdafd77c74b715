"""File-access requests, public side (see rights)."""

from django.urls import path

from . import views_rights as views

urlpatterns = [
    path("see-your-file/", views.file_access_start, name="file_access_start"),
    path("see-your-file/form/", views.file_access_form, name="file_access_form"),
    path("see-your-file/sent/", views.file_access_confirmation, name="file_access_confirmation"),
]
