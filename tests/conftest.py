from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from typing import Any

import django.test
import pytest
from django.core.management import call_command

from openaef.accounts.models import Role
from openaef.directory.models import Office

from .factories import UserFactory

_django_force_login = django.test.Client.force_login


def force_login(self: django.test.Client, user: Any, backend: str | None = None, *, verified: bool = True) -> None:
    """Signs ``user`` in; with ``verified`` (the default) the second factor is given too, with a
    confirmed authenticator created if the user has none. ``verified=False`` leaves the session
    half signed in, as after the password step, for the tests of the second factor itself."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.accounts.factories import confirmed_authenticator

    _django_force_login(self, user, backend)
    if verified:
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_authenticator(user).persistent_id
        session.save()


class Client(django.test.Client):
    force_login = force_login


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture(autouse=True)
def _clients_sign_in_with_both_factors(monkeypatch):  # type: ignore[no-untyped-def]
    """Most tests are about what a signed-in professional sees, and force_login stands for the
    whole sign-in: both factors. Clients built elsewhere than the ``client`` fixture (fixtures in
    other conftest files, the live-server tests) get the same force_login."""
    monkeypatch.setattr(django.test.Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _default_language(settings):  # type: ignore[no-untyped-def]
    """Every test starts in the pack's default language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Cached pack data (the directory's filter choices) never leaks from one test to another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The Luxembourg pack is loaded once; each test's transaction is rolled back over it."""
    with django_db_blocker.unblock():
        call_command("load_pack", "lu", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def lu_pack(django_db_blocker):  # type: ignore[no-untyped-def]
    """For transactional tests (live server), whose flush empties the tables after each test."""
    from openaef.directory.loading import pack_load
    from openaef.directory.models import Commune

    if not Commune.objects.filter(pack="lu").exists():
        pack_load("lu")


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    return Office.objects.get(pack="lu", code="ORE-ESCH")


@pytest.fixture
def other_office(db):  # type: ignore[no-untyped-def]
    return Office.objects.get(pack="lu", code="ORE-WILT")


@pytest.fixture
def intake_officer(db):  # type: ignore[no-untyped-def]
    """alice: the intake officer."""
    return UserFactory(email="alice@example.test", full_name="Alice Intake", roles=[Role.INTAKE_OFFICER])


@pytest.fixture
def office_head(db, office):  # type: ignore[no-untyped-def]
    """bob: head of the Esch-sur-Alzette office."""
    return UserFactory(email="bob@example.test", full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])


@pytest.fixture
def coordinator(db, office):  # type: ignore[no-untyped-def]
    return UserFactory(email="carla@example.test", full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    """charlie: a professional with no business in intake (a provider's staff member)."""
    return UserFactory(email="charlie@example.test", full_name="Charlie Outsider", roles=[Role.PROVIDER_STAFF])


@pytest.fixture
def esch_service(db):  # type: ignore[no-untyped-def]
    """A free counselling service in Esch-sur-Alzette for 12 to 18, in Portuguese."""
    from openaef.directory.models import Cost
    from tests.directory.factories import ServiceFactory

    return ServiceFactory(
        code="T-ESCH",
        name={"en": "Harbour counselling"},
        measures=["AMB-PSY"],
        languages=["pt"],
        commune="esch-sur-alzette",
        min_age=12,
        max_age=18,
        cost=Cost.FREE,
    )


@pytest.fixture
def wiltz_service(db):  # type: ignore[no-untyped-def]
    """A paying family help in Wiltz for 0 to 6, in German: far from Esch, so distance tells them apart."""
    from openaef.directory.models import Cost
    from tests.directory.factories import ServiceFactory

    return ServiceFactory(
        code="T-WILTZ",
        name={"en": "Ardennes family help"},
        measures=["AMB-SAF"],
        languages=["de"],
        commune="wiltz",
        min_age=0,
        max_age=6,
        cost=Cost.CONTRIBUTION,
    )


@pytest.fixture
def two_services(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    return esch_service, wiltz_service


# ---------------------------------------------------------------- browser (Playwright + Debian's Chromium)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
