from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "openaef.hotline"
    verbose_name = _("116 000 line")
