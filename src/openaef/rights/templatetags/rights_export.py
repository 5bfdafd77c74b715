"""The exports section of a file-access request page, which only has the request in its context."""

from __future__ import annotations

from django import template

from openaef.rights.models import FileAccessRequest
from openaef.rights.selectors_export import ExportPanel, export_panel

register = template.Library()


@register.simple_tag
def export_panel_for(access_request: FileAccessRequest) -> ExportPanel:
    return export_panel(access_request)
