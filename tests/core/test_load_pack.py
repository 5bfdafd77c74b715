from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from openaef.directory.loading import pack_load
from openaef.directory.models import Commune, MeasureType, Need, Office, Postcode, Provider, Service, ServiceLocation

MODELS = [MeasureType, Need, Commune, Postcode, Office, Provider, Service, ServiceLocation]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_loading_the_pack_again_updates_and_never_duplicates():
    before = _counts()
    call_command("load_pack", "lu", stdout=io.StringIO())
    call_command("load_pack", "lu", stdout=io.StringIO())
    assert _counts() == before


@pytest.mark.django_db
def test_it_restores_an_edited_text_from_the_pack():
    measure = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    measure.name = {"fr": "changed"}
    measure.max_duration_months = 99
    measure.save()
    pack_load("lu")
    measure.refresh_from_db()
    assert measure.max_duration_months == 3
    assert set(measure.name) == {"fr", "de", "en", "lb"}


@pytest.mark.django_db
def test_the_luxembourg_catalogue_is_complete():
    assert Commune.objects.filter(pack="lu").count() == 100
    assert Office.objects.filter(pack="lu", kind="regional").count() == 13
    assert Office.objects.filter(pack="lu", kind="head").count() == 1
    assert MeasureType.objects.filter(pack="lu", category="ambulatory").exists()
    assert MeasureType.objects.filter(pack="lu", category="stationary").exists()
    for measure in MeasureType.objects.filter(pack="lu"):
        assert set(measure.name) >= {"fr", "de", "en", "lb"}, measure.code
    assert Provider.objects.filter(pack="lu").count() >= 10


@pytest.mark.django_db
def test_postcodes_lead_to_their_commune():
    assert Postcode.objects.get(pack="lu", code="4031").commune.code == "esch-sur-alzette"
    assert Postcode.objects.get(pack="lu", code="9536").commune.code == "wiltz"
    assert Postcode.objects.get(pack="lu", code="1445").commune.code == "strassen"


@pytest.mark.django_db
def test_each_commune_is_served_by_its_nearest_regional_office():
    assert Commune.objects.get(pack="lu", code="esch-sur-alzette").office.code == "ORE-ESCH"
    assert Commune.objects.get(pack="lu", code="wiltz").office.code == "ORE-WILT"
    assert not Commune.objects.filter(pack="lu", office__isnull=True).exists()
    assert not Commune.objects.filter(pack="lu", office__kind="head").exists()


@pytest.mark.django_db
def test_priority_placement_lasts_at_most_three_months_from_age_three():
    measure = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    assert measure.category == "stationary"
    assert measure.max_duration_months == 3
    assert measure.min_age == 3


@pytest.mark.django_db
def test_reloading_keeps_a_site_that_a_measure_points_at():
    """Measures, referrals and placement stays point at a service's sites (PROTECT): a reload
    updates sites in place and keeps one still pointed at, where it used to delete them all."""
    from tests.cases.factories import make_case
    from tests.measures.factories import make_measure

    service = Service.objects.filter(pack="lu").first()
    site = ServiceLocation.objects.create(service=service, street="1, rue du Test", locality="Esch")
    unused = ServiceLocation.objects.create(service=service, street="2, rue du Test", locality="Esch")
    from tests.factories import UserFactory

    case = make_case(office=Office.objects.get(pack="lu", code="ORE-ESCH"), coordinator=UserFactory())
    measure = make_measure(case, "AMB-PSY", location=site, service=service, provider=service.provider)
    pack_load("lu")
    assert ServiceLocation.objects.filter(pk=site.pk).exists()
    assert not ServiceLocation.objects.filter(pk=unused.pk).exists()
    measure.refresh_from_db()
    assert measure.location_id == site.pk
