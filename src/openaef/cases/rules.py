"""Who may reach the case pages; which case they may see is decided by cases.selectors.

A page that shows one case also goes through ``get_case_for``, which answers "not found" for a
case outside the user's scope and says whether they may change it (the assigned coordinator and
the office head) or only read it (the office's other coordinators).
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

from . import emergency  # noqa: F401  registers case files as an emergency-access subject

rules.add_perm("cases.view_cases", is_coordinator | is_office_head)
rules.add_perm("cases.open_case", is_coordinator | is_office_head)
rules.add_perm("cases.view_office_cases", is_office_head | is_coordinator)
rules.add_perm("cases.view_workload", is_office_head)
# Object-level: get_case_for(...).can_edit says which case; these only let the request through.
rules.add_perm("cases.change_case", is_coordinator | is_office_head)
rules.add_perm("cases.assign_case", is_office_head)
rules.add_perm("cases.search_cases", is_coordinator | is_office_head)


@rules.predicate
def may_break_glass(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("audit.open_emergency_access")  # type: ignore[attr-defined]


# One case's page: those who see cases, and those granted an emergency access to one (the
# access function lets them in only while their grant lasts).
rules.add_perm("cases.view_case", is_coordinator | is_office_head | may_break_glass)

# The journal's permissions (notes, documents, tasks) live beside its services.
import openaef.cases.rules_journal  # noqa: E402,F401
