"""Back-office pages: cases (included by backoffice/urls.py under the backoffice namespace).

Ids only in these paths: a case, a request, a participant. Names and dates of birth never
(the search form is POSTed).
"""

from django.urls import path

from . import views_cases, views_cases_open

urlpatterns: list = [
    path("", views_cases.case_list, name="case_list"),
    path("office/", views_cases.case_office_list, name="case_office_list"),
    path("workload/", views_cases.case_workload, name="case_workload"),
    path("search/", views_cases.case_search, name="case_search"),
    path("emergency/", views_cases_open.case_emergency_lookup, name="case_emergency_lookup"),
    path("new/", views_cases_open.case_open_view, name="case_open"),
    path("from-request/<int:request_pk>/", views_cases_open.case_open_from_request_view, name="case_open_from_request"),
    path("<int:pk>/", views_cases.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views_cases.case_edit, name="case_edit"),
    path("<int:pk>/status/", views_cases.case_transition_view, name="case_transition"),
    path("<int:pk>/assign/", views_cases.case_assign_view, name="case_assign"),
    path("<int:pk>/people/add/", views_cases_open.case_participant_add, name="case_participant_add"),
    path(
        "<int:pk>/people/<int:participant_pk>/remove/",
        views_cases.case_participant_remove,
        name="case_participant_remove",
    ),
]
