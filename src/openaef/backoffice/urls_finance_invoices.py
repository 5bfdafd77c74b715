"""Parents' invoices pages (see finance.services_invoices)."""

from django.urls import path

from . import views_finance_invoices as views

urlpatterns = [
    path("finance/invoices/", views.invoice_list, name="invoice_list"),
    path("finance/invoices/runs/", views.invoice_runs, name="invoice_runs"),
    path("finance/invoices/runs/start/", views.invoice_run_start, name="invoice_run_start"),
    path("finance/invoices/reminders/start/", views.invoice_reminders_start, name="invoice_reminders_start"),
    path("finance/invoices/arrears/", views.invoice_arrears, name="invoice_arrears"),
    path("finance/invoices/arrears/export/", views.invoice_arrears_export, name="invoice_arrears_export"),
    path("finance/invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("finance/invoices/<int:pk>/pdf/", views.invoice_download, name="invoice_pdf"),
    path("finance/invoices/<int:pk>/reminders/<int:level>/pdf/", views.invoice_reminder_download, name="invoice_reminder_pdf"),
    path("finance/invoices/<int:pk>/payment/", views.invoice_payment, name="invoice_payment"),
    path("finance/invoices/<int:pk>/cancel/", views.invoice_cancel_view, name="invoice_cancel"),
]
