"""Exports of a person's file for a file-access request: review of each item, then release as PDF."""

from django.urls import path

from . import views_rights_export as views

urlpatterns = [
    path("file-access/<int:pk>/export/", views.export_prepare_view, name="file_access_export_prepare"),
    path("file-access/exports/<int:export_pk>/", views.export_review, name="file_access_export_review"),
    path(
        "file-access/exports/<int:export_pk>/items/<int:item_pk>/",
        views.export_item_decide_view,
        name="file_access_export_decide",
    ),
    path("file-access/exports/<int:export_pk>/release/", views.export_release_view, name="file_access_export_release"),
    path("file-access/exports/<int:export_pk>/discard/", views.export_discard_view, name="file_access_export_discard"),
    path("file-access/exports/<int:export_pk>/pdf/", views.export_pdf_download, name="file_access_export_pdf"),
]
