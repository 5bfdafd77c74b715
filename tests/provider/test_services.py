"""The provider's services: state tables, versions, who may, events and notifications."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openaef.cases.models import CaseEvent, CaseEventKind
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.measures.models import MeasureEvent, MeasureEventKind, Referral
from openaef.measures.selectors_provider import waiting_position
from openaef.measures.services_provider import referral_accept, referral_decline, referral_waitlist
from openaef.measures.states import MeasureStatus, ReferralStatus
from openaef.notifications.models import Notification, NotificationKind
from tests.cases.factories import make_case

from .factories import make_referral

pytestmark = pytest.mark.django_db


def test_accepting_places_the_measure_with_the_service(provider_staff, referral, service):  # type: ignore[no-untyped-def]
    updated = referral_accept(actor=provider_staff, referral=referral, expected_version=referral.version)
    measure = updated.measure
    assert updated.status == ReferralStatus.ACCEPTED and updated.answered_by == provider_staff
    assert measure.status == MeasureStatus.ACCEPTED
    assert (measure.service, measure.location, measure.provider) == (service, service.locations.first(), service.provider)
    assert MeasureEvent.objects.filter(measure=measure, kind=MeasureEventKind.ACCEPTED).exists()
    event = CaseEvent.objects.get(case=measure.case, kind=CaseEventKind.MEASURE)
    assert event.data == {"from": MeasureStatus.REFERRED, "to": MeasureStatus.ACCEPTED, "reason": ""}


def test_a_referral_can_be_accepted_from_the_waiting_list(provider_staff, referral):  # type: ignore[no-untyped-def]
    waiting, position = referral_waitlist(actor=provider_staff, referral=referral, expected_version=referral.version)
    assert position == 1 and waiting.measure.status == MeasureStatus.WAITING and waiting.waiting_since
    accepted = referral_accept(actor=provider_staff, referral=waiting, expected_version=waiting.version)
    assert accepted.status == ReferralStatus.ACCEPTED and accepted.measure.status == MeasureStatus.ACCEPTED


def test_a_referral_answered_already_cannot_be_answered_again(provider_staff, referral):  # type: ignore[no-untyped-def]
    declined = referral_decline(actor=provider_staff, referral=referral, expected_version=referral.version, reason="Full.")
    with pytest.raises(TransitionNotAllowed):
        referral_accept(actor=provider_staff, referral=declined, expected_version=declined.version)


def test_declining_needs_a_reason_and_frees_the_measure(provider_staff, referral):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        referral_decline(actor=provider_staff, referral=referral, expected_version=referral.version, reason=" ")
    declined = referral_decline(actor=provider_staff, referral=referral, expected_version=referral.version, reason="Full.")
    assert declined.status == ReferralStatus.DECLINED
    assert declined.measure.status == MeasureStatus.PLANNED and declined.measure.provider is None


def test_a_stale_version_is_refused(provider_staff, referral):  # type: ignore[no-untyped-def]
    with pytest.raises(StaleVersion):
        referral_accept(actor=provider_staff, referral=referral, expected_version=referral.version + 1)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


@pytest.mark.parametrize("who", ["other_provider_staff", "outsider", "coordinator"])
def test_only_the_providers_staff_may_answer(request, referral, who):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        referral_accept(actor=request.getfixturevalue(who), referral=referral, expected_version=referral.version)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("accept", NotificationKind.REFERRAL_ACCEPTED),
        ("waitlist", NotificationKind.REFERRAL_WAITING),
        ("decline", NotificationKind.REFERRAL_DECLINED),
    ],
)
def test_each_answer_tells_the_coordinator(provider_staff, referral, coordinator, answer, kind):  # type: ignore[no-untyped-def]
    if answer == "accept":
        referral_accept(actor=provider_staff, referral=referral, expected_version=1)
    elif answer == "waitlist":
        referral_waitlist(actor=provider_staff, referral=referral, expected_version=1)
    else:
        referral_decline(actor=provider_staff, referral=referral, expected_version=1, reason="Full.")
    notification = Notification.objects.get(user=coordinator)
    assert notification.kind == kind
    assert notification.params["reference"] == referral.measure.case.reference
    if kind == NotificationKind.REFERRAL_WAITING:
        assert notification.params["position"] == 1


def test_waiting_positions_follow_the_order_of_arrival(office, coordinator, service, other_service):  # type: ignore[no-untyped-def]
    """Whatever the order in which the referrals were created, and with other lists mixed in,
    each waiting referral's position is 1 + those of the same service and site before it."""
    rng = random.Random(4)
    base = timezone.now() - dt.timedelta(days=30)
    same_time = base + dt.timedelta(days=3)
    other_site = service.locations.create(street="2, rue de l'Essai", locality="Esch")
    waiting = []
    for i in rng.sample(range(12), 12):
        since = same_time if i in (3, 4) else base + dt.timedelta(days=i)  # two share a time: the id decides
        target, location = [(service, service.locations.first()), (service, other_site), (other_service, None)][i % 3]
        waiting.append(
            make_referral(
                case=make_case(office=office, coordinator=coordinator),
                service=target,
                location=location or target.locations.first(),
                status=ReferralStatus.WAITING,
                waiting_since=since,
            )
        )
    make_referral(  # answered referrals do not count
        case=make_case(office=office, coordinator=coordinator), service=service, status=ReferralStatus.ACCEPTED
    )
    for referral in waiting:
        same = [r for r in waiting if (r.service_id, r.location_id) == (referral.service_id, referral.location_id)]
        ordered = sorted(same, key=lambda r: (r.waiting_since, r.pk))
        assert waiting_position(referral) == ordered.index(referral) + 1


def test_a_new_referral_on_the_list_goes_last(provider_staff, office, coordinator, service):  # type: ignore[no-untyped-def]
    earlier = [
        make_referral(case=make_case(office=office, coordinator=coordinator), service=service, status=ReferralStatus.WAITING)
        for _ in range(3)
    ]
    new = make_referral(case=make_case(office=office, coordinator=coordinator), service=service)
    _updated, position = referral_waitlist(actor=provider_staff, referral=new, expected_version=new.version)
    assert position == len(earlier) + 1
    # Taking the first off the list moves everyone up.
    referral_accept(actor=provider_staff, referral=earlier[0], expected_version=earlier[0].version)
    assert waiting_position(Referral.objects.get(pk=new.pk)) == len(earlier)
