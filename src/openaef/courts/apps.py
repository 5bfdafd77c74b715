from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "openaef.courts"
    verbose_name = _("Courts and judicial decisions")
