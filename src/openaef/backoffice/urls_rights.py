"""File-access requests, staff side (see rights)."""

from django.urls import path

from . import views_rights as views

urlpatterns = [
    path("file-access/", views.file_access_list, name="file_access_list"),
    path("file-access/record/", views.file_access_record, name="file_access_record"),
    path("file-access/<int:pk>/", views.file_access_detail, name="file_access_detail"),
    path("file-access/<int:pk>/identity/", views.file_access_identity, name="file_access_identity"),
    path("file-access/<int:pk>/status/", views.file_access_transition, name="file_access_transition"),
]
