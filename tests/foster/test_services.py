"""Writes on foster families: the application, its places and the pack's maximum, approval and
renewal, household, training, support service; each audited, stale versions refused."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openaef.audit.models import AuditEvent
from openaef.core.errors import StaleVersion
from openaef.directory.models import Language
from openaef.foster import services
from openaef.foster.models import ApprovalKind, FosterFamilyEvent, FosterFamilyStatus
from openaef.foster.services import FamilyDetails
from tests.directory.factories import ServiceFactory

from .factories import commune, make_family, make_stay

F = FosterFamilyStatus


def details(**fields):  # type: ignore[no-untyped-def]
    fields.setdefault("name", "Weber household")
    return FamilyDetails(**fields)


def test_an_application_gets_a_reference_and_is_audited(coordinator):
    family = services.family_create(
        actor=coordinator,
        details=details(
            locality="Esch-sur-Alzette",
            commune=commune("esch-sur-alzette"),
            languages=[Language.objects.get_or_create(code="fr")[0]],
        ),
    )
    assert re.fullmatch(r"FAM-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{3}", family.reference)
    assert family.status == F.APPLIED
    assert "esch sur alzette" in family.search_text
    assert [lang.code for lang in family.languages.all()] == ["fr"]
    event = AuditEvent.objects.filter(object_type="foster.fosterfamily", object_id=str(family.pk)).get()
    assert event.action == "create"
    assert FosterFamilyEvent.objects.filter(family=family, kind="created").exists()


def test_someone_outside_the_agency_cannot_record_an_application(intake_officer):
    with pytest.raises(PermissionDenied):
        services.family_create(actor=intake_officer, details=details())


def test_more_places_than_the_pack_maximum_need_a_reason(coordinator):
    with pytest.raises(ValidationError) as error:
        services.family_create(actor=coordinator, details=details(capacity=5))
    assert "at most 4 children" in error.value.message_dict["capacity_exception"][0]


def test_the_maximum_itself_needs_no_reason(coordinator):
    assert services.family_create(actor=coordinator, details=details(capacity=4)).capacity == 4


def test_more_places_are_accepted_with_a_recorded_exception(coordinator):
    family = services.family_create(actor=coordinator, details=details(capacity=5, capacity_exception="Five siblings."))
    assert (family.capacity, family.capacity_exception) == (5, "Five siblings.")


def test_an_exception_is_dropped_once_no_longer_needed(coordinator):
    family = services.family_create(actor=coordinator, details=details(capacity=4, capacity_exception="Not needed"))
    assert family.capacity_exception == ""


def test_ages_must_make_sense(coordinator):
    with pytest.raises(ValidationError) as error:
        services.family_create(actor=coordinator, details=details(min_age=12, max_age=6))
    assert "max_age" in error.value.message_dict


def test_places_cannot_drop_below_the_children_staying(coordinator, office):
    family = make_family(status=F.APPROVED, capacity=2)
    make_stay(family, office=office)
    make_stay(family, office=office)
    with pytest.raises(ValidationError) as error:
        services.family_update(actor=coordinator, family=family, expected_version=1, details=details(capacity=1))
    assert "2 children are staying" in error.value.message_dict["capacity"][0]


def test_a_change_based_on_a_stale_read_is_refused(coordinator):
    family = make_family()
    with pytest.raises(StaleVersion):
        services.family_update(actor=coordinator, family=family, expected_version=0, details=details(name="Other"))


def test_an_update_records_what_changed(coordinator):
    family = make_family()
    family = services.family_update(
        actor=coordinator, family=family, expected_version=1, details=details(name="Weber-Schmit household", capacity=3)
    )
    assert family.version == 2
    assert family.name_folded == "weber schmit household"
    event = AuditEvent.objects.filter(object_type="foster.fosterfamily", action="update").get()
    assert set(event.fields) == {"name", "capacity"}


def test_approval_records_the_period_and_a_history_row(coordinator):
    family = make_family(status=F.ASSESSMENT)
    family = services.family_approve(
        actor=coordinator,
        family=family,
        expected_version=1,
        approved_from=dt.date(2026, 1, 1),
        approved_until=dt.date(2028, 12, 31),
        note="Ministry decision 2026/12",
    )
    assert (family.status, family.approved_from, family.approved_until) == (
        F.APPROVED,
        dt.date(2026, 1, 1),
        dt.date(2028, 12, 31),
    )
    row = family.approvals.get()
    assert (row.kind, row.from_on, row.until_on, row.decided_by) == (
        ApprovalKind.APPROVAL,
        dt.date(2026, 1, 1),
        dt.date(2028, 12, 31),
        coordinator,
    )


def test_an_approval_must_end_after_it_starts(coordinator):
    family = make_family(status=F.ASSESSMENT)
    with pytest.raises(ValidationError) as error:
        services.family_approve(
            actor=coordinator,
            family=family,
            expected_version=1,
            approved_from=dt.date(2026, 1, 1),
            approved_until=dt.date(2026, 1, 1),
        )
    assert "approved_until" in error.value.message_dict


def test_a_renewal_adds_a_row_and_moves_the_end(coordinator):
    family = make_family(status=F.APPROVED, approved_from=dt.date(2024, 1, 1), approved_until=dt.date(2026, 12, 31))
    family = services.family_renew_approval(
        actor=coordinator, family=family, expected_version=1, approved_until=dt.date(2029, 12, 31)
    )
    assert family.approved_until == dt.date(2029, 12, 31)
    assert family.approved_from == dt.date(2024, 1, 1)
    row = family.approvals.get()
    assert (row.kind, row.from_on, row.until_on) == (ApprovalKind.RENEWAL, dt.date(2027, 1, 1), dt.date(2029, 12, 31))


def test_a_renewal_must_go_beyond_the_current_end(coordinator):
    family = make_family(status=F.APPROVED, approved_from=dt.date(2024, 1, 1), approved_until=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError):
        services.family_renew_approval(actor=coordinator, family=family, expected_version=1, approved_until=dt.date(2026, 12, 31))


def test_household_members_are_audited_without_names_in_the_history(coordinator):
    family = make_family()
    member = services.member_add(
        actor=coordinator, family=family, name="Anne Weber", role="foster_parent", birth_year=1980, lives_in_household=True
    )
    assert AuditEvent.objects.filter(
        object_type="foster.fosterhouseholdmember", object_id=str(member.pk), action="create"
    ).exists()
    event = FosterFamilyEvent.objects.get(family=family, kind="member")
    assert "Anne" not in str(event.data)
    services.member_remove(actor=coordinator, family=family, member=member, reason="Moved out.")
    assert not family.members.exists()


def test_an_impossible_year_of_birth_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.member_add(
            actor=coordinator, family=make_family(), name="X", role="child", birth_year=1800, lives_in_household=True
        )


def test_training_is_recorded_once_it_took_place(coordinator):
    family = make_family()
    with pytest.raises(ValidationError):
        services.training_add(actor=coordinator, family=family, title="First aid", on=dt.date(2999, 1, 1), hours=Decimal("3"))
    training = services.training_add(
        actor=coordinator, family=family, title="First aid", on=dt.date(2026, 1, 10), hours=Decimal("3.5")
    )
    assert list(family.trainings.all()) == [training]


def test_the_support_service_is_chosen_and_audited(coordinator):
    family = make_family()
    service = ServiceFactory(measures=["STA-FOSTER"])
    family = services.family_set_support_service(actor=coordinator, family=family, expected_version=1, service=service)
    assert family.support_service == service
    assert AuditEvent.objects.filter(object_type="foster.fosterfamily", fields=["support_service"]).exists()


def test_a_family_that_stopped_fostering_cannot_be_changed(coordinator):
    family = make_family(status=F.ENDED)
    with pytest.raises(ValidationError):
        services.training_add(actor=coordinator, family=family, title="X", on=dt.date(2026, 1, 1), hours=Decimal("1"))
