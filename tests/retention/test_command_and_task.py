from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from openaef.cases.models import CaseFile
from openaef.notifications.models import Notification
from openaef.rights import retention
from openaef.rights.models import RetentionRun
from openaef.rights.retention_tasks import apply_retention

from .conftest import AS_OF
from .factories import closed_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_rules(monkeypatch, rules):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(retention, "retention_rules", lambda: rules)


def test_the_command_runs_the_rules_and_reports_per_kind(office, cutoff, dpo):
    case = closed_case(office, cutoff)
    out = io.StringIO()
    call_command("apply_retention", "--as-of", AS_OF.isoformat(), stdout=out)
    case.refresh_from_db()
    assert case.archived_at is not None
    assert "case_files: 1 kept, 1 past their period, 1 done (archive)" in out.getvalue()
    assert Notification.objects.filter(user=dpo).count() == 1


def test_the_command_previews_with_dry_run(office, cutoff):
    case = closed_case(office, cutoff)
    out = io.StringIO()
    call_command("apply_retention", "--as-of", AS_OF.isoformat(), "--dry-run", stdout=out)
    assert "Preview" in out.getvalue() and "0 done" in out.getvalue()
    assert CaseFile.objects.get(pk=case.pk).archived_at is None
    assert RetentionRun.objects.get().dry_run is True


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("apply_retention", "--as-of", "31/03/2026")


def test_the_command_can_hand_the_run_to_the_worker(office, cutoff):
    closed_case(office, cutoff)
    out = io.StringIO()
    call_command("apply_retention", "--as-of", AS_OF.isoformat(), "--enqueue", stdout=out)
    assert "queued" in out.getvalue()
    # The test settings' immediate backend has run it already.
    assert RetentionRun.objects.get().summary["case_files"]["done"] == 1


def test_the_task_completes_a_run_asked_for_on_the_page(office, cutoff, dpo):
    closed_case(office, cutoff)
    run = retention.retention_run_queue(actor=dpo, as_of=AS_OF)
    assert run.finished_at is None
    apply_retention.call(run_id=run.pk)
    run.refresh_from_db()
    assert run.finished_at is not None and run.summary["case_files"]["done"] == 1
    assert run.triggered_by == dpo
