"""Back-office pages: audit (included by backoffice/urls.py under the backoffice namespace)."""

from django.urls import path

from . import views_audit

urlpatterns: list = [
    path("log/", views_audit.audit_log, name="audit_log"),
    path("log/export.csv", views_audit.audit_log_export, name="audit_log_export"),
    path("emergency-accesses/", views_audit.emergency_access_list, name="emergency_access_list"),
    path("emergency-accesses/<int:pk>/", views_audit.emergency_access_detail, name="emergency_access_detail"),
    path("emergency/<str:subject_type>/<int:subject_id>/", views_audit.emergency_access, name="emergency_access"),
]
