"""Demo staff, requests for help and case files, for `make run`. Running it again changes nothing.

Every request goes through the intake services (request_submit, request_transition), and every
case, project, measure and report through its own services (``_demo_cases``), so the demo shows
the same history, audit entries and notifications real use would.
"""

from __future__ import annotations

import os
import uuid
import zlib
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.accounts.models import Membership, User
from openaef.accounts.selectors import coordinators_of
from openaef.accounts.twofactor import TOTP_DEVICE_NAME
from openaef.core.text import fold
from openaef.directory.models import Commune, Need, Office, Provider
from openaef.intake.models import HelpRequest, HelpRequestEvent, ParentalAuthority, Priority
from openaef.intake.services import ParentInput, RequestInput, request_submit, request_transition
from openaef.intake.states import RequestStatus as S

from ._demo_cases import build_demo_cases
from ._demo_data import (
    CHANNELS,
    CHILDREN,
    DEFAULT_DEMO_PASSWORD,
    DEMO_DOMAIN,
    DEMO_OFFICES,
    NOT_ELIGIBLE_REASONS,
    PLAN,
    PRIORITIES,
    REFERRALS,
    REQUESTERS,
    SITUATIONS,
    USERS,
    WITHDRAWAL_REASONS,
)
from ._demo_finance import build_demo_finance
from ._demo_hotline import load_demo_hotline
from ._demo_placements import build_demo_placements, demo_provider_staff
from ._demo_rights import load_demo_rights

# Fixed namespace: the same demo request gets the same submission token on every run, and
# request_submit returns the existing request for a token it has seen.
TOKEN_NAMESPACE = uuid.UUID("6f1c2d0e-5b0a-4e36-9d3e-0aef0de70000")
AGES = [3, 7, 10, 13, 15, 16, 20, 1, 5, 12, 14, 17, 23, 9, 11, 6]


