"""Notifications in a real browser: the list, the preferences, and a live badge over daphne."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_roles_set
from notifications.services import notification_enqueue
from tests.browser.test_home import assert_accessible, screenshot
from tests.factories import PASSWORD, UserFactory
from tests.notifications.conftest import REMINDER, test_kind_templates  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def outside_the_browsers_event_loop(function, *args, **kwargs):
    """Runs a service in another thread: Playwright's loop runs in this one, and services
    broadcast to the channel layer after commit with async_to_sync."""

    def run_and_release_the_connection():
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run_and_release_the_connection).result()


def sign_in(page, server, email):
    page.goto(server.url + "/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    page.wait_for_url("**/en/me/")


def test_notification_list_and_preferences_are_usable_and_accessible(daphne_server, page):
    user = UserFactory(email="farah@example.org")
    outside_the_browsers_event_loop(user_roles_set, user=user, roles={Role.FACILITATOR})
    sign_in(page, daphne_server, "farah@example.org")
    assert page.locator("[data-unread-count]").inner_text() == "1"

    page.get_by_role("link", name=re.compile("Notifications")).click()
    page.wait_for_url("**/en/me/notifications/")
    assert "Your account has a new role: Facilitator." in page.locator("main").inner_text()
    screenshot(page, "notifications-en")
    assert_accessible(page)

    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_url("**/en/me/notifications/")
    assert page.locator("[data-unread-count]").is_hidden()

    page.get_by_role("link", name="Choose which messages you receive").click()
    page.wait_for_url("**/en/me/notifications/preferences/")
    assert page.get_by_label("Confirmations and account messages").is_disabled()
    page.get_by_label("Reminders before dialogues").uncheck()
    page.get_by_role("button", name="Save choices").click()
    page.wait_for_url("**/en/me/notifications/preferences/")
    assert not page.get_by_label("Reminders before dialogues").is_checked()
    assert page.get_by_label("Digests for the advisory committee").is_checked()
    screenshot(page, "preferences-en")
    assert_accessible(page)


@pytest.mark.needs_redis
def test_the_badge_updates_live_across_processes(daphne_server, page):
    """The browser listens on daphne; the notification is written by another process."""
    user = UserFactory(email="li@example.org")
    sign_in(page, daphne_server, "li@example.org")
    badge = page.locator("[data-unread-count]")
    assert badge.is_hidden()
    page.wait_for_function("() => document.querySelector('[data-unread-label]') !== null")
    page.wait_for_timeout(500)  # the socket connects after the page loads

    outside_the_browsers_event_loop(
        notification_enqueue,
        kind=REMINDER.key,
        idempotency_key="reminder:live:1",
        recipient=user,
        context={"title": "Chinatown", "starts_at": timezone.now() + timedelta(hours=3)},
    )
    badge.wait_for(state="visible", timeout=5000)
    assert badge.inner_text() == "1"
    announcer = page.locator("[data-unread-announcer]")
    assert announcer.inner_text() == "1 unread notification"
