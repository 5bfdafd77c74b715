"""Who may reach the foster family pages (django-rules autodiscovery imports this module).

Foster families are the agency's, not an office's: every coordinator and office head may see
and change the register (approvals are recorded by the agency for the whole country)."""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

_AGENCY = is_coordinator | is_office_head

for _perm in ("foster.view_family", "foster.change_family"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _AGENCY)
