from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.cases.models import CaseFile
from openaef.rights import retention
from openaef.rights.models import RetentionRun
from openaef.rights.retention import retention_run

from .conftest import AS_OF
from .factories import closed_case

pytestmark = pytest.mark.django_db

PAGES = ["backoffice:retention_rules", "backoffice:retention_preview", "backoffice:retention_runs"]


@pytest.fixture
def finished_run(office, rules, cutoff):  # type: ignore[no-untyped-def]
    for _ in range(3):
        closed_case(office, cutoff)
    return retention_run(as_of=AS_OF, rules=rules)


def _run_pages(run: RetentionRun) -> list[str]:
    return [reverse("backoffice:retention_run", args=[run.pk]), reverse("backoffice:retention_run_csv", args=[run.pk])]


def test_the_data_protection_officer_sees_every_page(client, dpo, finished_run):
    client.force_login(dpo)
    for url in [reverse(name) for name in PAGES] + _run_pages(finished_run):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["intake_officer", "office_head", "coordinator", "outsider"])
def test_nobody_else_sees_them(client, request, who, finished_run):
    client.force_login(request.getfixturevalue(who))
    for url in [reverse(name) for name in PAGES] + _run_pages(finished_run):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_sign_in(client, finished_run):
    response = client.get(reverse("backoffice:retention_rules"))
    assert response.status_code == 302


def test_the_rules_page_shows_each_rule_with_its_basis(client, dpo):
    client.force_login(dpo)
    html = client.get(reverse("backoffice:retention_rules")).content.decode()
    assert "24 months" in html
    assert "No period set" in html
    assert "Assumption" in html and "2022-008" in html


def test_the_preview_counts_and_a_run_needs_the_confirmation(
    client, dpo, office, rules, cutoff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(retention, "retention_rules", lambda: rules)
    monkeypatch.setattr(
        "openaef.backoffice.views_retention.retention_preview",
        lambda as_of: retention.retention_preview(as_of=AS_OF, rules=rules),
    )
    closed_case(office, cutoff)
    client.force_login(dpo)
    url = reverse("backoffice:retention_preview")
    page = client.get(url)
    assert [row["due"] for row in page.context["rows"] if row["code"] == "case_files"] == [1]
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Confirm that you have checked the preview." in refused.content.decode()
    assert not RetentionRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    run = RetentionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:retention_run", args=[run.pk])
    assert run.triggered_by == dpo and run.dry_run is False


def test_a_run_report_pages_its_actions_and_exports_them(client, dpo, finished_run, django_assert_max_num_queries):
    client.force_login(dpo)
    url = reverse("backoffice:retention_run", args=[finished_run.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    references = list(CaseFile.objects.order_by("pk").values_list("reference", flat=True))
    html = page.content.decode()
    assert all(reference in html for reference in references)
    assert client.get(url, {"kind": "persons"}).context["page"].items == []
    csv_text = b"".join(client.get(reverse("backoffice:retention_run_csv", args=[finished_run.pk])).streaming_content).decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("kind,object_id,reference")
    assert len(lines) == 4 and references[0] in csv_text


def test_the_runs_list_is_keyset_paged(client, dpo, django_assert_max_num_queries):
    for _ in range(30):
        RetentionRun.objects.create(pack="lu", started_at="2026-03-02T03:00:00Z", as_of=AS_OF, summary={})
    client.force_login(dpo)
    url = reverse("backoffice:retention_runs")
    client.get(url)
    with django_assert_max_num_queries(10):
        first = client.get(url)
    assert len(first.context["page"].items) == 25
    second = client.get(url, {"cursor": first.context["page"].next_cursor})
    assert len(second.context["page"].items) == 5
