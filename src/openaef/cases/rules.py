"""Who may reach the case pages; which case they may see is decided by cases.selectors."""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

rules.add_perm("cases.view_cases", is_coordinator | is_office_head)
rules.add_perm("cases.open_case", is_coordinator | is_office_head)
rules.add_perm("cases.view_office_cases", is_office_head | is_coordinator)
rules.add_perm("cases.view_workload", is_office_head)
