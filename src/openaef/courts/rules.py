"""Who may reach the court pages (django-rules autodiscovery imports this module).

Which case is decided object by object: ``cases.selectors.get_case_for`` (404 outside one's
scope, ``can_edit`` for writes). The remedies' time limits are set by administrators, who see
no case content.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_administrator, is_coordinator, is_office_head

_AGENCY = is_coordinator | is_office_head

for _perm in ("courts.view_decision", "courts.change_decision"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _AGENCY)

if not rules.perm_exists("courts.set_time_limits"):
    rules.add_perm("courts.set_time_limits", is_administrator)
