"""Professional accounts: log in by e-mail; what they may do comes from their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("Intake officer (priority management)")
    COORDINATOR = "coordinator", _("Intervention project coordinator")
    OFFICE_HEAD = "office_head", _("Head of a regional office")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    HOTLINE_AGENT = "hotline_agent", _("116 000 agent")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="fr")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def _memberships(self) -> list[tuple[str, int | None]]:
        """(role, office id or None) of each membership, read once per request object."""
        cached = getattr(self, "_memberships_cache", None)
        if cached is None:
            cached = list(self.memberships.values_list("role", "office_id").order_by("office_id", "role")) if self.pk else []
            self._memberships_cache = cached
        return cached

    def roles(self) -> set[str]:
        """The user's roles (the same single read as ``office_roles``)."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = {role for role, _office in self._memberships()}
            self._roles_cache = cached
        return cached

    def office_roles(self) -> list[tuple[str, int]]:
        """(role, office id) of the roles the user holds in a regional office."""
        return [(role, office) for role, office in self._memberships() if office is not None]

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.roles() & set(roles))


class Membership(models.Model):
    """A role held by a user, within a regional office or a provider where the role needs one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    office = models.ForeignKey(
        "directory.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("office")
    )
    provider = models.ForeignKey(
        "directory.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("provider"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "office", "provider"], name="membership_unique", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"


class UserSession(models.Model):
    """A session a user signed in with: disabling the account or resetting its second factor
    ends every one of them, wherever the session store keeps them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracked_sessions", verbose_name=_("user"))
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), default=timezone.now)

    class Meta:
        verbose_name = _("user session")
        verbose_name_plural = _("user sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
