"""Prints the demo accounts and their shared password (demo only), before the server starts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openaef.accounts.models import User

from ._demo_data import DEMO_DOMAIN, USERS
from .load_demo import demo_email, demo_password

STAFF_URL = "http://127.0.0.1:8000/fr/staff/"


class Command(BaseCommand):
    help = "Lists the demo logins (role, e-mail) and the demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True))
        rows = [(str(spec.role.label), demo_email(spec.local_part)) for spec in USERS if demo_email(spec.local_part) in existing]
        if not rows:
            self.stdout.write("No demo accounts: run `manage.py load_demo` first.")
            return
        width = max(len(role) for role, _email in rows)
        self.stdout.write("")
        self.stdout.write(f"Back office: {STAFF_URL}")
        self.stdout.write(f"Demo password for every account below: {demo_password()}")
        self.stdout.write("")
        self.stdout.write(f"{'Role'.ljust(width)}  E-mail")
        self.stdout.write(f"{'-' * width}  {'-' * 34}")
        for role, email in rows:
            self.stdout.write(f"{role.ljust(width)}  {email}")
        self.stdout.write("")
