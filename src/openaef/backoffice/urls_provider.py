"""The providers' portal (included by backoffice/urls.py under "provider/", namespace backoffice).

Ids only in these paths: a referral, a measure, a report, a service and its site.
"""

from django.urls import path

from . import views_provider as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("", views.provider_inbox, name="provider_inbox"),
    path("referrals/<int:pk>/", views.provider_referral_detail, name="provider_referral_detail"),
    path("referrals/<int:pk>/accept/", views.provider_referral_accept, name="provider_referral_accept"),
    path("referrals/<int:pk>/waiting-list/", views.provider_referral_waitlist, name="provider_referral_waitlist"),
    path("referrals/<int:pk>/decline/", views.provider_referral_decline, name="provider_referral_decline"),
    path("waiting-lists/", views.provider_waiting_lists, name="provider_waiting_lists"),
    path("capacity/", views.provider_capacity, name="provider_capacity"),
    path("capacity/<int:service_pk>/", views.provider_capacity_edit, name="provider_capacity_edit"),
    path(
        "capacity/<int:service_pk>/sites/<int:location_pk>/",
        views.provider_capacity_edit,
        name="provider_capacity_site_edit",
    ),
    path("measures/", views.provider_measure_list, name="provider_measure_list"),
    path("measures/<int:pk>/", views.provider_measure_detail, name="provider_measure_detail"),
    path("measures/<int:pk>/reports/new/", views.provider_report_new, name="provider_report_new"),
    path("measures/<int:pk>/activity/", views.provider_activity, name="provider_activity"),
    path("reports/<int:pk>/", views.provider_report_edit, name="provider_report_edit"),
    path("reports/<int:pk>/send/", views.provider_report_submit, name="provider_report_submit"),
]
