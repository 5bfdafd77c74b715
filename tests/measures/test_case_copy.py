"""Referrals and reports carry their measure's case (the dashboard reads them by case)."""

from __future__ import annotations

import pytest

from openaef.measures.models import ProviderReport, Referral
from openaef.measures.states import ReportKind
from tests.measures.factories import make_measure, make_referral

pytestmark = pytest.mark.django_db


def test_a_referral_takes_its_measures_case(case, esch_service):
    referral = make_referral(make_measure(case), esch_service)
    assert Referral.objects.get(pk=referral.pk).case_id == case.pk


def test_a_report_takes_its_measures_case(case):
    report = ProviderReport.objects.create(measure=make_measure(case), kind=ReportKind.INITIAL)
    assert ProviderReport.objects.get(pk=report.pk).case_id == case.pk


def test_a_copied_case_is_not_overwritten_on_later_saves(case, esch_service):
    referral = make_referral(make_measure(case), esch_service)
    referral.shared_summary = "Changed."
    referral.save()
    assert Referral.objects.get(pk=referral.pk).case_id == case.pk
