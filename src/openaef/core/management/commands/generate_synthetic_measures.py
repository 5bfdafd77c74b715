"""Synthetic intervention projects, measures, referrals and providers' reports for the synthetic
case files of ``generate_synthetic_cases`` (benchmarks of the providers' referral inbox and the
coordinator's dashboard).

Each synthetic case gets one intervention project and about ``--per-case`` measures (three on
average by default) delivered by the pack's providers, whose states follow the case's: a closed
case's measures have ended; an open case's are mostly under way, some still planned, referred,
on a waiting list or accepted. Every measure past "planned" has its referral; measures under
way or ended have reports (a few sent to the agency and waiting for review).

Rows are loaded as tuples with COPY (``core.bulkload``), as the cases are: building millions of
model instances would take longer than loading them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from openaef.cases.states import CaseStatus
from openaef.core.bulkload import bulk_insert, next_id, reset_sequence
from openaef.directory.models import Service
from openaef.measures.models import Measure, ProviderReport, Referral
from openaef.measures.states import MeasureStatus as M
from openaef.measures.states import ReferralStatus as R
from openaef.measures.states import ReportKind, ReportStatus
from openaef.projects.models import InterventionProject
from openaef.projects.states import ProjectStatus as P

from .generate_synthetic_cases import MARKER

PROJECT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "case_id", "status", "revision", "language", "summary", "author_id",
    "proposed_at", "proposed_by_id", "validated_at", "validated_by_id", "agreed_at", "starts_on", "next_evaluation_on",
    "closed_at", "status_reason",
)  # fmt: skip
MEASURE_COLUMNS = (
    "id", "created_at", "updated_at", "version", "case_id", "project_id", "planned_id", "measure_type_id", "status",
    "service_id", "location_id", "provider_id", "started_on", "ends_on", "ended_on", "renewals", "next_report_on",
    "status_reason", "created_by_id",
)  # fmt: skip
REFERRAL_COLUMNS = (
    "id", "created_at", "updated_at", "version", "measure_id", "case_id", "provider_id", "service_id", "location_id", "status",
    "shared_summary", "consent_by_id", "consent_method", "consent_on", "sent_at", "sent_by_id", "answered_at",
    "answered_by_id", "waiting_since", "expected_start", "decline_reason",
)  # fmt: skip
REPORT_COLUMNS = (
    "id", "created_at", "updated_at", "version", "measure_id", "case_id", "kind", "status", "due_on", "period_start", "period_end",
    "situation", "needs", "objectives", "progress", "drafted_with_family", "author_id", "submitted_at", "reviewed_at",
    "reviewed_by_id", "return_reason",
)  # fmt: skip

# An open case's measures, by state (weights).
OPEN_CASE_MEASURES = {
    M.PLANNED: 4, M.REFERRED: 4, M.WAITING: 4, M.ACCEPTED: 3, M.ACTIVE: 60, M.SUSPENDED: 3, M.ENDED: 18, M.WITHDRAWN: 4,
}  # fmt: skip
REFERRAL_FOR = {
    M.REFERRED: R.SENT, M.WAITING: R.WAITING, M.ACCEPTED: R.ACCEPTED, M.ACTIVE: R.ACCEPTED,
    M.SUSPENDED: R.ACCEPTED, M.ENDED: R.ACCEPTED, M.WITHDRAWN: R.WITHDRAWN,
}  # fmt: skip
SUMMARIES = (
    "Family of four; the mother asks for help with the household after the birth of a third child.",
    "Teenager refusing school for two months; parents separated; works best in the afternoon.",
    "Young child with speech delay; parents speak Portuguese and French at home.",
    "Father alone with two children since the mother's illness; needs support with daily routines.",
)


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Command(BaseCommand):
    help = "Generates synthetic projects, measures, referrals and reports for the synthetic case files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--per-case", type=float, default=3.0, help="Measures per case on average.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000, help="Cases per transaction.")
        parser.add_argument("--clear", action="store_true", help="Remove earlier synthetic projects and measures first.")

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic data, not security
        if options["clear"]:
            self._clear()
        self.offers = self._offers()
        if not self.offers:
            raise CommandError("No service offers a measure type: run `manage.py load_pack lu` first.")
        self.now, self.today = timezone.now(), timezone.localdate()
        self.ids = {model: next_id(model) for model in (InterventionProject, Measure, Referral, ProviderReport)}
        bounds = self._case_bounds()
        if bounds is None:
            raise CommandError("No synthetic case file: run `manage.py generate_synthetic_cases` first.")
        start, made = time.monotonic(), 0
        for low, high in self._ranges(*bounds, options["batch"]):
            made += self._make_batch(low, high, rng, options["per_case"])
            if made and made % 300_000 < options["per_case"] * options["batch"]:
                self.stdout.write(f"{made:,} measures ({time.monotonic() - start:.0f} s)")
        for model in self.ids:
            reset_sequence(model)
        self.stdout.write(self.style.SUCCESS(f"Made {made:,} synthetic measures."))

    def _offers(self) -> list[tuple[int, int, int, int | None]]:
        """(measure type, service, provider, a site or None) for every service and type it offers."""
        offers = []
        services = Service.objects.prefetch_related("measure_types", "locations").exclude(code__startswith="SYN-")
        for service in services:
            sites = [location.pk for location in service.locations.all()] or [None]
            for measure_type in service.measure_types.all():
                for site in sites:
                    offers.append((measure_type.pk, service.pk, service.provider_id, site))
        return offers

    @staticmethod
    def _case_bounds() -> tuple[int, int] | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT MIN(id), MAX(id) FROM cases_casefile WHERE summary LIKE %s", [f"{MARKER}%"])
            low, high = cursor.fetchone()
        return None if low is None else (low, high)

    @staticmethod
    def _ranges(low: int, high: int, batch: int) -> Iterator[tuple[int, int]]:
        while low <= high:
            yield low, min(high, low + batch - 1)
            low += batch

    @staticmethod
    def _cases(low: int, high: int) -> list[tuple[Any, ...]]:
        """(id, status, coordinator, opened_on, a parent's person id) of the synthetic cases in the range."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.id, c.status, c.coordinator_id, c.opened_on,"
                " (SELECT p.person_id FROM cases_caseparticipant p WHERE p.case_id = c.id AND p.role = 'parent'"
                "  ORDER BY p.position LIMIT 1)"
                " FROM cases_casefile c WHERE c.id BETWEEN %s AND %s AND c.summary LIKE %s ORDER BY c.id",
                [low, high, f"{MARKER}%"],
            )
            rows = cursor.fetchall()
        # SQLite returns dates as text.
        return [(i, s, co, d if isinstance(d, dt.date) else dt.date.fromisoformat(d), parent) for i, s, co, d, parent in rows]

    def _id(self, model: type[Any]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    @transaction.atomic
    def _make_batch(self, low: int, high: int, rng: random.Random, per_case: float) -> int:
        projects: list[tuple[Any, ...]] = []
        measures: list[tuple[Any, ...]] = []
        referrals: list[tuple[Any, ...]] = []
        reports: list[tuple[Any, ...]] = []
        for case_id, case_status, coordinator, opened_on, parent in self._cases(low, high):
            if coordinator is None:
                continue
            closed = case_status == CaseStatus.CLOSED
            project_id = self._project(projects, rng, case_id, closed, coordinator, opened_on)
            count = max(0, round(rng.gauss(per_case, 1.0)))
            for _ in range(count):
                status = M.ENDED if closed else _weighted(rng, OPEN_CASE_MEASURES)
                self._measure(measures, referrals, reports, rng, case_id, project_id, status, coordinator, opened_on, parent)
        bulk_insert(InterventionProject, PROJECT_COLUMNS, projects)
        bulk_insert(Measure, MEASURE_COLUMNS, measures)
        bulk_insert(Referral, REFERRAL_COLUMNS, referrals)
        bulk_insert(ProviderReport, REPORT_COLUMNS, reports)
        return len(measures)

    def _project(
        self, rows: list[tuple[Any, ...]], rng: random.Random, case_id: int, closed: bool, author: int, opened_on: dt.date
    ) -> int:
        now, today = self.now, self.today
        status = (
            P.CLOSED
            if closed
            else _weighted(rng, {P.DRAFT: 8, P.PROPOSED: 3, P.VALIDATED: 2, P.ACTIVE: 80, P.UNDER_EVALUATION: 7})
        )
        started = status in (P.ACTIVE, P.UNDER_EVALUATION, P.CLOSED)
        starts_on = min(today, opened_on + dt.timedelta(days=rng.randint(20, 90))) if started else None
        next_evaluation = today + dt.timedelta(days=rng.randint(-20, 180)) if status in (P.ACTIVE, P.UNDER_EVALUATION) else None
        validated = now if started or status == P.VALIDATED else None
        project_id = self._id(InterventionProject)
        rows.append(
            (project_id, now, now, 1, case_id, status, 1, "fr", MARKER, author, validated or (now if status == P.PROPOSED else None),
             author if validated or status == P.PROPOSED else None, validated, None, now if started else None, starts_on,
             next_evaluation, now if closed else None, "")
        )  # fmt: skip
        return project_id

    def _measure(
        self,
        measures: list[tuple[Any, ...]],
        referrals: list[tuple[Any, ...]],
        reports: list[tuple[Any, ...]],
        rng: random.Random,
        case_id: int,
        project_id: int,
        status: str,
        coordinator: int,
        opened_on: dt.date,
        parent: int | None,
    ) -> None:
        now, today = self.now, self.today
        type_id, service_id, provider_id, site = rng.choice(self.offers)
        referred = status != M.PLANNED
        placed = status in (M.WAITING, M.ACCEPTED, M.ACTIVE, M.SUSPENDED, M.ENDED)
        started_on = (
            min(today, opened_on + dt.timedelta(days=rng.randint(30, 200)))
            if status in (M.ACTIVE, M.SUSPENDED, M.ENDED)
            else None
        )
        ends_on = started_on + dt.timedelta(days=rng.choice((90, 365, 730))) if started_on else None
        ended_on = min(today, ends_on) if status == M.ENDED and ends_on else None
        running = status in (M.ACTIVE, M.SUSPENDED)
        next_report = today + dt.timedelta(days=rng.randint(-10, 180)) if running else None
        measure_id = self._id(Measure)
        measures.append(
            (measure_id, now, now, 1, case_id, project_id, None, type_id, status, service_id if placed else None,
             site if placed else None, provider_id if placed else None, started_on, ends_on, ended_on, 0, next_report, "",
             coordinator)
        )  # fmt: skip
        if referred and parent is not None:
            referral_status = REFERRAL_FOR[status]
            sent_at = now - dt.timedelta(days=rng.randint(0, 60) if status in (M.REFERRED, M.WAITING) else rng.randint(60, 900))
            answered = referral_status not in (R.SENT, R.WITHDRAWN)
            referrals.append(
                (self._id(Referral), now, now, 1, measure_id, case_id, provider_id, service_id, site, referral_status,
                 rng.choice(SUMMARIES), parent, "signed_project", sent_at.date(), sent_at, coordinator,
                 sent_at + dt.timedelta(days=3) if answered else None, None,
                 sent_at + dt.timedelta(days=3) if referral_status == R.WAITING else None, None, "")
            )  # fmt: skip
        if started_on is not None:
            self._reports(reports, rng, measure_id, case_id, status, started_on, next_report)

    def _reports(
        self,
        rows: list[tuple[Any, ...]],
        rng: random.Random,
        measure_id: int,
        case_id: int,
        status: str,
        started_on: dt.date,
        next_report: Any,
    ) -> None:
        now = self.now
        initial_due = started_on + dt.timedelta(days=30)
        rows.append(
            (self._id(ProviderReport), now, now, 1, measure_id, case_id, ReportKind.INITIAL, ReportStatus.VALIDATED, initial_due, started_on,
             initial_due, MARKER, "", "", "", True, None, now, now, None, "")
        )  # fmt: skip
        if status in (M.ACTIVE, M.SUSPENDED):
            pending = _weighted(rng, {ReportStatus.DRAFT: 90, ReportStatus.SUBMITTED: 8, ReportStatus.RETURNED: 2})
            rows.append(
                (self._id(ProviderReport), now, now, 1, measure_id, case_id, ReportKind.PROGRESS, pending, next_report, initial_due,
                 next_report, MARKER, "", "", "", False, None, now if pending != ReportStatus.DRAFT else None, None, None, "")
            )  # fmt: skip

    def _clear(self) -> None:
        cases = "SELECT id FROM cases_casefile WHERE summary LIKE %s"
        measures = f"SELECT id FROM measures_measure WHERE case_id IN ({cases})"  # noqa: S608 - constant text
        marker = [f"{MARKER}%"]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in ("measures_providerreport", "measures_referral", "measures_measureevent", "measures_activityrecord"):
                cursor.execute(f"DELETE FROM {table} WHERE measure_id IN ({measures})", marker)  # noqa: S608
            cursor.execute(f"DELETE FROM measures_measure WHERE case_id IN ({cases})", marker)  # noqa: S608
            cursor.execute(f"DELETE FROM projects_interventionproject WHERE case_id IN ({cases})", marker)  # noqa: S608
        self.stdout.write("Removed the synthetic projects and measures.")
