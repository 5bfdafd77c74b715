"""Who may reach the consent and complaint pages and the six-monthly list of placed children
(django-rules autodiscovery imports this module).

Which case is decided object by object through ``cases.selectors.get_case_for`` (404 outside
one's scope, ``can_edit`` for writes; the coordinator a complaint is assigned to may answer it).
The list of placed children names children across an office's cases: it is the office heads'
(ONE reports it every six months); a coordinator reads placements on their cases' pages.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

_AGENCY = is_coordinator | is_office_head

for _perm in ("consents.view_consent", "consents.change_consent"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _AGENCY)

if not rules.perm_exists("consents.view_placed_list"):
    rules.add_perm("consents.view_placed_list", is_office_head)
