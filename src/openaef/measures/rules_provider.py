"""Who may reach the providers' portal. Which referral, measure or service is decided object by
object in ``measures.selectors_provider`` (Http404 outside the user's providers).

Not autodiscovered (django-rules imports ``<app>.rules`` only): imported by
``backoffice.views_provider`` and ``measures.services_provider``; the lead may add
``from . import rules_provider  # noqa: F401`` to ``measures/rules.py``.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_provider_staff

PROVIDER_PERMISSIONS = (
    "measures.view_referrals",
    "measures.answer_referral",
    "measures.manage_capacity",
    "measures.write_report",
    "measures.record_activity",
)

for _perm in PROVIDER_PERMISSIONS:
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, is_provider_staff)
