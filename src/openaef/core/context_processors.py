from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .packs import get_pack


def openaef(request: HttpRequest) -> dict[str, Any]:
    pack = get_pack()
    return {
        "pack": pack.config,
        "interface_languages": settings.LANGUAGES,
    }
