"""Writes on accounts: roles, e-mail, disabling, and the second factor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.directory.models import Office, Provider

from .models import Membership, Role, User
from .sessions import sessions_end
from .twofactor import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME, check_code, pending_totp


def user_grant_role(
    *, actor: Any, email: str, full_name: str, role: str, office: Office | None = None, provider: Provider | None = None
) -> User:
    """Creates the account if needed and gives it ``role`` (in ``office`` or ``provider``)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=user, fields=["email", "full_name"])
        membership, created = Membership.objects.get_or_create(user=user, role=role, office=office, provider=provider)
        if created:
            audit_record(actor=actor, action=AuditAction.CREATE, obj=membership, fields=["role", "office", "provider"])
    return user


def user_disable(*, actor: Any, user: User) -> User:
    """Closes the account and ends every session it is signed in with, at once."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions_end(user)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, fields=["is_active"])
    return user


def user_change_email(*, actor: Any, user: User, email: str) -> User:
    """The sign-in address changes; the caller has checked the user re-authenticated."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Another account already uses this e-mail address.")}, code="taken")
    with transaction.atomic():
        user.email = email
        user.full_clean(exclude=[f.name for f in User._meta.fields if f.name != "email"], validate_unique=False)
        user.save(update_fields=["email"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, fields=["email"])
    return user


def second_factor_enrolment_start(*, actor: Any, user: User) -> TOTPDevice:
    """The authenticator being set up (a new secret the first time, the same one until confirmed)."""
    return pending_totp(user)


def second_factor_enrol(*, actor: Any, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirms ``device`` with a code from the app; returns new recovery codes, to show once.

    Any earlier authenticator and recovery codes of the user are replaced.
    """
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("Start the set-up again.")}, code="stale")
    if check_code(user, code, devices=[device]).device is None:
        raise ValidationError({"code": _("The code is not correct. Enter the 6-digit code the app shows now.")}, code="wrong")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=device, fields=["confirmed"])
    return codes


def recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    return codes


def second_factor_reset(*, actor: Any, user: User, keep_session_key: str | None = None) -> None:
    """Removes the user's authenticator and recovery codes and ends their sessions.

    ``keep_session_key`` spares the session of a user resetting their own second factor: it
    loses its verification with the devices and goes straight to a new enrolment.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        sessions_end(user, keep_session_key=keep_session_key)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, fields=["second_factor"])
