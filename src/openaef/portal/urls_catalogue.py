from django.urls import path

from . import views_catalogue as views

urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<str:code>/", views.measure_detail, name="measure_detail"),
    path("services/", views.directory, name="directory"),
    path("services/<str:code>/", views.service_detail, name="service_detail"),
    path("offices/", views.office_list, name="office_list"),
    path("who-can-ask/", views.eligibility, name="eligibility"),
    path("116000/", views.hotline, name="hotline"),
]
