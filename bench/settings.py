"""Settings for the benchmark: production-like (DEBUG off, no query logging), the database
from DATABASE_URL, and nothing that needs a deployment step (collected static files)."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("OPENAEF_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench"))

from openaef.settings.base import *  # noqa: E402,F403
from openaef.settings.base import LOGGING, VAR_DIR  # noqa: E402

DEBUG = False
# django.test.Client speaks as "testserver".
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Creating the benchmark's user should not cost a second of password hashing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
LOGGING["root"]["level"] = "WARNING"
