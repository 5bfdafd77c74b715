"""Who may reach the project pages (imported by django-rules' autodiscovery).

Which case, and whether they may change it, is decided by ``cases.selectors.get_case_for``;
who may validate a project by ``projects.selectors.may_validate`` (the pack's validation rules).
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head
from openaef.cases.rules import may_break_glass

# Reading follows the case page: an emergency access lets one read the project too.
rules.add_perm("projects.view_project", is_coordinator | is_office_head | may_break_glass)
rules.add_perm("projects.change_project", is_coordinator | is_office_head)
rules.add_perm("projects.validate_project", is_coordinator | is_office_head)
