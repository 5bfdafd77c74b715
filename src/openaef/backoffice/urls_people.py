"""Back-office pages: people (included by backoffice/urls.py under the backoffice namespace)."""

from django.urls import path

from . import views_people as views

urlpatterns: list = [
    path("", views.person_search_view, name="person_search"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/relationships/new/", views.person_relationship_add, name="person_relationship_add"),
    path("<int:pk>/relationships/<int:relationship_pk>/end/", views.person_relationship_end, name="person_relationship_end"),
    path("<int:pk>/households/new/", views.person_household_add, name="person_household_add"),
    path(
        "<int:pk>/households/<int:household_pk>/members/new/",
        views.person_household_member_add,
        name="person_household_member_add",
    ),
    path(
        "<int:pk>/households/members/<int:member_pk>/end/",
        views.person_household_member_end,
        name="person_household_member_end",
    ),
    path("<int:pk>/duplicates/", views.person_duplicates, name="person_duplicates"),
    path("<int:pk>/merge/<int:other_pk>/", views.person_merge_view, name="person_merge"),
]
