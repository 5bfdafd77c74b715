"""Deny by default, proved: every URL pattern is public by declaration or refuses strangers."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from openaef.core.access import declared_access

# The API's public operations (catalogue data, no personal data); every other one needs a login.
PUBLIC_API_PREFIXES = ("api/directory/", "api/openapi.json", "api/docs")

_SAMPLES = {"int": "1", "str": "X", "slug": "x", "uuid": str(uuid.uuid4()), "path": "x"}
_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def _route(pattern: object) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "fr/"
    if isinstance(pattern, RoutePattern):
        return _CONVERTER.sub(lambda m: _SAMPLES.get(m.group(1) or "str", "x"), str(pattern))
    return str(pattern).lstrip("^").rstrip("$").replace("\\", "")


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + _route(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        else:
            yield route, entry


ALL = sorted(walk(get_resolver()), key=lambda item: item[0])
API = [(route, p) for route, p in ALL if route.startswith("api/")]
PAGES = [(route, p) for route, p in ALL if not route.startswith("api/")]


def test_there_are_urls_to_walk():
    assert len(PAGES) > 10
    assert API


@pytest.mark.parametrize(("route", "pattern"), PAGES, ids=[route for route, _ in PAGES])
def test_every_page_declares_its_access(route, pattern):
    assert declared_access(pattern.callback) is not None, f"/{route} declares neither public nor a permission"


NON_PUBLIC = [(route, p) for route, p in PAGES if declared_access(p.callback) != "public"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), NON_PUBLIC, ids=[route for route, _ in NON_PUBLIC])
def test_every_non_public_page_refuses_an_anonymous_visitor(client, route, pattern):
    for method in ("get", "post"):
        response = getattr(client, method)("/" + route)
        assert response.status_code in (302, 403, 404, 405), f"{method.upper()} /{route} -> {response.status_code}"
        if response.status_code == 302:
            assert "/staff/login/" in response["Location"], f"{method.upper()} /{route} redirects elsewhere"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), API, ids=[route for route, _ in API])
def test_every_non_public_api_operation_refuses_an_anonymous_caller(client, route, pattern):
    if route.startswith(PUBLIC_API_PREFIXES):
        return
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(client, method)("/" + route)
        assert response.status_code in (401, 403, 404, 405), f"{method.upper()} /{route} -> {response.status_code}"


@pytest.mark.django_db
def test_a_view_without_a_declaration_is_refused_to_a_logged_in_user(rf, intake_officer):
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    from openaef.core.middleware import PermissionDeclaredMiddleware

    def undeclared(request):  # a view someone forgot to decorate
        return HttpResponse("secret")

    request = rf.get("/")
    request.user = intake_officer
    middleware = PermissionDeclaredMiddleware(lambda r: HttpResponse())
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})
