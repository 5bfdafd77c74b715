from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "openaef.rights"
    verbose_name = _("Access to one's file and retention")
