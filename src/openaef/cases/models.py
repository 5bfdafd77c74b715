"""Case files: the child or young adult, the family around them, and what happens over time.

States live in ``cases.states`` (one transition table); writes go through ``cases.services``;
reads of a case through ``cases.selectors.get_case_for``, which answers "not found" both when
the case does not exist and when the user may not see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import CaseStatus


class Framework(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary (with the family's agreement)")
    JUDICIAL = "judicial", _("Judicial (ordered by a court)")


class CaseFile(TimeStampedModel, VersionedModel):
    pack = models.CharField(max_length=10)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cases_as_child", verbose_name=_("child or young adult")
    )
    request = models.OneToOneField(
        "intake.HelpRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_file",
        verbose_name=_("request for help"),
    )
    framework = models.CharField(_("framework"), max_length=12, choices=Framework.choices, default=Framework.VOLUNTARY)
    office = models.ForeignKey(
        "directory.Office", on_delete=models.PROTECT, related_name="case_files", verbose_name=_("regional office")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_files",
        verbose_name=_("coordinator"),
        # Served by the case_coordinator_rows index, which starts with it.
        db_index=False,
    )
    summary = models.TextField(_("situation"), blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Set by the retention run (rights.retention): an archived file leaves the active base and is
    # read only by the data protection officer.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["coordinator", "status", "opened_on", "id"], name="case_coordinator"),
            # A caseload's cases with what lists of its tasks, measures and reports show (the
            # dashboard): read from the index alone, never the table (PostgreSQL; a plain index
            # on the coordinator elsewhere).
            models.Index(fields=["coordinator"], include=["id", "child", "reference", "office"], name="case_coordinator_rows"),
            models.Index(fields=["office", "status", "opened_on", "id"], name="case_office"),
            models.Index(fields=["pack", "opened_on", "id"], name="case_opened"),
        ]

    def __str__(self) -> str:
        return self.reference


class ParticipantRole(models.TextChoices):
    CHILD = "child", _("Child or young adult concerned")
    PARENT = "parent", _("Parent")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    SIBLING = "sibling", _("Brother or sister")
    HOUSEHOLD = "household", _("Lives in the household")
    RELATIVE = "relative", _("Other relative")
    OTHER = "other", _("Other person")


class CaseParticipant(models.Model):
    """A person in the family around the child, and their part in the case."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_participations")
    role = models.CharField(_("part in the case"), max_length=24, choices=ParticipantRole.choices)
    agrees = models.BooleanField(_("agrees with the help"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("person in the case")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_participant_once")]
        indexes = [models.Index(fields=["person", "case"], name="participant_person")]


class NoteKind(models.TextChoices):
    VISIT = "visit", _("Home visit")
    CALL = "call", _("Telephone call")
    MEETING = "meeting", _("Meeting")
    OBSERVATION = "observation", _("Observation")


class Confidentiality(models.TextChoices):
    """Who may read a note or a document among those who may see the case."""

    NORMAL = "normal", _("Everyone working on the case")
    RESTRICTED = "restricted", _("The coordinator and the office head only")


class JournalNote(TimeStampedModel, VersionedModel):
    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    kind = models.CharField(_("type"), max_length=12, choices=NoteKind.choices)
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("note"))
    confidentiality = models.CharField(
        _("who may read it"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )

    class Meta:
        verbose_name = _("journal note")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["case", "occurred_on", "id"], name="note_case")]


class DocumentType(models.TextChoices):
    REPORT = "report", _("Report")
    COURT = "court", _("Court decision or letter")
    IDENTITY = "identity", _("Identity document")
    MEDICAL = "medical", _("Medical document")
    SCHOOL = "school", _("School document")
    CORRESPONDENCE = "correspondence", _("Letter or e-mail")
    CONSENT = "consent", _("Signed agreement or consent")
    OTHER = "other", _("Other")


class Document(TimeStampedModel):
    """A file kept with the case, stored outside the web root and served only by a checked view."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    document_type = models.CharField(_("type of document"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("format"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    confidentiality = models.CharField(
        _("who may read it"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )

    class Meta:
        verbose_name = _("document")
        ordering = ["-created_at", "-id"]


class TaskKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    TASK = "task", _("Task")


class CaseTask(TimeStampedModel, VersionedModel):
    """A deadline or a task, with the day a reminder goes out; done or still to do."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    title = models.CharField(_("what"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due"))
    remind_on = models.DateField(_("reminder"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    rule = models.CharField(_("calendar rule"), max_length=60, blank=True, help_text=_("How the date was computed"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_tasks",
        verbose_name=_("assigned to"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("deadline or task")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_on"], name="task_assignee_due"),
            models.Index(fields=["case", "done_at", "due_on"], name="task_case_due"),
            models.Index(fields=["remind_on", "reminded_at"], name="task_reminder"),
        ]


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS = "status", _("Status changed")
    UPDATED = "updated", _("Details changed")
    ASSIGNED = "assigned", _("Coordinator assigned")
    PARTICIPANT = "participant", _("Person added or removed")
    NOTE = "note", _("Journal note")
    DOCUMENT = "document", _("Document added")
    TASK = "task", _("Deadline or task")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    PROJECT = "project", _("Intervention project")
    MEASURE = "measure", _("Measure")
    REPORT = "report", _("Provider's report")
    PLACEMENT = "placement", _("Placement")
    COURT = "court", _("Court")
    CONSENT = "consent", _("Consent to a special act")
    COMPLAINT = "complaint", _("Parents' complaint")
    CONTRIBUTION = "contribution", _("Parents' contribution")
    AID = "aid", _("Financial help")


class CaseEvent(models.Model):
    """The case's timeline: everything that happened, with who and when."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=CaseEventKind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case event")
        indexes = [models.Index(fields=["case", "at", "id"], name="case_event_case")]
