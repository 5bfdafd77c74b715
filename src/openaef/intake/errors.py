from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openaef.core.errors import StaleVersion as _StaleVersion
from openaef.core.errors import TransitionNotAllowed

__all__ = ["StaleVersion", "TransitionNotAllowed"]


class StaleVersion(_StaleVersion):
    message = _(
        "Someone else changed this request while you were working on it. Your changes were not saved: "
        "check the current version below, then apply them again."
    )
