"""The six-monthly list of placed children: who reads it, which children count on the
reference day (by type of placement, in Luxembourg or abroad), its exports and its cost."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction, AuditEvent
from openaef.consents.placed_list import build_placed_list, reference_dates
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.placements.models import PlacementStatus
from tests.cases.factories import make_case
from tests.factories import UserFactory
from tests.people.factories import PersonFactory

from .factories import add_stay, make_placement

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 1)
URL = reverse("backoffice:placed_children")


def _case(office, coordinator, first_names, born=dt.date(2014, 6, 1)):
    return make_case(
        office=office, coordinator=coordinator, child=PersonFactory(first_names=first_names, surname="Kinnek", birth_date=born)
    )


@pytest.fixture
def placed(office, other_office, coordinator, other_coordinator):
    """On 1 April 2026, in Esch: Ana in an institution, Ben abroad (Belgium), Dan with a foster
    family from that very day, Fay transferred that day (counted once); Cleo left the day before
    and Gil's placement is only planned. Eva is placed in Wiltz."""
    ana = make_placement(_case(office, coordinator, "Ana"), "STA-INST-BASE", admitted_on=dt.date(2026, 1, 10))
    add_stay(ana, dt.date(2026, 1, 10))
    ben = make_placement(_case(office, coordinator, "Ben"), "STA-ABROAD", admitted_on=dt.date(2025, 6, 1))
    add_stay(ben, dt.date(2025, 6, 1), dt.date(2026, 6, 30), country="BE", institution_name="Institut Sainte-Anne")
    cleo = make_placement(_case(office, coordinator, "Cleo"), "STA-INST-BASE", admitted_on=dt.date(2025, 9, 1))
    add_stay(cleo, dt.date(2025, 9, 1), dt.date(2026, 3, 31))
    family = FosterFamily.objects.create(pack="lu", reference="FF-0007", name="Weber", status=FosterFamilyStatus.APPROVED)
    dan = make_placement(_case(office, coordinator, "Dan"), "STA-FOSTER", admitted_on=DAY)
    add_stay(dan, DAY, foster_family=family)
    eva = make_placement(_case(other_office, other_coordinator, "Eva"), "STA-INST-BASE", admitted_on=dt.date(2026, 2, 1))
    add_stay(eva, dt.date(2026, 2, 1))
    fay = make_placement(_case(office, coordinator, "Fay"), "STA-INST-BASE", admitted_on=dt.date(2025, 12, 1))
    add_stay(fay, dt.date(2025, 12, 1), DAY)
    add_stay(fay, DAY, institution_name="Foyer Nouveau")
    gil = make_placement(_case(office, coordinator, "Gil"), "STA-INST-BASE", status=PlacementStatus.PLANNED)
    add_stay(gil, dt.date(2026, 3, 1))
    return {"ana": ana, "ben": ben, "cleo": cleo, "dan": dan, "eva": eva, "fay": fay}


def test_the_reference_dates_are_1_april_and_1_october_none_in_the_future():
    days = reference_dates(dt.date(2026, 9, 30), years=2)
    assert days == [dt.date(2026, 4, 1), dt.date(2025, 10, 1), dt.date(2025, 4, 1)]
    assert reference_dates(dt.date(2026, 10, 1))[0] == dt.date(2026, 10, 1)


def test_the_children_placed_on_the_day_are_counted_by_type_and_abroad(placed, office):
    result = build_placed_list(DAY, [office.pk])
    names = sorted(r.child_name for r in result.rows)
    assert names == ["Ana Kinnek", "Ben Kinnek", "Dan Kinnek", "Fay Kinnek"]
    groups = {g.code: (g.in_country, g.abroad, g.total) for g in result.groups}
    assert groups == {"STA-INST-BASE": (2, 0, 2), "STA-ABROAD": (0, 1, 1), "STA-FOSTER": (1, 0, 1)}
    assert (result.in_country, result.abroad, result.total) == (3, 1, 4)
    fay = next(r for r in result.rows if r.child_name == "Fay Kinnek")
    assert fay.place == "Foyer Nouveau"
    dan = next(r for r in result.rows if r.child_name == "Dan Kinnek")
    assert "FF-0007" in dan.place and "Weber" not in dan.place
    assert next(r for r in result.rows if r.abroad).country == "Belgium"


