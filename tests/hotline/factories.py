"""Factories for 116 000 calls."""

from __future__ import annotations

import factory
from django.utils import timezone

from openaef.hotline.models import Call, CallCategory, CallerType, CallLanguage, Responder, Urgency
from tests.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    received_at = factory.LazyFunction(timezone.now)
    responder = Responder.AGENCY
    caller_type = CallerType.PARENT
    language = CallLanguage.FR
    category = CallCategory.RUNAWAY
    urgency = Urgency.NOT_URGENT
    recorded_by = factory.SubFactory(UserFactory)
