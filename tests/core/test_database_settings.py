"""PostgreSQL prepares the statements a connection repeats, unless the operator turns it off."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _options(**env: str) -> str:
    code = (
        "import openaef.settings.base as s; o = s.DATABASES['default'].get('OPTIONS', {});"
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARE_THRESHOLD"}
    environment.update(SECRET_KEY="test", **env)
    # A fresh interpreter: the settings are read once per process. Fixed code, our own interpreter.
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(None, "True 5"), ("3", "True 3"), ("", "None None")],
)
def test_postgresql_binds_on_the_server_and_prepares_unless_turned_off(threshold, expected):
    env = {"DATABASE_URL": "postgres://u:p@localhost:5432/openaef"}
    if threshold is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = threshold
    assert _options(**env) == expected


def test_sqlite_is_left_alone():
    assert _options(DATABASE_URL="sqlite:///:memory:") == "None None"
