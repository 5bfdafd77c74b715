from django.urls import include, path

from . import views_auth, views_dashboard, views_inbox, views_record, views_request

app_name = "backoffice"

urlpatterns = [
    path("", views_auth.home, name="home"),
    path("today/", views_dashboard.dashboard, name="dashboard"),
    path("login/", views_auth.login, name="login"),
    path("logout/", views_auth.logout, name="logout"),
    path("requests/", views_inbox.inbox, name="inbox"),
    path("requests/new/", views_record.request_record, name="request_record"),
    path("requests/<int:pk>/", views_request.request_detail, name="request_detail"),
    path("requests/<int:pk>/triage/", views_request.request_triage, name="request_triage"),
    path("requests/<int:pk>/priority/", views_request.request_priority, name="request_priority"),
    path("coordinators/", views_request.coordinator_options, name="coordinator_options"),
    path("people/", include("openaef.backoffice.urls_people")),
    path("cases/", include("openaef.backoffice.urls_cases")),
    path("cases/", include("openaef.backoffice.urls_case_journal")),
    path("cases/", include("openaef.backoffice.urls_projects")),
    path("cases/", include("openaef.backoffice.urls_measures")),
    path("provider/", include("openaef.backoffice.urls_provider")),
    path("", include("openaef.backoffice.urls_courts")),
    path("", include("openaef.backoffice.urls_placements")),
    path("", include("openaef.backoffice.urls_foster")),
    path("", include("openaef.backoffice.urls_consents")),
    path("", include("openaef.backoffice.urls_finance_home")),
    path("", include("openaef.backoffice.urls_finance_assessments")),
    path("", include("openaef.backoffice.urls_finance_billing")),
    path("", include("openaef.backoffice.urls_finance_payments")),
    path("", include("openaef.backoffice.urls_finance_invoices")),
    path("", include("openaef.backoffice.urls_finance_aid")),
    path("", include("openaef.backoffice.urls_finance_parameters")),
    path("", include("openaef.backoffice.urls_hotline")),
    path("", include("openaef.backoffice.urls_rights")),
    path("", include("openaef.backoffice.urls_rights_export")),
    path("", include("openaef.backoffice.urls_retention")),
    path("notifications/", include("openaef.backoffice.urls_notifications")),
    path("audit/", include("openaef.backoffice.urls_audit")),
    path("account/", include("openaef.backoffice.urls_account")),
]
