"""Removes an account's authenticator and recovery codes (a lost phone), ending its sessions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openaef.accounts.models import User
from openaef.accounts.services import second_factor_reset


class Command(BaseCommand):
    help = "Resets an account's second factor: at the next sign-in, the user sets up an authenticator app again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account {email!r}.")
        second_factor_reset(actor=None, user=user)
        self.stdout.write(self.style.SUCCESS(f"{user.email}: second factor removed, sessions ended."))
