"""Prints the demo accounts, their shared password and each one's authenticator secret (demo only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openaef.accounts.models import Role, User
from openaef.accounts.twofactor import confirmed_totp, manual_secret

from ._demo_data import DEMO_DOMAIN, USERS
from .load_demo import demo_email, demo_password

STAFF_URL = "http://127.0.0.1:8000/fr/staff/"


class Command(BaseCommand):
    help = "Lists the demo logins (role, e-mail, authenticator secret) and the demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").prefetch_related("memberships")}
        rows = []
        listed = [(users.get(demo_email(spec.local_part)), spec.role) for spec in USERS]
        # Accounts the demo's other parts add (a provider's staff), after the main cast.
        known = {user.email for user, _role in listed if user is not None}
        for email in sorted(set(users) - known):
            membership = next(iter(users[email].memberships.all()), None)
            if membership is not None:
                listed.append((users[email], membership.role))
        for user, role in listed:
            if user is not None:
                device = confirmed_totp(user)
                rows.append((str(Role(role).label), user.email, manual_secret(device).replace(" ", "") if device else "-"))
        if not rows:
            self.stdout.write("No demo accounts: run `manage.py load_demo` first.")
            return
        role_width = max(len(role) for role, _email, _secret in rows)
        email_width = max(len(email) for _role, email, _secret in rows)
        self.stdout.write("")
        self.stdout.write(f"Back office: {STAFF_URL}")
        self.stdout.write(f"Demo password for every account below: {demo_password()}")
        self.stdout.write("Second factor: add the secret to an authenticator app (time-based, 6 digits),")
        self.stdout.write("or print the current code with `.venv/bin/python manage.py totp_code <e-mail>`.")
        self.stdout.write("")
        self.stdout.write(f"{'Role'.ljust(role_width)}  {'E-mail'.ljust(email_width)}  Authenticator secret")
        self.stdout.write(f"{'-' * role_width}  {'-' * email_width}  {'-' * 32}")
        for role, email, secret in rows:
            self.stdout.write(f"{role.ljust(role_width)}  {email.ljust(email_width)}  {secret}")
        self.stdout.write("")
