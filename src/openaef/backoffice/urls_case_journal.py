"""Back-office pages: a case's journal notes, documents, deadlines and tasks (included under cases/)."""

from django.urls import path

from . import views_case_journal as views

urlpatterns: list = [
    path("tasks/overdue/", views.tasks_overdue, name="tasks_overdue"),
    path("<int:pk>/journal/", views.case_journal, name="case_journal"),
    path("<int:pk>/notes/add/", views.case_note_add, name="case_note_add"),
    path("<int:pk>/notes/<int:note_pk>/edit/", views.case_note_edit, name="case_note_edit"),
    path("<int:pk>/documents/upload/", views.case_document_upload, name="case_document_upload"),
    path("<int:pk>/documents/<int:document_pk>/download/", views.case_document_download, name="case_document_download"),
    path("<int:pk>/tasks/add/", views.case_task_add, name="case_task_add"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", views.case_task_edit, name="case_task_edit"),
    path("<int:pk>/tasks/<int:task_pk>/done/", views.case_task_complete, name="case_task_complete"),
    path("<int:pk>/tasks/<int:task_pk>/undo/", views.case_task_reopen, name="case_task_reopen"),
]
