"""Back-office pages: account (included by backoffice/urls.py under the backoffice namespace)."""

from django.urls import path

from . import views_account

urlpatterns: list = [
    path("", views_account.account, name="account"),
    path("verify/", views_account.verify, name="account_verify"),
    path("set-up/", views_account.enrol, name="account_enrol"),
    path("recovery-codes/", views_account.recovery_codes, name="account_recovery_codes"),
    path("confirm/", views_account.reauthenticate, name="account_reauthenticate"),
    path("email/", views_account.change_email, name="account_email"),
    path("second-factor/reset/", views_account.reset_second_factor, name="account_reset_second_factor"),
]
