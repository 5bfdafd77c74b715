"""The pack's rules a measure must respect, checked by the services before any write.

Each check raises ValidationError keyed by the form field to correct, with a message that says
which rule was broken (the age range, the maximum duration, the renewal rule).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.directory.models import MeasureType, Service, ServiceLocation
from openaef.people.models import Person

from .parameters import RenewalRule, measure_rules

# Who may consent to sharing: a parent or legal representative, or the young adult (of age).
CONSENTING_ROLES = (ParticipantRole.PARENT, ParticipantRole.LEGAL_REPRESENTATIVE)
AGE_OF_MAJORITY = 18


def age_range_text(measure_type: MeasureType) -> str:
    low, high = measure_type.min_age, measure_type.max_age
    if low is not None and high is not None:
        return _("from %(min)d to %(max)d years") % {"min": low, "max": high}
    if low is not None:
        return _("from %(min)d years") % {"min": low}
    if high is not None:
        return _("up to %(max)d years") % {"max": high}
    return _("any age")


def check_type_for_case(measure_type: MeasureType, case: CaseFile, field: str = "measure_type") -> None:
    if measure_type.pack != case.pack:
        raise ValidationError({field: _("This type of measure is not in the catalogue that applies to the case.")})


def check_age(measure_type: MeasureType, child: Person, on: dt.date, field: str = "planned_start") -> None:
    """The child's age on the planned start within the type's age range (bounds included)."""
    age = child.age_on(on)
    if age is None or (measure_type.min_age is None and measure_type.max_age is None):
        return
    too_young = measure_type.min_age is not None and age < measure_type.min_age
    too_old = measure_type.max_age is not None and age > measure_type.max_age
    if too_young or too_old:
        raise ValidationError(
            {
                field: _("This measure is for children and young adults %(range)s; the child will be %(age)d on %(day)s.")
                % {"range": age_range_text(measure_type), "age": age, "day": on.strftime("%d/%m/%Y")}
            }
        )


def check_service(measure_type: MeasureType, service: Service, location: ServiceLocation | None) -> None:
    if not service.measure_types.filter(pk=measure_type.pk).exists():
        raise ValidationError({"placement": _("Choose a service that offers this type of measure.")})
    if location is not None and location.service_id != service.pk:
        raise ValidationError({"placement": _("Choose one of the service's own sites.")})


def consent_candidates(case: CaseFile, on: dt.date | None = None) -> list[Person]:
    """Who may consent to sharing the summary: the parents and legal representatives in the
    case and the child once of age."""
    on = on or timezone.localdate()
    rows = (
        CaseParticipant.objects.filter(case=case, role__in=[*CONSENTING_ROLES, ParticipantRole.CHILD])
        .select_related("person")
        .order_by("position", "id")
    )
    people: list[Person] = []
    for row in rows:
        if row.role == ParticipantRole.CHILD:
            age = row.person.age_on(on)
            if age is None or age < AGE_OF_MAJORITY:
                continue
        people.append(row.person)
    return people


def check_consent(case: CaseFile, person: Any, method: str, on: dt.date | None) -> None:
    from .models import ConsentMethod

    errors: dict[str, str] = {}
    if person is None or person.pk not in {p.pk for p in consent_candidates(case, on)}:
        errors["consent_by"] = _("Choose the parent, legal representative or young adult who consented.")
    if method not in ConsentMethod.values:
        errors["consent_method"] = _("Choose how the consent was given.")
    if on is None:
        errors["consent_on"] = _("Enter the date the consent was given.")
    elif on > timezone.localdate():
        errors["consent_on"] = _("The date of the consent must be today or in the past.")
    if errors:
        raise ValidationError(errors)


def check_renewal(measure_type: MeasureType, renewals: int) -> RenewalRule:
    """The renewal rule, or ValidationError saying why the measure cannot be renewed."""
    rule = measure_rules().renewal(measure_type.code)
    if not rule.allowed:
        if measure_type.max_duration_months:
            message = _(
                "This measure cannot be renewed: it lasts at most %(months)d months. Plan a new measure if the child needs more."
            ) % {"months": measure_type.max_duration_months}
        else:
            message = _("This type of measure cannot be renewed. Plan a new measure if the child needs more.")
        raise ValidationError({"renew": message})
    if rule.max_renewals is not None and renewals >= rule.max_renewals:
        raise ValidationError(
            {"renew": _("This measure was renewed %(count)d times already, the most the rules allow.") % {"count": renewals}}
        )
    return rule
