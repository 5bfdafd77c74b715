"""Back-office pages: a case's measures, from the agency's side (included under cases/)."""

from django.urls import path

from . import views_measures as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("<int:pk>/measures/", views.measure_list, name="measure_list"),
    path("<int:pk>/measures/add/", views.measure_create, name="measure_create"),
    path("<int:pk>/measures/<int:measure_pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/measures/<int:measure_pk>/refer/", views.measure_refer, name="measure_refer"),
    path("<int:pk>/measures/<int:measure_pk>/do/<slug:action>/", views.measure_action, name="measure_action"),
    path(
        "<int:pk>/measures/<int:measure_pk>/referrals/<int:referral_pk>/withdraw/",
        views.measure_referral_withdraw,
        name="measure_referral_withdraw",
    ),
    path("<int:pk>/measures/<int:measure_pk>/reports/<int:report_pk>/", views.measure_report, name="measure_report"),
    path(
        "<int:pk>/measures/<int:measure_pk>/reports/<int:report_pk>/review/",
        views.measure_report_review,
        name="measure_report_review",
    ),
]
