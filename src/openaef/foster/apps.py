from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FosterConfig(AppConfig):
    name = "openaef.foster"
    verbose_name = _("Foster families")
