from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openaef.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .signals import on_logged_in, on_logged_out

        user_logged_in.connect(on_logged_in, dispatch_uid="openaef.accounts.session_started")
        user_logged_out.connect(on_logged_out, dispatch_uid="openaef.accounts.session_finished")
