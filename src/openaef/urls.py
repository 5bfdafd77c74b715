from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from openaef.api.api import api
from openaef.core.access import api_view
from openaef.core.views import healthz


def _api_urls():  # type: ignore[no-untyped-def]
    """django-ninja checks authentication per operation (deny by default: ``auth=django_auth``
    on the API, ``auth=None`` only on public operations), so the login middleware steps aside."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = api_view(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", _api_urls()),
]

urlpatterns += i18n_patterns(
    path("staff/", include("openaef.backoffice.urls")),
    path("", include("openaef.portal.urls")),
    prefix_default_language=True,
)
