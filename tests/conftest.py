from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_outside_languages(settings):  # type: ignore[no-untyped-def]
    """Every test starts in the pack's default language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
