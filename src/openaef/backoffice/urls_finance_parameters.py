"""The dated parameters of the pack in use (included under /staff/ with an empty prefix,
namespace backoffice). A parameter's dotted name is a rule's name, not personal data."""

from django.urls import path

from . import views_finance_parameters as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("parameters/", views.parameters_list, name="parameters_list"),
    path("parameters/<str:name>/", views.parameters_detail, name="parameters_detail"),
    path("parameters/<str:name>/values/", views.parameters_value_add, name="parameters_value_add"),
    path("parameters/<str:name>/values/<int:pk>/remove/", views.parameters_value_remove, name="parameters_value_remove"),
]
