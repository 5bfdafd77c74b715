"""URLs of the placements pages (full paths under /staff/)."""

from django.urls import path

from . import views_placement_move
from . import views_placements as views

_ONE = "cases/<int:case_pk>/placements/<int:pk>/"

urlpatterns: list = [  # type: ignore[type-arg]
    path("cases/<int:case_pk>/placements/", views.placement_list, name="placement_list"),
    path("cases/<int:case_pk>/placements/open/", views.placement_open, name="placement_open"),
    path(_ONE, views.placement_detail, name="placement_detail"),
    path(_ONE + "admit/", views.placement_admit, name="placement_admit"),
    path(_ONE + "transfer/", views.placement_transfer, name="placement_transfer"),
    path(_ONE + "discharge/", views.placement_discharge, name="placement_discharge"),
    path(_ONE + "move-on/", views_placement_move.placement_move, name="placement_move_on"),
    path(_ONE + "visits/add/", views.placement_visit, name="placement_visit_add"),
    path(_ONE + "visits/<int:visit_pk>/", views.placement_visit, name="placement_visit_edit"),
    path(_ONE + "agreement/", views.placement_agreement, name="placement_agreement"),
    path(_ONE + "agreement/pdf/", views.placement_agreement_pdf, name="placement_agreement_pdf"),
    path(_ONE + "agreement/sign/", views.placement_agreement_sign, name="placement_agreement_sign"),
    path(_ONE + "abroad/", views.placement_abroad, name="placement_abroad"),
    path(_ONE + "abroad/pdf/", views.placement_abroad_pdf, name="placement_abroad_pdf"),
]
