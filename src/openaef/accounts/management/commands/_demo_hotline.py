"""The 116 000 in the demo: a few calls by day and by night in various categories, an urgent one
with its protocol done, a night call handed over to the police, and two missing-child
follow-ups with their entries, one linked to a demo case file.

Everything goes through the hotline's services, as an agent would do it; the times of the
protocol steps, handovers and entries are then moved back to the hour of the call, as
``load_demo`` backdates requests, so that the pages read like a real night. Idempotent: nothing
is added once the demo agent has recorded a call. Fictional people only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from openaef.accounts.models import User
from openaef.cases.models import CaseFile
from openaef.hotline import services, services_followup
from openaef.hotline.models import Call, FollowUpEntry, MissingChildFollowUp, ProtocolStep

from ._demo_data import DEMO_DOMAIN


@dataclass(frozen=True)
class DemoCall:
    days_ago: int
    time: str
    caller_type: str
    language: str
    category: str
    urgency: str
    summary: str
    outcome: str = ""  # closed with this outcome when set
    # (kind, text) of a follow-up opened from the call; closed with ``closing_note`` when given.
    follow_up: list[tuple[str, str]] = field(default_factory=list)
    closing_note: str = ""
    link_case: bool = False


CALLS = [
    DemoCall(
        3,
        "23:40",
        "parent",
        "fr",
        "disappearance",
        "urgent",
        "Mother of a boy of 12 (fictional): not home since school, phone off.",
        follow_up=[
            ("family", "Called the mother back in the morning; a coordinator visits today."),
            ("investigation", "Police: the boy was seen at Luxembourg station at 18:00."),
        ],
        link_case=True,
    ),
    DemoCall(2, "10:15", "child", "lb", "runaway", "not_urgent", "Girl of 15 thinking of leaving home.", outcome="listened"),
    DemoCall(
        1,
        "14:30",
        "professional",
        "de",
        "information",
        "not_urgent",
        "School asks how the line works.",
        outcome="information_given",
    ),
    DemoCall(1, "02:10", "child", "en", "distress", "urgent", "Young person alone at night, frightened.", outcome="police"),
    DemoCall(
        6,
        "16:05",
        "parent",
        "other",
        "abduction_abroad",
        "urgent",
        "Father reports the mother left for Portugal with their daughter.",
        outcome="follow_up",
        follow_up=[
            ("abroad", "Contact with 116 000 Portugal; they follow the case there."),
            ("return", "The child came back to Luxembourg with her mother."),
            ("reconnection", "Meeting with both parents and the child at the Esch office."),
        ],
        closing_note="The child is back and the family no longer needs the line's support.",
    ),
]


def _received_at(spec: DemoCall, today: dt.date) -> dt.datetime:
    day = today - dt.timedelta(days=spec.days_ago)
    return dt.datetime.combine(day, dt.time.fromisoformat(spec.time), tzinfo=timezone.get_current_timezone())


def _record(spec: DemoCall, agent: User, today: dt.date) -> Call:
    call = services.call_record(
        actor=agent,
        received_at=_received_at(spec, today),
        caller_type=spec.caller_type,
        language=spec.language,
        category=spec.category,
        urgency=spec.urgency,
        summary=spec.summary,
    )
    for step in list(call.protocol_steps.all()):
        services.protocol_step_done(actor=agent, call=call, code=step.code, expected_version=call.version)
        call.refresh_from_db()
    if call.needs_handover:
        services.call_handover(actor=agent, call=call, expected_version=call.version, police_reference="PGD-DEMO")
        call.refresh_from_db()
    return call


def _follow(spec: DemoCall, call: Call, agent: User, case: CaseFile | None) -> MissingChildFollowUp:
    follow_up = services_followup.follow_up_open(actor=agent, call=call, expected_version=call.version)
    if spec.link_case and case is not None:
        follow_up = services_followup.follow_up_link_case(
            actor=agent, follow_up=follow_up, reference=case.reference, expected_version=follow_up.version
        )
    for kind, text in spec.follow_up:
        services_followup.follow_up_entry_add(
            actor=agent, follow_up=follow_up, kind=kind, text=text, expected_version=follow_up.version
        )
        follow_up.refresh_from_db()
    if spec.closing_note:
        services_followup.follow_up_close(
            actor=agent, follow_up=follow_up, closing_note=spec.closing_note, expected_version=follow_up.version
        )
    return follow_up


def _backdate(call: Call, follow_up: MissingChildFollowUp | None) -> None:
    """Moves what was stamped "now" to minutes after the call: the demo reads like the night it tells."""
    at = call.received_at
    for i, step in enumerate(ProtocolStep.objects.filter(call=call).order_by("position")):
        ProtocolStep.objects.filter(pk=step.pk).update(done_at=at + dt.timedelta(minutes=3 + 4 * i))
    Call.objects.filter(pk=call.pk, handed_over_at__isnull=False).update(handed_over_at=at + dt.timedelta(minutes=12))
    Call.objects.filter(pk=call.pk, closed_at__isnull=False).update(closed_at=at + dt.timedelta(minutes=25))
    if follow_up is None:
        return
    MissingChildFollowUp.objects.filter(pk=follow_up.pk).update(opened_at=at + dt.timedelta(minutes=20))
    for i, entry in enumerate(FollowUpEntry.objects.filter(follow_up=follow_up).order_by("at", "id")):
        FollowUpEntry.objects.filter(pk=entry.pk).update(at=at + dt.timedelta(hours=9 + 20 * i))


def build_demo_hotline(agent: User, case: CaseFile | None) -> int:
    """Returns how many calls were recorded (0 when the demo agent has recorded calls already)."""
    if Call.objects.filter(recorded_by=agent).exists():
        return 0
    today = timezone.localdate()
    for spec in CALLS:
        call = _record(spec, agent, today)
        follow_up = _follow(spec, call, agent, case) if spec.follow_up else None
        if spec.outcome:
            call.refresh_from_db()
            services.call_close(actor=agent, call=call, outcome=spec.outcome, expected_version=call.version)
        _backdate(call, follow_up)
    return len(CALLS)


def load_demo_hotline(stdout: Any) -> int:
    """The entry point ``load_demo`` calls once the demo staff and cases exist."""
    agent = User.objects.filter(email=f"hotline@{DEMO_DOMAIN}").first()
    if agent is None:
        stdout.write("No demo 116 000 agent: the 116 000 calls were not loaded.")
        return 0
    case = CaseFile.objects.filter(pack=settings.OPENAEF_PACK).order_by("pk").only("pk", "reference").first()
    created = build_demo_hotline(agent, case)
    stdout.write(f"116 000: {created} new calls.")
    return created
