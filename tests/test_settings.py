"""Settings come from the environment only; each case runs in a fresh interpreter."""

import json

from tests.helpers import run_python

PRODUCTION = {
    "SECRET_KEY": "x" * 60 + "-production-like-secret",
    "ALLOWED_HOSTS": "dialogues.boston.gov",
    "CSRF_TRUSTED_ORIGINS": "https://dialogues.boston.gov",
    "DATABASE_URL": "postgres://commonground@127.0.0.1:5432/commonground",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_PROVIDER": "postmark",
    "ANYMAIL_POSTMARK_SERVER_TOKEN": "token-from-the-provider",
    "ANYMAIL_WEBHOOK_SECRET": "postmark:webhook-secret",
    "BACKGROUND_TASKS": "database",
    "DEFAULT_FROM_EMAIL": "Common Ground Boston <dialogues@boston.gov>",
}
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in %r}, default=str))
"""


def settings_under(environment: dict, *names: str) -> dict:
    result = run_python(
        PRINT_SETTINGS % (list(names),),
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_secret_key_in_production_start_up_fails_clearly():
    result = run_python(
        "import django; django.setup()",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


def test_check_deploy_prints_no_warnings_with_production_variables():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_embedded_defaults_need_no_services():
    values = settings_under(
        {"DEBUG": "1"}, "DATABASES", "CHANNEL_LAYERS", "CACHES", "EMAIL_BACKEND"
    )
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"].endswith("var/commonground.sqlite3")
    assert values["CHANNEL_LAYERS"]["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_variables_select_postgres_redis_and_the_email_provider():
    values = settings_under(
        PRODUCTION,
        "DATABASES",
        "CHANNEL_LAYERS",
        "CACHES",
        "EMAIL_BACKEND",
        "ANYMAIL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_SSL_REDIRECT",
    )
    database = values["DATABASES"]["default"]
    assert (database["ENGINE"], database["NAME"], database["HOST"]) == (
        "django.db.backends.postgresql",
        "commonground",
        "127.0.0.1",
    )
    (host,) = values["CHANNEL_LAYERS"]["default"]["CONFIG"]["hosts"]
    assert values["CHANNEL_LAYERS"]["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert host["address"] == "redis://127.0.0.1:6379/0"
    # redis-py 8's 5 s default would drop every consumer every 5 s (channels_redis#422).
    assert host["socket_timeout"] > 5
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["OPTIONS"]["socket_timeout"] > 5
    assert values["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {
        "POSTMARK_SERVER_TOKEN": "token-from-the-provider",
        "WEBHOOK_SECRET": "postmark:webhook-secret",
    }
    assert values["ALLOWED_HOSTS"] == ["dialogues.boston.gov"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://dialogues.boston.gov"]
    assert values["SECURE_SSL_REDIRECT"] is True


def test_city_name_time_zone_and_languages_are_configurable():
    values = settings_under(
        {
            "DEBUG": "1",
            "CITY_NAME": "Los Angeles",
            "CITY_TIME_ZONE": "America/Los_Angeles",
            "LANGUAGES": "en,es,ko,hy",
        },
        "CITY_NAME",
        "TIME_ZONE",
        "LANGUAGES",
    )
    assert values["CITY_NAME"] == "Los Angeles"
    assert values["TIME_ZONE"] == "America/Los_Angeles"
    assert [code for code, _name in values["LANGUAGES"]] == ["en", "es", "ko", "hy"]


def test_unknown_language_or_email_provider_is_a_clear_start_up_error():
    result = run_python(
        "import django; django.setup()",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        DEBUG="1",
        LANGUAGES="en,klingon",
    )
    assert "LANGUAGES lists 'klingon', which is not a language code CLDR knows." in result.stderr

    result = run_python(
        "import django; django.setup()",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        DEBUG="1",
        EMAIL_PROVIDER="carrier-pigeon",
    )
    assert "EMAIL_PROVIDER 'carrier-pigeon' is neither console, smtp nor an anymail" in (
        result.stderr
    )


def test_a_malformed_boolean_is_refused_rather_than_guessed():
    result = run_python(
        "import django; django.setup()",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        DEBUG="maybe",
    )
    assert "DEBUG must be a boolean" in result.stderr


def test_production_redirects_to_https_except_for_the_health_probe(tmp_path):
    result = run_python(
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(SERVER_NAME='dialogues.boston.gov')\n"
        "print(client.get('/healthz').status_code, client.get('/en/').status_code,"
        " client.get('/en/')['Location'])",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "REDIS_URL": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301", "https://dialogues.boston.gov/en/"]


def test_check_deploy_warns_when_email_would_be_sent_inside_requests():
    unsafe = {name: value for name, value in PRODUCTION.items() if name != "ANYMAIL_WEBHOOK_SECRET"}
    unsafe["BACKGROUND_TASKS"] = "immediate"
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])",
        PATH="/usr/bin:/bin",
        DJANGO_SETTINGS_MODULE="commonground.settings",
        **unsafe,
    )
    assert "commonground.W001" in result.stderr
    assert "commonground.W002" in result.stderr
