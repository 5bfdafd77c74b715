"""The second factor: a TOTP authenticator app, with single-use recovery codes as a fallback.

Reads and checks only; the writes (enrolment, reset) are services in ``services.py``.
Throttling is django-otp's: after each wrong code a device refuses any code for an
exponentially growing delay (``OTP_TOTP_THROTTLE_FACTOR`` seconds, doubled each time).
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
_SPACES = re.compile(r"[\s-]+")


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def pending_totp(user: User) -> TOTPDevice:
    """The device being enrolled: the same one (and the same QR code) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def manual_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data: URI (the CSP allows img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def normalise_code(code: str) -> str:
    return _SPACES.sub("", code or "").lower()


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    wait_seconds: int = 0  # > 0 when django-otp's throttling refused to check the code at all


def check_code(user: User, code: str, *, devices: list[Device] | None = None) -> CodeCheck:
    """The device that accepts ``code`` (a TOTP code or an unused recovery code), if any.

    A recovery code is consumed when it matches. Every wrong code counts towards the device's
    throttling; a throttled device refuses even the right code until its delay has passed.
    """
    code = normalise_code(code)
    if devices is None:
        devices = [d for d in (confirmed_totp(user), recovery_device(user)) if d is not None]
    wait = 0
    for device in devices:
        # TOTP codes are 6 digits; recovery codes are 8 base32 characters: each device is
        # only asked about codes of its own shape, so one typo is not two throttled failures.
        if isinstance(device, TOTPDevice) != code.isdigit():
            continue
        allowed, data = device.verify_is_allowed()
        if not allowed:
            wait = max(wait, _seconds_until((data or {}).get("locked_until")))
            continue
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck(device=None, wait_seconds=wait)


def _seconds_until(moment: object) -> int:
    if moment is None:
        return 1
    return max(1, int((moment - timezone.now()).total_seconds()) + 1)  # type: ignore[operator]
