"""Every page of the providers' portal with each member of the cast: the provider's own staff
get in, the agency's staff are refused (403), staff of another provider and a provider account
linked to no provider get "not found" on every record (404), and anonymous visitors are sent to
sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.measures.models import ProviderReport
from openaef.measures.states import ReportKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(referral, running_referral, service):  # type: ignore[no-untyped-def]
    measure = running_referral.measure
    report = ProviderReport.objects.create(measure=measure, kind=ReportKind.INITIAL)
    location = service.locations.first()
    with_object = {
        "referral": ("GET", reverse("backoffice:provider_referral_detail", args=[referral.pk])),
        "accept": ("POST", reverse("backoffice:provider_referral_accept", args=[referral.pk])),
        "waitlist": ("POST", reverse("backoffice:provider_referral_waitlist", args=[referral.pk])),
        "decline": ("POST", reverse("backoffice:provider_referral_decline", args=[referral.pk])),
        "capacity_edit": ("GET", reverse("backoffice:provider_capacity_edit", args=[service.pk])),
        "capacity_site": ("GET", reverse("backoffice:provider_capacity_site_edit", args=[service.pk, location.pk])),
        "measure": ("GET", reverse("backoffice:provider_measure_detail", args=[measure.pk])),
        "report_new": ("GET", reverse("backoffice:provider_report_new", args=[measure.pk])),
        "activity": ("GET", reverse("backoffice:provider_activity", args=[measure.pk])),
        "report": ("GET", reverse("backoffice:provider_report_edit", args=[report.pk])),
        "report_send": ("GET", reverse("backoffice:provider_report_submit", args=[report.pk])),
    }
    lists = {
        "inbox": ("GET", reverse("backoffice:provider_inbox")),
        "waiting": ("GET", reverse("backoffice:provider_waiting_lists")),
        "capacity": ("GET", reverse("backoffice:provider_capacity")),
        "measures": ("GET", reverse("backoffice:provider_measure_list")),
    }
    return with_object, lists


def _call(client, method, url):  # type: ignore[no-untyped-def]
    return client.get(url) if method == "GET" else client.post(url, {})


def test_the_providers_staff_reach_every_page(login, provider_staff, urls):  # type: ignore[no-untyped-def]
    client = login(provider_staff)
    with_object, lists = urls
    for name, (method, url) in {**with_object, **lists}.items():
        response = _call(client, method, url)
        # An empty answer is re-shown with its errors (200), never refused.
        assert response.status_code == 200, f"{name}: {response.status_code}"


@pytest.mark.parametrize("who", ["coordinator", "office_head", "intake_officer"])
def test_it_refuses_the_agencys_staff_everywhere(request, login, urls, who):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(who))
    with_object, lists = urls
    for name, (method, url) in {**with_object, **lists}.items():
        assert _call(client, method, url).status_code == 403, name


@pytest.mark.parametrize("who", ["other_provider_staff", "outsider"])
def test_another_providers_staff_find_none_of_its_records(request, login, urls, who):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(who))
    with_object, lists = urls
    for name, (method, url) in with_object.items():
        assert _call(client, method, url).status_code == 404, name
    for name, (_method, url) in lists.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Léa" not in response.content.decode(), name


def test_a_refused_record_is_logged(login, other_provider_staff, referral):  # type: ignore[no-untyped-def]
    login(other_provider_staff).get(reverse("backoffice:provider_referral_detail", args=[referral.pk]))
    assert AuditEvent.objects.filter(
        actor=other_provider_staff, action=AuditAction.ACCESS_REFUSED, object_type="measures.referral"
    ).exists()


def test_it_sends_an_anonymous_visitor_to_sign_in(client, urls):  # type: ignore[no-untyped-def]
    with_object, lists = urls
    for name, (method, url) in {**with_object, **lists}.items():
        response = _call(client, method, url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], name


def test_a_missing_referral_is_not_found(login, provider_staff):  # type: ignore[no-untyped-def]
    response = login(provider_staff).get(reverse("backoffice:provider_referral_detail", args=[999999]))
    assert response.status_code == 404


def test_every_portal_url_declares_its_permission():  # type: ignore[no-untyped-def]
    from openaef.backoffice import urls_provider
    from openaef.core.access import declared_access

    for pattern in urls_provider.urlpatterns:
        assert str(declared_access(pattern.callback)).startswith("measures."), pattern.name
