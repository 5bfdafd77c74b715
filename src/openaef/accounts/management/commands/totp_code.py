"""Prints the code an account's authenticator app would show now: development and demo only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from openaef.accounts.models import User
from openaef.accounts.twofactor import confirmed_totp


class Command(BaseCommand):
    help = "Prints the current 6-digit code of an account's authenticator. Refused when DEBUG is off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        # Printing a second factor defeats it: only on a development machine.
        if not settings.DEBUG:
            raise CommandError("totp_code is for development: DEBUG is off.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        device = confirmed_totp(user) if user is not None else None
        if device is None:
            raise CommandError(f"No account with an authenticator for {email!r}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
