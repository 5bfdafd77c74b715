from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "openaef.measures"
    verbose_name = _("Measures and referrals")