def demo_password() -> str:
    return os.environ.get("OPENAEF_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


class Command(BaseCommand):
    help = (
        "Creates demo staff (one per role), a few dozen requests for help and a few case files with projects "
        "and measures. Idempotent; refused when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off (never on a real service).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo data is for development: DEBUG is off. Use --force only on a throw-away database.")
        pack = settings.OPENAEF_PACK
        if not Office.objects.filter(pack=pack, code__in=DEMO_OFFICES).exists():
            raise CommandError(f"Load the pack first: manage.py load_pack {pack}")
        with transaction.atomic():
            users = self._users(pack)
            created = self._requests(pack, users)
            cases = build_demo_cases(pack, users)
            placed = build_demo_placements(pack, users)
            assessed = build_demo_finance(pack, users, demo_provider_staff())
            load_demo_hotline(self.stdout)
            load_demo_rights(self.stdout)
        self.stdout.write(
            f"Demo ready: {len(users)} staff accounts, {created} new requests for help, {cases} new case files, "
            f"{placed} new case files with placements, {assessed} parents' contributions decided."
        )

    def _users(self, pack: str) -> dict[str, User]:
        password = demo_password()
        offices = {o.code: o for o in Office.objects.filter(pack=pack, code__in=DEMO_OFFICES)}
        provider = Provider.objects.filter(pack=pack).exclude(code="ONE").order_by("code").first()
        users: dict[str, User] = {}
        for spec in USERS:
            user = User.objects.filter(email=demo_email(spec.local_part)).first()
            if user is None:
                user = User.objects.create_user(demo_email(spec.local_part), password, full_name=spec.full_name)
            elif not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            # Demo accounts sign in with both factors like any other: each gets an authenticator
            # (its secret made here, printed by demo_logins; `manage.py totp_code` shows the code).
            TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": TOTP_DEVICE_NAME})
            Membership.objects.get_or_create(
                user=user,
                role=spec.role,
                office=offices.get(spec.office) if spec.office else None,
                provider=provider if spec.provider else None,
            )
            users[spec.local_part] = user
        return users

    def _requests(self, pack: str, users: dict[str, User]) -> int:
        communes = {c.code: c for c in Commune.objects.filter(pack=pack).select_related("office")}
        needs = list(Need.objects.filter(pack=pack).order_by("position", "code"))
        offices = list(Office.objects.filter(pack=pack, code__in=DEMO_OFFICES).order_by("code"))
        officer = users["intake"]
        now = timezone.now()
        created_count = 0
        for index, (first, surname, commune_code) in enumerate(CHILDREN):
            received_at = now - timedelta(days=len(CHILDREN) - index, hours=(index * 5) % 9)
            channel = CHANNELS[index % len(CHANNELS)]
            help_request, created = request_submit(
                actor=None if channel == "web" else officer,
                data=self._input(index, first, surname, communes.get(commune_code), needs, now.date()),
                channel=channel,
                submission_token=uuid.uuid5(TOKEN_NAMESPACE, f"demo-request-{index}"),
                received_at=received_at,
                priority=PRIORITIES[index % len(PRIORITIES)],
            )
            if not created:
                continue
            created_count += 1
            self._triage(help_request, PLAN[index % len(PLAN)], index, officer, offices)
            self._backdate_history(help_request, received_at)
        return created_count

    def _input(
        self, index: int, first: str, surname: str, commune: Commune | None, needs: list[Need], today: date
    ) -> RequestInput:
        # The same child typed twice gets the same birth date: the duplicate check has something to find.
        seed = zlib.crc32(fold(f"{first} {surname}").encode())
        age = AGES[seed % len(AGES)]
        birth_date = today - timedelta(days=365 * age + 40 + seed % 300)
        if age >= 18:
            requester_type, requester_name, relationship = "young_adult", "", ""
        else:
            requester_type, requester_name, relationship = REQUESTERS[index % len(REQUESTERS)]
            if requester_type == "young_adult":
                requester_type, requester_name, relationship = REQUESTERS[0]
        parents = [] if age >= 18 else [self._parent(index, surname)]
        return RequestInput(
            requester_type=requester_type,
            requester_name=requester_name,
            requester_organisation="Lycée Hubert Clément" if requester_type == "professional" else "",
            requester_relationship=relationship,
            contact_preference="phone",
            contact_phone=f"+352621{100000 + index * 7919 % 900000:06d}",
            contact_email=f"demo{index}@example.org" if index % 3 == 0 else "",
            preferred_language=["fr", "lb", "fr", "de", "en"][index % 5],
            child_first_names=first,
            child_surname=surname,
            child_birth_date=birth_date,
            child_commune=commune,
            situation=SITUATIONS[index % len(SITUATIONS)],
            parents_informed="yes" if index % 4 else "no",
            needs=[needs[i] for i in {index % len(needs), (index * 3) % len(needs)}] if needs else [],
            parents=parents,
        )

    @staticmethod
    def _parent(index: int, surname: str) -> ParentInput:
        return ParentInput(
            relationship="mother" if index % 2 else "father",
            full_name=f"{['Maria', 'Sandra', 'Paulo', 'Nathalie', 'Jean'][index % 5]} {surname}",
            phone=f"+352691{200000 + index * 104729 % 700000:06d}",
            parental_authority=ParentalAuthority.YES,
            agreement=["agrees", "agrees", "not_asked", "unknown"][index % 4],
        )

    def _triage(self, help_request: HelpRequest, goal: str, index: int, officer: User, offices: list[Office]) -> None:
        def move(target: str, **kwargs: Any) -> None:
            nonlocal help_request
            help_request = request_transition(
                actor=officer, help_request=help_request, target=target, expected_version=help_request.version, **kwargs
            )

        if goal == S.RECEIVED:
            if index % 3 == 0:  # picked up, then put back: the history shows it
                move(S.IN_TRIAGE)
                move(S.RECEIVED, reason="Je suis en congé demain ; je remets la demande dans la file.")
            return
        if goal == S.WITHDRAWN and index % 2:
            move(S.WITHDRAWN, reason=WITHDRAWAL_REASONS[index % len(WITHDRAWAL_REASONS)])
            return
        move(S.IN_TRIAGE)
        if goal == S.ACCEPTED:
            office = help_request.proposed_office if help_request.proposed_office in offices else offices[index % len(offices)]
            coordinators = coordinators_of(office)
            move(
                S.ACCEPTED,
                office=office,
                coordinator=coordinators[index % len(coordinators)],
                reason="Premier entretien proposé à la famille dans la semaine."
                if help_request.priority == Priority.URGENT
                else "",
            )
        elif goal == S.REFERRED:
            where, why = REFERRALS[index % len(REFERRALS)]
            move(S.REFERRED, referred_to=where, reason=why)
        elif goal == S.NOT_ELIGIBLE:
            move(S.NOT_ELIGIBLE, reason=NOT_ELIGIBLE_REASONS[index % len(NOT_ELIGIBLE_REASONS)])
        elif goal == S.WITHDRAWN:
            move(S.WITHDRAWN, reason=WITHDRAWAL_REASONS[index % len(WITHDRAWAL_REASONS)])

    @staticmethod
    def _backdate_history(help_request: HelpRequest, received_at: datetime) -> None:
        # Demo only: the services stamp events with the time they run; spreading them after the
        # date received makes the timeline read like real work (a few hours between steps).
        for step, event in enumerate(HelpRequestEvent.objects.filter(request=help_request).order_by("id")):
            HelpRequestEvent.objects.filter(pk=event.pk).update(at=received_at + timedelta(hours=step * 20))
