from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "openaef.consents"
    verbose_name = _("Parents' consent and complaints")
