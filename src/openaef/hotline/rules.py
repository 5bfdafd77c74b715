"""Who may reach the 116 000 console (django-rules autodiscovery imports this module).

The line is answered by the agency's priority management service during office hours (seed
002), so intake officers work it too, beside the 116 000 agents.
"""

from __future__ import annotations

import rules

from openaef.accounts.models import Role
from openaef.accounts.rules import _role, is_intake_officer

is_hotline_agent = _role(Role.HOTLINE_AGENT)

_LINE = is_hotline_agent | is_intake_officer

for _perm in ("hotline.view_calls", "hotline.record_call"):
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _LINE)
