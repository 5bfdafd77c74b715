from django.urls import path

from . import views_request as views

urlpatterns = [
    path("request/", views.request_start, name="request_start"),
    path("request/form/", views.request_form, name="request_form"),
    path("request/who-can-ask/", views.request_not_eligible, name="request_not_eligible"),
    path("request/sent/", views.request_confirmation, name="request_confirmation"),
    path("request/sent/receipt.pdf", views.request_receipt_pdf, name="request_receipt_pdf"),
]
