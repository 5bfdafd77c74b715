"""URLs of the courts pages (full paths under /staff/)."""

from django.urls import path

from . import views_courts as views

_DECISION = "cases/<int:case_pk>/court/decisions/<int:pk>/"

urlpatterns: list = [  # type: ignore[type-arg]
    path("cases/<int:case_pk>/court/", views.court_page, name="court_page"),
    path("cases/<int:case_pk>/court/decisions/add/", views.court_decision_add, name="court_decision_add"),
    path(_DECISION, views.court_decision_detail, name="court_decision_detail"),
    path(_DECISION + "edit/", views.court_decision_edit, name="court_decision_edit"),
    path(_DECISION + "measures/add/", views.court_order_add, name="court_order_add"),
    path(_DECISION + "measures/<int:order_pk>/remove/", views.court_order_remove, name="court_order_remove"),
    path(_DECISION + "remedies/add/", views.court_remedy_add, name="court_remedy_add"),
    path(_DECISION + "remedies/<int:remedy_pk>/", views.court_remedy_close, name="court_remedy_close"),
    path("cases/<int:case_pk>/court/hearings/add/", views.court_hearing_add, name="court_hearing_add"),
    path("cases/<int:case_pk>/court/hearings/<int:pk>/", views.court_hearing_edit, name="court_hearing_edit"),
    path("courts/time-limits/", views.court_time_limits, name="court_time_limits"),
]