def test_the_day_before_the_list_is_different(placed, office):
    result = build_placed_list(DAY - dt.timedelta(days=1), [office.pk])
    assert sorted(r.child_name for r in result.rows) == ["Ana Kinnek", "Ben Kinnek", "Cleo Kinnek", "Fay Kinnek"]


def test_an_office_head_reads_the_list_of_their_offices(client, office_head, placed, django_assert_num_queries):
    client.force_login(office_head)
    with django_assert_num_queries(9):
        response = client.get(URL, {"on": DAY.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ana Kinnek" in body and "Eva Kinnek" not in body and "Cleo Kinnek" not in body
    event = AuditEvent.objects.filter(object_type="consents.placedlist", action=AuditAction.READ).latest("sequence")
    assert event.object_id == DAY.isoformat()
    assert set(event.person_links.values_list("person_id", flat=True)) == {
        placed[k].case.child_id for k in ("ana", "ben", "dan", "fay")
    }


def test_the_number_of_queries_does_not_grow_with_the_list(client, office_head, office, coordinator, django_assert_num_queries):
    client.force_login(office_head)
    for n in range(6):
        p = make_placement(_case(office, coordinator, f"Kid{n}"), "STA-INST-BASE", admitted_on=dt.date(2026, 1, 1))
        add_stay(p, dt.date(2026, 1, 1))
    with django_assert_num_queries(9):
        client.get(URL, {"on": DAY.isoformat()})


@pytest.mark.parametrize("who", ["coordinator", "intake_officer", "outsider"])
def test_others_are_refused(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_the_default_is_the_latest_reference_day(client, office_head):
    client.force_login(office_head)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["placed"].day == reference_dates(dt.date.today())[0]


def test_a_day_that_is_not_a_reference_day_is_an_error_on_the_page(client, office_head):
    client.force_login(office_head)
    response = client.get(URL, {"on": "2026-03-15"})
    assert response.status_code == 400
    assert "Choose 1 April or 1 October of a recent year." in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()


def test_the_csv_export_has_the_same_columns_and_is_audited(client, office_head, placed):
    client.force_login(office_head)
    response = client.get(reverse("backoffice:placed_children_export", args=["csv"]), {"on": DAY.isoformat()})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="placed-children-2026-04-01.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Case reference", "Child", "Year of birth"]
    assert len(rows) == 5
    ben = next(r for r in rows if r[1] == "Ben Kinnek")
    assert ben[2:] == ["2014", "STA-ABROAD", ben[4], "yes", "Belgium", "Institut Sainte-Anne", "2025-06-01"]
    assert AuditEvent.objects.filter(object_type="consents.placedlist", action=AuditAction.EXPORT, fields=["csv"]).exists()


def test_the_xlsx_export_has_the_same_rows(client, office_head, placed):
    client.force_login(office_head)
    response = client.get(reverse("backoffice:placed_children_export", args=["xlsx"]), {"on": DAY.isoformat()})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Case reference" and len(rows) == 5
    dan = next(r for r in rows if r[1] == "Dan Kinnek")
    assert dan[3] == "STA-FOSTER" and dan[5] == "no" and dan[8].date() == DAY


def test_an_unknown_format_is_not_found(client, office_head):
    client.force_login(office_head)
    assert client.get(reverse("backoffice:placed_children_export", args=["pdf"])).status_code == 404


def test_a_head_of_two_offices_sees_both(client, office, other_office, placed):
    head = UserFactory(roles=[(Role.OFFICE_HEAD, office), (Role.OFFICE_HEAD, other_office)])
    client.force_login(head)
    response = client.get(URL, {"on": DAY.isoformat()})
    assert response.context["placed"].total == 5
