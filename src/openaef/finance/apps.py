from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "openaef.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from openaef.measures import guards

        from .selectors_billing import activity_guard

        guards.register_activity(activity_guard)
