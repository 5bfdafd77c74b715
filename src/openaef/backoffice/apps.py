from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "openaef.backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .signals import record_login_failure

        user_login_failed.connect(record_login_failure, dispatch_uid="openaef.backoffice.login_failed")
