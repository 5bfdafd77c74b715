"""Case files can be opened in an emergency (break the glass): registered once, at start-up.

Imported by ``cases/rules.py``, which django-rules' autodiscovery imports when Django starts.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openaef.audit.subjects import register_emergency_subject

from .selectors import EMERGENCY_SUBJECT

register_emergency_subject(EMERGENCY_SUBJECT, "backoffice:case_detail", _("case file"))
