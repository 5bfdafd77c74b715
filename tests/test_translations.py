"""Every user-facing string is translated in French, German, English and Luxembourgish.

The catalogues are regenerated from the current source in a scratch copy (makemessages merges
the existing translations), so a new string that nobody translated fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "openaef"
LANGUAGES = [code for code, _ in settings.LANGUAGES]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("catalogues") / "openaef"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    django_admin = Path(sys.executable).parent / "django-admin"
    args = [str(django_admin), "makemessages", "--no-obsolete", "-v", "0", *(f"-l{code}" for code in LANGUAGES)]
    subprocess.run(args, cwd=copy, check=True, capture_output=True)  # noqa: S603
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(regenerated, language):
    po = regenerated / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics and "fuzzy" not in statistics, f"{language}: {statistics}"
