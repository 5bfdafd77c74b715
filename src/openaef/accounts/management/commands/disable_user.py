"""Disables an account and ends all its sessions at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openaef.accounts.models import User
from openaef.accounts.services import user_disable


class Command(BaseCommand):
    help = "Disables a professional account: it can no longer sign in and every open session ends now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account {email!r}.")
        user_disable(actor=None, user=user)
        self.stdout.write(self.style.SUCCESS(f"{user.email}: disabled, sessions ended."))
