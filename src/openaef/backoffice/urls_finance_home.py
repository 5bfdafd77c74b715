"""The finance home page."""

from django.urls import path

from . import views_finance_home as views

urlpatterns = [
    path("finance/", views.finance_home, name="finance_home"),
]
