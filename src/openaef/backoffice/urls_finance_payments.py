"""URLs of the payment runs and the ledger pages (full paths under /staff/)."""

from django.urls import path

from . import views_finance_payments as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("finance/payment-runs/", views.payment_run_list, name="payment_run_list"),
    path("finance/payment-runs/new/", views.payment_run_prepare, name="payment_run_prepare"),
    path("finance/payment-runs/<int:pk>/", views.payment_run_detail, name="payment_run_detail"),
    path("finance/payment-runs/<int:pk>/file/", views.payment_run_file, name="payment_run_file"),
    path("finance/payment-runs/<int:pk>/approve/", views.payment_run_approve, name="payment_run_approve"),
    path("finance/payment-runs/<int:pk>/cancel/", views.payment_run_cancel, name="payment_run_cancel"),
    path("finance/ledger/", views.ledger_journal, name="ledger_journal"),
    path("finance/ledger/balances/", views.ledger_balances, name="ledger_balances"),
    path("finance/ledger/export/", views.ledger_export, name="ledger_export"),
]
