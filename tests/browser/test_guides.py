"""A coordinator edits a discussion guide on a phone, then checks its translations."""

import re

import pytest

from accounts.roles import Role
from dialogues.guides.services import guide_create, guide_make_default, guide_version_save
from dialogues.models import DiscussionGuide
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def two_segment_guide() -> DiscussionGuide:
    guide = guide_create(name={"en": "Two-hour guide"}, primary_language="en", by=None)
    guide_version_save(
        guide=guide,
        segments=[
            {
                "kind": "welcome",
                "duration_minutes": 10,
                "title": {"en": "Welcome", "es": "Bienvenida"},
                "prompt": {"en": "What brought you here tonight?"},
                "facilitator_notes": {"en": "Start on time."},
            },
            {
                "kind": "agreements",
                "duration_minutes": 10,
                "title": {"en": "Our agreements"},
                "prompt": {"en": "One person speaks at a time. You may pass."},
                "facilitator_notes": {},
            },
        ],
        note="",
        by=None,
    )
    guide_make_default(guide=guide)
    return guide


def test_a_coordinator_edits_a_guide_on_a_phone_and_checks_translations(daphne_server, chromium):
    outside_the_browsers_event_loop(
        UserFactory, email="carmen@example.org", roles=(Role.COORDINATOR,)
    )
    guide = outside_the_browsers_event_loop(two_segment_guide)
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    sign_in(page, daphne_server, "carmen@example.org")

    page.goto(f"{daphne_server.url}/en/coordinator/")
    page.get_by_role("link", name="Discussion guides", exact=True).click()
    page.wait_for_url("**/en/coordinator/guides/")
    main = page.locator("main")
    assert "Default guide" in main.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "guide-list-en-360")
    assert_accessible(page)

    page.get_by_role("link", name="Edit Two-hour guide").click()
    page.wait_for_url(f"**/en/coordinator/guides/{guide.pk}/edit/")
    welcome = page.locator("details.guide-segment-form").nth(0)
    welcome.locator("summary").click()
    welcome.get_by_label("Minutes").fill("12")
    prompt = welcome.get_by_role("group", name=re.compile("^Prompt"))
    prompt.get_by_label("Español").fill("¿Qué le trajo aquí esta noche?")
    added = page.locator("details.guide-segment-form--new")
    added.locator("summary").click()
    added.get_by_label("Kind").select_option("closing")
    added.get_by_label("Minutes").fill("5")
    added.get_by_role("group", name=re.compile("^Prompt")).get_by_label("English").fill(
        "What will you take with you?"
    )
    page.get_by_label("What changed").fill("Spanish welcome prompt and a closing round")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "guide-edit-en-360")
    assert_accessible(page)

    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_url(f"**/en/coordinator/guides/{guide.pk}/versions/2/")
    assert "Version 2 is saved." in page.locator(".messages").inner_text()
    segments = page.locator(".guide-segment")
    assert segments.count() == 3
    assert "12 minutes" in segments.nth(0).inner_text()
    assert "What will you take with you?" in segments.nth(2).inner_text()
    screenshot(page, "guide-version-en-360")
    assert_accessible(page)

    page.get_by_role("link", name="Translations").click()
    page.wait_for_url(f"**/en/coordinator/guides/{guide.pk}/translations/")
    spanish = page.locator("#language-es")
    cells = spanish.locator("td")
    # Titles missing: segments 2 and 3; prompts missing: 2 and 3; notes missing: all three.
    assert [cells.nth(i).inner_text() for i in range(3)] == ["2", "2", "3"]
    assert "complete" not in cells.nth(3).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "guide-translations-en-360")
    assert_accessible(page)
    context.close()
