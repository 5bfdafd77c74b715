"""The JSON API (django-ninja). Its OpenAPI document is served at /api/openapi.json."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="OpenAEF API",
    version="1",
    description=str(_("Public catalogue and directory of the child and family support agency.")),
    urls_namespace="api",
    docs_url="/docs",
    auth=django_auth,  # deny by default; public operations say auth=None
)

from . import directory  # noqa: E402,F401  (registers the routes)
