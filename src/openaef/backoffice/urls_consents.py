"""URLs of the consents pages (full paths under /staff/): a case's consents to special acts,
everyday acts and complaints, and the six-monthly list of placed children. Ids only in paths;
the list's reference date is a query parameter (a date, nothing personal)."""

from django.urls import path

from . import views_consents as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("cases/<int:case_pk>/consents/", views.consent_page, name="consent_page"),
    path("cases/<int:case_pk>/consents/requests/add/", views.consent_request_create, name="consent_request_create"),
    path("cases/<int:case_pk>/consents/requests/<int:pk>/", views.consent_request_detail, name="consent_request_detail"),
    path(
        "cases/<int:case_pk>/consents/requests/<int:pk>/do/<slug:action>/",
        views.consent_request_action,
        name="consent_request_action",
    ),
    path("cases/<int:case_pk>/consents/everyday-acts/add/", views.everyday_act_create, name="everyday_act_create"),
    path("cases/<int:case_pk>/consents/complaints/add/", views.complaint_create, name="complaint_create"),
    path("cases/<int:case_pk>/consents/complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path(
        "cases/<int:case_pk>/consents/complaints/<int:pk>/do/<slug:action>/",
        views.complaint_action,
        name="complaint_action",
    ),
    path("placed-children/", views.placed_children, name="placed_children"),
    path("placed-children/export/<slug:fmt>/", views.placed_children_export, name="placed_children_export"),
]
