"""Local development and the `make run` demo: embedded SQLite, console e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from .base import *  # noqa: E402,F403
from .env import envbool  # noqa: E402

DEBUG = envbool("DEBUG", True)

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
