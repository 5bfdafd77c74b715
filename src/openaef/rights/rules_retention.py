"""Who may see and apply the retention rules: the data protection officer (DESIGN.md: "runs
retention"). Imported by backoffice.views_retention so that the permissions exist wherever the
pages do; rights.rules should import it too (django-rules autodiscovery imports rules.py only)."""

from __future__ import annotations

import rules

from openaef.accounts.models import Role
from openaef.accounts.rules import _role

is_data_protection_officer = _role(Role.DATA_PROTECTION_OFFICER)

_PERMS = {
    "rights.view_retention": is_data_protection_officer,
    "rights.run_retention": is_data_protection_officer,
}
for _perm, _predicate in _PERMS.items():
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _predicate)
