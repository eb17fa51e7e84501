"""The coordinator's and facilitator's pages in a real browser: planning, overview, roster."""

import re

import pytest

from accounts.roles import Role
from dialogues.services import Contact, Needs, registration_create
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop, sign_in
from tests.factories import DialogueFactory, ProgramFactory, UserFactory, VenueFactory, language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_plans_reviews_and_checks_people_in(daphne_server, page):
    outside_the_browsers_event_loop(
        UserFactory, email="carmen@example.org", roles=(Role.COORDINATOR,)
    )
    ProgramFactory()
    VenueFactory(name="Fields Corner Hall")
    language("en")
    dialogue = outside_the_browsers_event_loop(DialogueFactory, capacity=2, interpretation=["ht"])
    for number in range(3):
        outside_the_browsers_event_loop(
            registration_create,
            dialogue_id=dialogue.pk,
            contact=Contact(name=f"Person {number}", email=f"p{number}@example.org"),
            needs=Needs(interpretation_language=language("ht"), childcare_children=number),
        )
    sign_in(page, daphne_server, "carmen@example.org")

    page.goto(f"{daphne_server.url}/en/coordinator/schedule/")
    page.get_by_label("Program", exact=True).select_option(index=1)
    page.get_by_label("Day", exact=True).select_option("1")
    page.get_by_label("Starts at", exact=True).fill("18:00")
    page.get_by_label("Ends at", exact=True).fill("20:00")
    page.get_by_label("From", exact=True).fill("2027-01-01")
    page.get_by_label("Until", exact=True).fill("2027-03-31")
    page.get_by_label(re.compile("Fields Corner Hall")).check()
    page.get_by_label("Language", exact=True).select_option(index=1)
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert page.locator("table.data-table tbody tr").count() == 3
    screenshot(page, "schedule-preview-en")
    assert_accessible(page)

    page.goto(f"{daphne_server.url}/en/coordinator/dialogues/{dialogue.pk}/")
    assert "Haitian Creole: 3" in page.locator("main").inner_text()
    screenshot(page, "registrations-overview-en")
    assert_accessible(page)

    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_role("link", name="Roster and check-in").click()
    page.wait_for_url(re.compile(r"/en/sessions/\d+/roster/$"))
    page.get_by_role("button", name="Check in Person 0").click()
    page.wait_for_url(re.compile(r"/en/sessions/\d+/roster/"))
    assert page.get_by_role("button", name="Undo check-in of Person 0").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "roster-en-360")
    assert_accessible(page)
