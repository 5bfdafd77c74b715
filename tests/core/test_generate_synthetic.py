from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench import percentile, summarise
from openaef.directory.models import Provider, Service, ServiceLocation
from openaef.intake.models import Channel, HelpRequest, Priority
from openaef.intake.reference import normalise_reference
from openaef.intake.states import RequestStatus
from tests.factories import HelpRequestFactory


def generate(**options):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("generate_synthetic", force=True, stdout=out, **options)
    return out.getvalue()


def synthetic_requests():  # type: ignore[no-untyped-def]
    return HelpRequest.objects.filter(situation__startswith="[synthetic]")


@pytest.mark.django_db
def test_it_creates_the_numbers_of_requests_and_services_asked_for():
    real_services = Service.objects.count()

    generate(requests=200, services=20)

    assert synthetic_requests().count() == 200
    assert Service.objects.filter(code__startswith="SYN-").count() == 20
    assert Service.objects.count() == real_services + 20
    assert Provider.objects.filter(code__startswith="SYN-").count() == 6


@pytest.mark.django_db
def test_every_request_has_a_valid_and_unique_reference():
    generate(requests=200)

    references = list(synthetic_requests().values_list("reference", flat=True))
    assert len(set(references)) == 200
    assert all(normalise_reference(reference) == reference for reference in references)


@pytest.mark.django_db
def test_requests_look_like_real_ones():
    generate(requests=300)

    requests = list(synthetic_requests().select_related("child_commune"))
    assert {r.channel for r in requests} == set(Channel.values)
    assert {r.priority for r in requests} == set(Priority.values)
    assert {r.status for r in requests} <= set(RequestStatus.values)
    assert len({r.status for r in requests}) >= 3
    assert all(0 <= r.age_on(r.received_at.date()) <= 27 for r in requests)
    received = [r.received_at for r in requests]
    assert max(received) - min(received) > dt.timedelta(days=2 * 365)
    assert all(r.child_commune is not None and r.proposed_office_id == r.child_commune.office_id for r in requests)
    assert all(r.office_id for r in requests if r.status == RequestStatus.ACCEPTED)
    assert all(r.child_surname_folded == r.child_surname_folded.lower() for r in requests)


@pytest.mark.django_db
def test_services_have_types_languages_locations_and_search_text():
    generate(services=20)

    services = Service.objects.filter(code__startswith="SYN-").prefetch_related("measure_types", "languages", "locations")
    for service in services:
        assert service.pack == "lu"
        assert service.measure_types.all()
        assert service.languages.all()
        assert 1 <= len(service.locations.all()) <= 2
        assert service.search_text and service.search_text == service.search_text.lower()
    assert not ServiceLocation.objects.filter(service__in=services, latitude__isnull=True).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    generate(requests=30, seed=7)
    first = list(synthetic_requests().order_by("id").values_list("child_surname", "child_birth_date", "status"))
    generate(requests=30, seed=7, clear=True)
    second = list(synthetic_requests().order_by("id").values_list("child_surname", "child_birth_date", "status"))

    assert first == second


@pytest.mark.django_db
def test_clear_removes_synthetic_rows_and_nothing_else():
    real = HelpRequestFactory()
    real_services = Service.objects.count()
    generate(requests=50, services=10, events=True)

    generate(clear=True)

    assert list(HelpRequest.objects.all()) == [real]
    assert Service.objects.count() == real_services
    assert not Provider.objects.filter(code__startswith="SYN-").exists()


@pytest.mark.django_db
def test_it_refuses_to_run_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_synthetic", requests=10, stdout=io.StringIO())

    assert not synthetic_requests().exists()


@pytest.mark.django_db
def test_it_asks_for_something_to_do():
    with pytest.raises(CommandError, match="Nothing to do"):
        generate()


def test_percentile_interpolates_between_the_closest_ranks():
    values = [float(v) for v in range(1, 101)]  # 1..100

    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 100


def test_percentile_ignores_the_order_of_the_values():
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile([7.0], 95) == 7.0


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summarise_reports_milliseconds():
    assert summarise([0.010, 0.020, 0.030]) == {"p50_ms": 20.0, "p95_ms": 29.0, "max_ms": 30.0, "n": 3}
