"""Settings for Filiera, read from environment variables.

Development defaults are safe for a laptop; with ``DEBUG`` off the settings refuse to start
without a secret key and allowed hosts, and turn on secure cookies.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

if not DEBUG:
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "With DEBUG off, SECRET_KEY must be set (32 characters or more)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("With DEBUG off, ALLOWED_HOSTS must be set.")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))
    SECURE_CONTENT_TYPE_NOSNIFF = True
elif not SECRET_KEY:
    SECRET_KEY = "development-only-secret-key-not-for-production-use"  # noqa: S105

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "filiera.core",
    "filiera.accounts",
    "filiera.registry",
    "filiera.qualification",
    "filiera.chains",
    "filiera.products",
    "filiera.footprint",
    "filiera.passports",
    "filiera.symbiosis",
    "filiera.district",
    "filiera.api",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "filiera.urls"
WSGI_APPLICATION = "filiera.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "filiera.core.context_processors.navigation",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("FILIERA_DATA_DIR", PROJECT_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'filiera.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Filiera <noreply@localhost>")
# Where the platform is reached, for links in e-mails sent outside a request (daily commands).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Passports. Issuers' private keys are stored encrypted under this secret (default: SECRET_KEY);
# changing it makes stored keys unreadable, so set it once and keep it.
PASSPORT_KEY_SECRET = os.environ.get("PASSPORT_KEY_SECRET", SECRET_KEY)
# The base of the GS1 Digital Link URIs in QR codes; the resolver answers on any allowed host.
RESOLVER_URL = os.environ.get("RESOLVER_URL", SITE_URL).rstrip("/")
# UNTP 0.6.1 JSON Schemas used to check credentials (`filiera verify`, the verification page).
# They ship with the tests under their own licence (GPL-3.0); without them the schema check is
# reported as skipped.
UNTP_SCHEMAS_DIR = Path(
    os.environ.get("UNTP_SCHEMAS_DIR", PROJECT_DIR / "tests" / "fixtures" / "untp-0.6.1")
)

# Industrial symbiosis. Score weights by component name as JSON (missing names keep the
# engine's defaults), e.g. {"distance": 0.3, "code": 0.2}; suggestions kept per flow.
SYMBIOSIS_WEIGHTS = json.loads(os.environ.get("SYMBIOSIS_WEIGHTS", "{}"))
SYMBIOSIS_SUGGESTIONS_PER_FLOW = int(os.environ.get("SYMBIOSIS_SUGGESTIONS_PER_FLOW", "10"))
# Avoided emissions, t CO2e per base unit (t, MWh, m3) by material group, as JSON; these
# replace the shipped factors (most are unset; see filiera/symbiosis/data/README.md).
SYMBIOSIS_AVOIDED_FACTORS = json.loads(os.environ.get("SYMBIOSIS_AVOIDED_FACTORS", "{}"))

# Uploads: imports are refused above this size with a clear message.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Map tiles are optional: without a URL the map shows the point on a blank background (offline).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Evidence uploads (PDF or images) are refused above this size with a clear message.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
# Product pictures (JPEG, PNG or WebP) are refused above this size.
PRODUCT_IMAGE_MAX_BYTES = int(os.environ.get("PRODUCT_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
# Where shipped methodology file sets live (one folder per methodology and version).
METHODOLOGIES_DIR = Path(os.environ.get("METHODOLOGIES_DIR", PROJECT_DIR / "methodologies"))

# Background work: Django's task framework; the database backend runs embedded
# (`filiera db_worker`). TASKS_BACKEND=immediate runs each task at once, in the request.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
