import os
import shutil

import pytest
from django.conf import settings

from tests.helpers import (
    database_url_for,
    redis_url_reachable,
    running_daphne,
    wait_for_other_database_sessions_to_end,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _service_missing(item) -> str | None:
    is_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if item.get_closest_marker("needs_postgres") and not is_postgres:
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("needs_redis"):
        if not settings.REDIS_URL:
            return "needs Redis: set REDIS_URL=redis://..."
        if not redis_url_reachable(settings.REDIS_URL):
            return f"needs Redis, but {settings.REDIS_URL} does not answer"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    """Tests that need a service skip without it, but fail when CI requires every service."""
    reason = _service_missing(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1, but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Django's hasher is slow on purpose (about a third of a second a password); tests create
    hundreds of accounts, and the demo seeds twenty-odd each time it runs."""
    from django.test import override_settings

    with override_settings(
        PASSWORD_HASHERS=[
            "tests.helpers.FewIterationsPBKDF2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits live in the cache; each test starts with none counted against it.

    With REDIS_URL set, this empties that Redis database: point tests at one of their own.
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def channel_layer_per_test():
    """Each async test runs in its own event loop, and a Redis channel layer's connections and
    locks belong to the loop that made them: every test gets a layer of its own."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in English: a request leaves its language active in the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker):
    """A real daphne process sharing the test database; tests that use it need
    `transactional_db`, so that what they write is committed where daphne can read it."""
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = database_url_for(connection.settings_dict)
    with running_daphne(database_url) as server:
        yield server
    with django_db_blocker.unblock():
        wait_for_other_database_sessions_to_end(connection)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would take every
    # database call in the test for one made from async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
