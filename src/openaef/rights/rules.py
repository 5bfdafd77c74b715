"""Who may reach the file-access request pages (django-rules autodiscovery imports this module).

The data protection officer handles the requests; intake officers, who open the post and meet
people at the desk, may record a request received on paper or in person, but not read them.
"""

from __future__ import annotations

import rules

from openaef.accounts.models import Role
from openaef.accounts.rules import _role, is_intake_officer

is_data_protection_officer = _role(Role.DATA_PROTECTION_OFFICER)

_PERMS = {
    "rights.view_requests": is_data_protection_officer,
    "rights.handle_request": is_data_protection_officer,
    "rights.record_request": is_data_protection_officer | is_intake_officer,
}
for _perm, _predicate in _PERMS.items():
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _predicate)

# The retention pages' permissions live with the retention code.
from . import rules_retention  # noqa: E402, F401
