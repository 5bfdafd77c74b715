"""The 116 000 console (see hotline)."""

from django.urls import path

from . import views_hotline as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("hotline/", views.hotline_console, name="hotline_console"),
    path("hotline/calls/", views.hotline_calls, name="hotline_calls"),
    path("hotline/calls/<int:pk>/", views.hotline_call, name="hotline_call"),
    path("hotline/calls/<int:pk>/steps/<slug:code>/", views.hotline_step_done, name="hotline_step_done"),
    path("hotline/calls/<int:pk>/handover/", views.hotline_handover, name="hotline_handover"),
    path("hotline/calls/<int:pk>/close/", views.hotline_close, name="hotline_close"),
    path("hotline/calls/<int:pk>/follow-up/", views.hotline_follow_up_open, name="hotline_follow_up_open"),
    path("hotline/follow-ups/", views.hotline_follow_ups, name="hotline_follow_ups"),
    path("hotline/follow-ups/<int:pk>/", views.hotline_follow_up, name="hotline_follow_up"),
    path("hotline/follow-ups/<int:pk>/<slug:action>/", views.hotline_follow_up_action, name="hotline_follow_up_action"),
    path("hotline/figures/", views.hotline_figures, name="hotline_figures"),
    path("hotline/figures.csv", views.hotline_figures_csv, name="hotline_figures_csv"),
]
