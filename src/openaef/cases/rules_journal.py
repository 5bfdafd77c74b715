"""Who may reach the journal's write pages; which case and which note is decided by the
selectors (cases.selectors_journal) and the services, object by object."""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

if not rules.perm_exists("cases.write_journal"):
    rules.add_perm("cases.write_journal", is_coordinator | is_office_head)
