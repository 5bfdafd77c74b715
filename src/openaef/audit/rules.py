"""Permissions of the audit app (imported by django-rules' autodiscovery)."""

from __future__ import annotations

import rules

from openaef.accounts.models import Role
from openaef.accounts.rules import is_coordinator, is_intake_officer, is_office_head


@rules.predicate
def is_data_protection_officer(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.DATA_PROTECTION_OFFICER)  # type: ignore[attr-defined]


# The log and the emergency accesses are the data protection officer's (GDPR art. 38-39).
rules.add_perm("audit.view_log", is_data_protection_officer)
rules.add_perm("audit.review_emergency_access", is_data_protection_officer)
# Professionals who may ever see case files may open one outside their scope in an emergency.
rules.add_perm("audit.open_emergency_access", is_coordinator | is_office_head | is_intake_officer)
