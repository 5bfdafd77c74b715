from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openaef.accounts.models import Role
from openaef.accounts.services import user_grant_role
from openaef.directory.models import Office, Provider


class Command(BaseCommand):
    help = "Creates a professional account if needed and grants it a role; set the password with `changepassword`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--name", default="", help="Full name (for a new account).")
        parser.add_argument("--office", help="Office code from the pack, e.g. ORE-ESCH.")
        parser.add_argument("--provider", help="Provider code from the pack.")

    def handle(
        self, *args: Any, email: str, role: str, name: str, office: str | None, provider: str | None, **options: Any
    ) -> None:
        office_obj = provider_obj = None
        if office:
            office_obj = Office.objects.filter(pack=settings.OPENAEF_PACK, code=office).first()
            if office_obj is None:
                raise CommandError(f"No office {office!r} in pack {settings.OPENAEF_PACK}.")
        if provider:
            provider_obj = Provider.objects.filter(pack=settings.OPENAEF_PACK, code=provider).first()
            if provider_obj is None:
                raise CommandError(f"No provider {provider!r} in pack {settings.OPENAEF_PACK}.")
        user = user_grant_role(
            actor=None, email=email, full_name=name or email, role=role, office=office_obj, provider=provider_obj
        )
        self.stdout.write(self.style.SUCCESS(f"{user.email}: {Role(role).label}"))
        if not user.has_usable_password():
            self.stdout.write(f"Set a password: manage.py changepassword {user.email}")
