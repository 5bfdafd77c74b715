"""URLs of the foster pages (full paths under /staff/)."""

from django.urls import path

from . import views_foster as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("foster-families/", views.foster_register, name="foster_register"),
    path("foster-families/new/", views.foster_create, name="foster_create"),
    path("foster-families/<int:pk>/", views.foster_detail, name="foster_detail"),
    path("foster-families/<int:pk>/edit/", views.foster_edit, name="foster_edit"),
    path("foster-families/<int:pk>/do/<slug:action>/", views.foster_action, name="foster_action"),
    path("foster-families/<int:pk>/support/", views.foster_support, name="foster_support"),
    path("foster-families/<int:pk>/household/add/", views.foster_member_add, name="foster_member_add"),
    path(
        "foster-families/<int:pk>/household/<int:member_pk>/remove/",
        views.foster_member_remove,
        name="foster_member_remove",
    ),
    path("foster-families/<int:pk>/training/add/", views.foster_training_add, name="foster_training_add"),
    path("cases/<int:case_pk>/foster-suggestions/", views.foster_suggestions, name="foster_suggestions"),
]
