from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "openaef.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from openaef.measures import guards

        from .checks import measure_guard

        guards.register(measure_guard)
