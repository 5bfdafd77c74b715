"""Who may do what: django-rules predicates and the permissions named by the views."""

from __future__ import annotations

import rules

from .models import Role


def _role(*roles: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user: object) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles)  # type: ignore[attr-defined]

    return predicate


is_intake_officer = _role(Role.INTAKE_OFFICER)
is_office_head = _role(Role.OFFICE_HEAD)
is_coordinator = _role(Role.COORDINATOR)
is_administrator = _role(Role.ADMINISTRATOR)
is_provider_staff = _role(Role.PROVIDER_STAFF)
is_finance_officer = _role(Role.FINANCE_OFFICER)
is_professional = _role(*Role.values)

# Intake: the priority management team triages; office heads see what was assigned to their office.
rules.add_perm("intake.view_inbox", is_intake_officer | is_office_head)
rules.add_perm("intake.view_request", is_intake_officer | is_office_head)
rules.add_perm("intake.record_request", is_intake_officer)
rules.add_perm("intake.triage_request", is_intake_officer)

# Every professional has a home page in the back office.
rules.add_perm("backoffice.view_home", is_professional)

# Signing in and one's own account: anyone signed in (every account is a professional's).
is_signed_in = rules.is_authenticated & rules.is_active
rules.add_perm("accounts.use_second_factor", is_signed_in)
rules.add_perm("accounts.view_own_account", is_signed_in)
rules.add_perm("accounts.change_own_account", is_signed_in)
