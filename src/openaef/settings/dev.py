"""Local development and the `make run` demo: embedded SQLite, console e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from .base import *  # noqa: E402,F403
from .env import envbool  # noqa: E402

DEBUG = envbool("DEBUG", True)

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo's payment runs debit an example account (the IBAN of the banks' documentation), never a real one.
OPENAEF_PAYMENT_ACCOUNT = {"name": "Office national de l'enfance (demo)", "iban": "LU280019400644750000", "bic": "BCEELULL"}
