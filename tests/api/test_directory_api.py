from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

pytestmark = pytest.mark.django_db

HSDS_DIR = Path(__file__).resolve().parents[1] / "data" / "hsds-3.0"


def hsds_validator() -> jsonschema.Draft202012Validator:
    """The HSDS 3.0 service schema with its references ("phone.json", ...) resolved locally."""
    schemas = {path.name: json.loads(path.read_text()) for path in HSDS_DIR.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(contents, default_specification=DRAFT202012)) for name, contents in schemas.items()
    )
    return jsonschema.Draft202012Validator(
        schemas["service.json"], registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_services_endpoint_is_public_and_filters_like_the_portal(client, two_services):  # type: ignore[no-untyped-def]
    body = client.get("/api/directory/services", {"language": "pt", "free": "true", "age": 14}).json()
    assert [s["code"] for s in body["results"]] == ["T-ESCH"]
    service = body["results"][0]
    assert service["measure_types"] == ["AMB-PSY"] and service["languages"] == ["pt"]
    assert service["locations"][0]["commune"] == "esch-sur-alzette"
    assert service["distance_km"] is None


def test_the_services_endpoint_sorts_by_distance_from_a_place(client, two_services):  # type: ignore[no-untyped-def]
    body = client.get("/api/directory/services", {"near": "4031"}).json()
    codes = [s["code"] for s in body["results"]]
    assert codes[:2] == ["T-ESCH", "T-WILTZ"]
    assert body["place"]["commune"] == "esch-sur-alzette"
    assert body["results"][0]["distance_km"] < body["results"][1]["distance_km"]


def test_the_services_endpoint_refuses_an_unknown_place(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/directory/services", {"near": "Atlantis"})
    assert response.status_code == 422


def test_the_offices_endpoint_lists_the_head_and_regional_offices(client):  # type: ignore[no-untyped-def]
    body = client.get("/api/directory/offices").json()
    by_code = {o["code"]: o for o in body}
    assert by_code["ONE-HQ"]["kind"] == "head"
    assert by_code["ORE-ESCH"]["commune"] == "esch-sur-alzette"
    assert by_code["ORE-ESCH"]["opening_hours"][0]["weekday"] == 2
    assert len([o for o in body if o["kind"] == "regional"]) >= 13


def test_the_hsds_export_validates_against_the_hsds_3_service_schema(client, two_services):  # type: ignore[no-untyped-def]
    validator = hsds_validator()
    body = client.get("/api/directory/hsds/services", {"per_page": 200, "lang": "en"}).json()
    assert body["total_items"] == len(body["contents"]) > 2
    assert body["first_page"] and body["last_page"] and not body["empty"]
    for service in body["contents"]:
        errors = sorted(validator.iter_errors(service), key=str)
        assert not errors, (service["name"], [e.message for e in errors])
    esch = next(s for s in body["contents"] if s["name"] == "Harbour counselling")
    assert esch["service_at_locations"][0]["location"]["addresses"][0]["country"] == "LU"
    assert esch["attributes"][0]["taxonomy_term"]["code"] == "AMB-PSY"
    assert esch["minimum_age"] == 12 and esch["languages"][0]["code"] == "pt"


def test_the_schema_check_can_fail_on_a_broken_service(client):  # type: ignore[no-untyped-def]
    """The validation above can fail: a service without an id does not pass."""
    body = client.get("/api/directory/hsds/services").json()
    broken = dict(body["contents"][0])
    del broken["id"]
    with pytest.raises(jsonschema.ValidationError):
        hsds_validator().validate(broken)
    # A fault deep inside (a language without its id) is caught too: the references resolve.
    nested = dict(body["contents"][0])
    nested["languages"] = [{"name": "Portuguese"}]
    with pytest.raises(jsonschema.ValidationError):
        hsds_validator().validate(nested)


def test_the_hsds_identifiers_are_stable_between_exports(client):  # type: ignore[no-untyped-def]
    first = client.get("/api/directory/hsds/services").json()["contents"]
    second = client.get("/api/directory/hsds/services").json()["contents"]
    assert [s["id"] for s in first] == [s["id"] for s in second]
