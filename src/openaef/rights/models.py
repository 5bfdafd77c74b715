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
    # The language the person wrote in (the public form's language): letters, invitations and the
    # copy of the file are made in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    identity_document = models.CharField(_("identity document"), max_length=20, choices=IdentityDocument.choices, blank=True)
    # Only the last characters: enough to say which document was seen, useless to anyone else.
    identity_document_last4 = models.CharField(_("last 4 characters of its number"), max_length=4, blank=True)
    identity_checked_at = models.DateTimeField(_("identity checked"), null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_reason = models.TextField(_("reason"), blank=True)

    # Whose file it is, once staff found the person in the records.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("whose file")
    )
    # A child asking for their own file: why staff judged them capable of discernment (AEF art. 7).
    discernment_note = models.TextField(_("capacity of discernment"), blank=True)
    # Set by the retention run (rights.retention) when the applicant's details were blanked.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

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
    PERSON_LINKED = "person_linked", _("Linked to the person whose file it is")
    DISCERNMENT = "discernment", _("Capacity of discernment recorded")
    APPOINTMENT_OFFERED = "appt_offered", _("Appointment offered")
    APPOINTMENT_MOVED = "appt_moved", _("Appointment moved")
    APPOINTMENT_CANCELLED = "appt_cancelled", _("Appointment cancelled")
    APPOINTMENT_MISSED = "appt_missed", _("Appointment missed")
    INVITATION_SENT = "invitation_sent", _("Invitation e-mailed")
    CONSULTATION = "consultation", _("Consultation recorded")
    EXPORT_PREPARED = "export_prepared", _("Export of the file prepared")
    EXPORT_RELEASED = "export_released", _("Export of the file released")
    EXPORT_DISCARDED = "export_discarded", _("Export of the file discarded")


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


class AppointmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Did not come")


class AccessAppointment(TimeStampedModel, VersionedModel):
    """An appointment in a regional office where a professional helps the person read the file.
    Its calendar invitation (ICS) keeps one UID; each change raises its SEQUENCE (RFC 5545)."""

    request = models.ForeignKey(FileAccessRequest, on_delete=models.CASCADE, related_name="appointments")
    office = models.ForeignKey("directory.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("professional present")
    )
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.OFFERED)
    uid = models.UUIDField(unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancel_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("file-access appointment")
        verbose_name_plural = _("file-access appointments")

    def __str__(self) -> str:
        return f"{self.request_id}@{self.starts_at:%Y-%m-%d %H:%M}"


class AccessConsultation(TimeStampedModel):
    """What happened at the consultation: who came, which identity document was checked, what was
    shown, and the export handed over if any."""

    request = models.OneToOneField(FileAccessRequest, on_delete=models.CASCADE, related_name="consultation")
    appointment = models.OneToOneField(
        AccessAppointment, on_delete=models.PROTECT, null=True, blank=True, related_name="consultation"
    )
    held_at = models.DateTimeField(_("held"))
    attendees = models.TextField(_("who came"))
    identity_document = models.CharField(_("identity document"), max_length=20, choices=IdentityDocument.choices)
    identity_document_last4 = models.CharField(_("last 4 characters of its number"), max_length=4)
    shown = models.TextField(_("what was shown"))
    notes = models.TextField(_("notes"), blank=True)
    export = models.ForeignKey(
        "FileExport", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("copy handed over")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("consultation of a file")

    def __str__(self) -> str:
        return f"consultation {self.request_id}"


class ExportStatus(models.TextChoices):
    REVIEW = "review", _("Being reviewed")
    RELEASED = "released", _("Released")
    DISCARDED = "discarded", _("Discarded")


class FileExport(TimeStampedModel, VersionedModel):
    """An export of a person's file for a file-access request. Every item is reviewed (third
    parties' data redacted or withheld) before the PDF is made; the PDF is made once, at release."""

    request = models.ForeignKey(FileAccessRequest, on_delete=models.PROTECT, related_name="exports")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.REVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    pdf = models.FileField(upload_to="exports/%Y/%m/", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    discard_reason = models.TextField(_("why it was discarded"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export of a file")

    def __str__(self) -> str:
        return f"export {self.pk}"


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("To review")
    RELEASE = "release", _("Release as it is")
    REDACT = "redact", _("Release with third parties' data redacted")
    WITHHOLD = "withhold", _("Withhold")


class ItemFlag(models.TextChoices):
    """Why an item starts flagged for the reviewer: its very origin is someone else (GDPR art.
    14(5)(d) and 15(4): a reporter's identity, a note kept from the family)."""

    RESTRICTED = "restricted", _("Restricted note: written for the coordinator and office head only")
    THIRD_PARTY_ORIGIN = "third_party_origin", _("Comes from someone else: who asked for help, or what they reported")


class WithholdReason(models.TextChoices):
    """Why an item is kept out of the copy: the PDF says which, never what the item held."""

    OTHERS = "others", _("It concerns other people: their rights and freedoms (GDPR art. 15(4))")
    CONFIDENCE = "confidence", _("It was given in confidence by someone else")
    COURT = "court", _("It belongs to the court file, consulted at the youth court registry")
    OTHER = "other", _("Another reason, recorded with the request")


class ExportItem(models.Model):
    """One piece of the file in an export (a note, a document, an event...), its text as it was when
    the export was prepared, and the reviewer's decision."""

    export = models.ForeignKey(FileExport, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    source = models.CharField(max_length=40)  # e.g. "cases.journalnote"
    source_id = models.BigIntegerField()
    section = models.CharField(_("section"), max_length=100)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    original_text = models.TextField(blank=True)
    released_text = models.TextField(_("text released"), blank=True)
    # Names of other people found in the text when the export was prepared: a hint for the reviewer.
    third_parties = models.JSONField(default=list, blank=True)
    flag = models.CharField(_("flag"), max_length=20, choices=ItemFlag.choices, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=ItemDecision.choices, default=ItemDecision.PENDING)
    # Only for a withheld item: the copy names this category, never the item's content.
    reason_category = models.CharField(_("why withheld"), max_length=12, choices=WithholdReason.choices, blank=True)
    reason = models.TextField(_("explanation"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["export", "position"]
        verbose_name = _("item of an export")
        constraints = [models.UniqueConstraint(fields=["export", "position"], name="export_item_position")]

    def __str__(self) -> str:
        return f"{self.export_id}:{self.position}"


class RetentionRun(models.Model):
    """One run of the retention rules (rights.retention): what it looked at and what it did."""

    pack = models.CharField(max_length=10)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    as_of = models.DateField(_("applied as of"))
    dry_run = models.BooleanField(_("preview only"), default=False)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("started by")
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("retention run")

    def __str__(self) -> str:
        return f"retention {self.as_of}"


class RetentionOutcome(models.TextChoices):
    ARCHIVED = "archived", _("Archived")
    ANONYMISED = "anonymised", _("Anonymised")


class RetentionAction(models.Model):
    """What a run did to one record: nothing disappears without this line. It names the record by
    its kind, id and reference, never by a person's name."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("kind of record"), max_length=40)
    object_id = models.BigIntegerField()
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    outcome = models.CharField(_("what was done"), max_length=12, choices=RetentionOutcome.choices)
    last_contact = models.DateField(_("last contact"), null=True, blank=True)
    rule = models.CharField(_("rule applied"), max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("retention action")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "outcome"], name="retention_once_per_record"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.outcome}"
