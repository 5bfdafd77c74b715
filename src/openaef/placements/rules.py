"""Who may reach the placement pages (django-rules autodiscovery imports this module).

Which case and which placement is decided object by object: ``placements.selectors.get_placement_for``
(404 outside one's scope; ``can_edit`` of the case for writes)."""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

_AGENCY = is_coordinator | is_office_head

for _perm in ("placements.view_placement", "placements.change_placement"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _AGENCY)
