"""File-access requests: a person asks to consult the file the agency keeps about them or their
child (AEF law art. 7; GDPR art. 15), and what happened to each request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import AccessStatus


class AccessChannel(models.TextChoices):
    WEB = "web", _("Online form")
    PAPER = "paper", _("Letter or paper form")
    WALK_IN = "walk_in", _("In person at an office")


class Applicant(models.TextChoices):
    # AEF art. 7: the parents and the child capable of discernment may consult the file.
    SELF = "self", _("The person themself (an adult)")
    PARENT = "parent", _("A parent, for their child's file")
    CHILD = "child", _("A child capable of discernment, for their own file")


class IdentityDocument(models.TextChoices):
    IDENTITY_CARD = "identity_card", _("Identity card")
    PASSPORT = "passport", _("Passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    OTHER = "other", _("Other official document with a photo")


class FileAccessRequestQuerySet(models.QuerySet["FileAccessRequest"]):
    def visible_to(self, user: object) -> FileAccessRequestQuerySet:
        """The data protection officer handles every request of the pack; nobody else reads them."""
        from openaef.accounts.models import Role

        if not getattr(user, "is_authenticated", False) or not user.is_active:  # type: ignore[attr-defined]
            return self.none()
        if user.has_role(Role.DATA_PROTECTION_OFFICER):  # type: ignore[attr-defined]
            return self.filter(pack=settings.OPENAEF_PACK)
        return self.none()


class FileAccessRequest(TimeStampedModel, VersionedModel):
    """A request to consult a file ("demande de consultation du dossier")."""

    pack = models.CharField(max_length=10)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=24, choices=AccessStatus.choices, default=AccessStatus.RECEIVED)
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)
    received_at = models.DateTimeField(_("received"))
    due_on = models.DateField(_("answer due"))

    applicant = models.CharField(_("who is asking"), max_length=10, choices=Applicant.choices)
    # What AEF art. 7 asks the written request to give.
    surname_at_birth = models.CharField(_("surname at birth"), max_length=200)
    first_names = models.CharField(_("first names"), max_length=200)
    place_of_birth = models.CharField(_("place of birth"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    child_name = models.CharField(_("child's name"), max_length=300, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)

    identity_document = models.CharField(_("identity document"), max_length=20, choices=IdentityDocument.choices, blank=True)
    # Only the last characters: enough to say which document was seen, useless to anyone else.
    identity_document_last4 = models.CharField(_("last 4 characters of its number"), max_length=4, blank=True)
    identity_checked_at = models.DateTimeField(_("identity checked"), null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_reason = models.TextField(_("reason"), blank=True)

    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    objects = FileAccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("file-access request")
        verbose_name_plural = _("file-access requests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["pack", "due_on", "id"], name="far_due"),
            models.Index(fields=["pack", "status", "due_on", "id"], name="far_status_due"),
        ]

    def __str__(self) -> str:
        return self.reference


class AccessEventKind(models.TextChoices):
    CREATED = "created", _("Request received")
    STATUS = "status", _("Status changed")


class FileAccessRequestEvent(models.Model):
    """The request's history: each change with who, when and why."""

    request = models.ForeignKey(FileAccessRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=AccessEventKind.choices)
    from_status = models.CharField(max_length=24, choices=AccessStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=AccessStatus.choices, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("file-access request event")
