"""File-access requests, staff side (see rights)."""

from django.urls import path

from . import views_rights as views
from . import views_rights_appointments as appointments

APPOINTMENT = "file-access/<int:pk>/appointment/<int:appointment_pk>/"

urlpatterns = [
    path("file-access/", views.file_access_list, name="file_access_list"),
    path("file-access/record/", views.file_access_record, name="file_access_record"),
    path("file-access/<int:pk>/", views.file_access_detail, name="file_access_detail"),
    path("file-access/<int:pk>/identity/", views.file_access_identity, name="file_access_identity"),
    path("file-access/<int:pk>/status/", views.file_access_transition, name="file_access_transition"),
    path("file-access/<int:pk>/person/", views.file_access_person, name="file_access_person"),
    path("file-access/<int:pk>/person/link/", views.file_access_person_link, name="file_access_person_link"),
    path("file-access/<int:pk>/appointment/", appointments.file_access_appointment, name="file_access_appointment"),
    path(APPOINTMENT + "move/", appointments.file_access_appointment_move, name="file_access_appointment_move"),
    path(APPOINTMENT + "cancel/", appointments.file_access_appointment_cancel, name="file_access_appointment_cancel"),
    path(APPOINTMENT + "missed/", appointments.file_access_appointment_missed, name="file_access_appointment_missed"),
    path(APPOINTMENT + "invitation.ics", appointments.file_access_appointment_ics, name="file_access_appointment_ics"),
    path(APPOINTMENT + "letter/", appointments.file_access_appointment_letter, name="file_access_appointment_letter"),
    path("file-access/<int:pk>/consultation/", appointments.file_access_consultation, name="file_access_consultation"),
]
