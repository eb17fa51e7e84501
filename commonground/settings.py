"""Settings for Common Ground, read from environment variables only.

Every variable is documented in docs/deployment.md. With nothing set, the app runs embedded:
SQLite under var/, the in-memory channel layer and the local-memory cache.
"""

import os
import re
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from commonground.languages import ALL_LANGUAGE_CODES, language_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string in production, for example "
            'the output of: python3 -c "import secrets; print(secrets.token_urlsafe(50))". '
            "For local development, set DEBUG=1 instead."
        )
    # Development only: a fixed key keeps sessions valid across restarts of `make run`.
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, for links in emails sent outside a request.
SITE_URL = env_str(
    "SITE_URL",
    "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")

# The city this deployment serves.
CITY_NAME = env_str("CITY_NAME", "Boston")
TIME_ZONE = env_str("CITY_TIME_ZONE", "America/New_York")
USE_TZ = True

INSTALLED_APPS = [
    "daphne",
    "commonground",
    "commonground.apps.CoordinatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "allauth",
    "allauth.account",
    "accounts",
    "dialogues",
    "facilitators",
    "feedback",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, so an unprefixed URL can follow the account's preferred language.
    "commonground.middleware.PreferredLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "commonground.urls"
# Widgets render with the project's templates, so that ours (templates/components/) are found.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ASGI_APPLICATION = "commonground.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commonground.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/.
VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'commonground.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets daphne read while an in-process task writes; IMMEDIATE avoids
        # "database is locked" when a read transaction later tries to write.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that daphne and browser tests can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool, not persistent connections: Django closes connections after every request and
    # task, and under ASGI persistent connections are not safe; reconnecting each time would
    # cost more than the work itself.
    DATABASES["default"]["OPTIONS"] = {"pool": True}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and cache when REDIS_URL is set, in-memory otherwise.
REDIS_URL = env_str("REDIS_URL")
# redis-py 8 defaults socket_timeout to 5 s, which aborts channels_redis's blocking 5 s
# BZPOPMIN and drops every consumer every 5 s (channels_redis#422). Ten seconds outlasts the
# blocking pop and still notices a dead connection.
REDIS_SOCKET_TIMEOUT = 10
REDIS_MAX_CONNECTIONS = 1000
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": REDIS_SOCKET_TIMEOUT,
                        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                        # redis-py's pool refuses, rather than waits, beyond its limit of 100:
                        # a live room ending closes hundreds of sockets at once, each of which
                        # leaves its groups.
                        "max_connections": REDIS_MAX_CONNECTIONS,
                    }
                ],
                "prefix": "commonground",
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "commonground",
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Live sessions: the most WebSocket connections one room accepts (a projector, phones, staff),
# and how long a join code shown on the projector lets walk-ins in.
LIVE_MAX_CONNECTIONS_PER_ROOM = env_int("LIVE_MAX_CONNECTIONS_PER_ROOM", 200)
LIVE_JOIN_CODE_MINUTES = env_int("LIVE_JOIN_CODE_MINUTES", 30)

# Summaries, charts and exports of self-reported demographics show counts under this as
# "<11" (CMS practice), with further cells hidden so that none can be worked out from totals.
SUPPRESSION_THRESHOLD = env_int("SUPPRESSION_THRESHOLD", 11)

# Background tasks: "immediate" runs each task in-process right after the transaction commits,
# so that `make run` needs no worker; "database" queues them for `manage.py db_worker`
# processes, which may run on several machines at once.
BACKGROUND_TASKS = env_str("BACKGROUND_TASKS", "immediate")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if BACKGROUND_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"BACKGROUND_TASKS must be 'immediate' or 'database', not {BACKGROUND_TASKS!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[BACKGROUND_TASKS]}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.CoordinatorPermissionsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# A password is optional: many residents will only ever sign in with an emailed code.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Six digits: typed from a phone's number pad whatever the keyboard's script. Allauth allows
# only a few attempts per code, and codes expire within minutes.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_RATE_LIMITS = {
    # Registration without an account is open to anyone: one client address may not fill a
    # dialogue or flood its waitlist. A library kiosk may need more: REGISTRATION_RATE_LIMIT.
    "register_for_dialogue": env_str("REGISTRATION_RATE_LIMIT", "10/m/ip,60/h/ip"),
    "registration_links": "3/h/key,20/h/ip",
    # Join codes are six digits: guessing one must take far longer than it stays valid.
    "live_join": "10/m/ip,60/h/ip",
    # Walk-ins answer a session's survey with its join code: the same guessing protection.
    "survey_walk_in": "10/m/ip,60/h/ip",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Languages: codes from LANGUAGES, in the order the language switcher shows them.
LANGUAGE_CODE = "en"
LANGUAGES, LANGUAGES_BIDI = language_settings(env_list("LANGUAGES", ALL_LANGUAGE_CODES))
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        "LANGUAGES must include 'en', the language the source is written in."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
LANGUAGE_COOKIE_NAME = "commonground_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files, served by WhiteNoise from daphne itself.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Email: EMAIL_PROVIDER is "console" (the default), "smtp", "locmem", or an anymail provider such as
# "postmark", "mailgun" or "amazon_ses". Provider credentials come from ANYMAIL_* variables
# (e.g. ANYMAIL_POSTMARK_SERVER_TOKEN), passed to anymail without the prefix.
DJANGO_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    # Keeps messages in memory: for benchmarks and for workers started by tests.
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER", "console")
if EMAIL_PROVIDER in DJANGO_EMAIL_BACKENDS:
    EMAIL_BACKEND = DJANGO_EMAIL_BACKENDS[EMAIL_PROVIDER]
elif re.fullmatch(r"[a-z_]+", EMAIL_PROVIDER) and find_spec(f"anymail.backends.{EMAIL_PROVIDER}"):
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
else:
    raise ImproperlyConfigured(
        f"EMAIL_PROVIDER {EMAIL_PROVIDER!r} is neither console, smtp nor an anymail provider "
        "(see https://anymail.dev/en/stable/esps/)."
    )
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# A hung mail server must fail well inside the outbox's ten-minute sending lease.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Common Ground {CITY_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# How many proxies stand in front of daphne: rate limits count the client's address, not theirs.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's default configuration prints to the console too; log each record once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
