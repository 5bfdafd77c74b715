from django.urls import path

from . import views_catalogue as views

urlpatterns = [
    path("", views.home, name="home"),
]
