"""Who may reach the person pages; which persons they may see is decided by people.selectors.

Merging is for office heads: it rewrites links in every case the two records take part in,
so it needs someone answerable for the office's files, not only for one case.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_coordinator, is_office_head

rules.add_perm("people.view_person", is_coordinator | is_office_head)
rules.add_perm("people.edit_person", is_coordinator | is_office_head)
rules.add_perm("people.merge_persons", is_office_head)
