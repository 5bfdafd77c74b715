"""Who may reach the agency's measure pages (django-rules autodiscovery imports this module).

Which case and which measure is decided object by object: ``cases.selectors.get_case_for``
(404 outside one's scope, ``can_edit`` for writes) and ``measures.selectors.get_measure_for``.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

_AGENCY = is_coordinator | is_office_head

for _perm in ("measures.view_measure", "measures.change_measure", "measures.review_report"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _AGENCY)

# The providers' portal's permissions live beside its services.
import openaef.measures.rules_provider  # noqa: E402,F401
