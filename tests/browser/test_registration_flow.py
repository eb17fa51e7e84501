"""The whole resident flow in Spanish, in a real browser against daphne: find, register, answer
the optional questions, join the waitlist, cancel through the manage link, and the promotion."""

import re

import pytest

from dialogues.models import Registration
from notifications.email import build_email
from notifications.models import Notification
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop
from tests.factories import DialogueFactory, NeighborhoodFactory, VenueFactory
from tests.helpers import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spanish(message: str, **values) -> str:
    return translated("es", message, **values)


def register(page, server, dialogue_id, *, name, email, button):
    page.goto(f"{server.url}/es/dialogues/{dialogue_id}/register/")
    assert_accessible(page)
    page.get_by_label(spanish("Your name")).fill(name)
    page.get_by_label(spanish("Email")).fill(email)
    page.get_by_label(spanish("Help getting there")).check()
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/es/registrations/.+/about-you/$"))


def test_a_spanish_speaker_registers_cancels_and_the_next_person_gets_the_seat(
    daphne_server, chromium
):
    neighborhood = NeighborhoodFactory(name="Roxbury")
    dialogue = outside_the_browsers_event_loop(
        DialogueFactory,
        capacity=1,
        venue=VenueFactory(neighborhood=neighborhood, hearing_loop=True),
        interpretation=["es"],
    )
    first = chromium.new_context(viewport={"width": 360, "height": 800}, locale="es-US")
    page = first.new_page()

    # Find the dialogue from the listing, filtered by neighborhood.
    page.goto(f"{daphne_server.url}/es/dialogues/?neighborhood=roxbury")
    assert page.get_attribute("html", "lang") == "es"
    screenshot(page, "dialogues-es-360")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Roxbury")).first.click()
    page.wait_for_url(f"**/es/dialogues/{dialogue.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=spanish("Register"), exact=True).click()
    page.wait_for_url(f"**/es/dialogues/{dialogue.pk}/register/")

    page.get_by_label(spanish("Your name")).fill("Rosa Méndez")
    page.get_by_label(spanish("Email")).fill("rosa@example.org")
    page.get_by_label(spanish("Help getting there")).check()
    page.get_by_role("button", name=spanish("Register")).click()
    page.wait_for_url(re.compile(r"/es/registrations/.+/about-you/$"))
    screenshot(page, "about-you-es-360")
    assert_accessible(page)

    # The optional questions: answered, with consent.
    page.get_by_label(spanish("Hispanic or Latino"), exact=True).check()
    page.get_by_label(spanish("Your age")).select_option("35_44")
    page.get_by_label(
        spanish("I agree that the city may use these answers, without my name, as explained above.")
    ).check()
    page.get_by_role("button", name=spanish("Save my answers")).click()
    page.wait_for_url(re.compile(r"/es/registrations/[^/]+/$"))
    manage_url = page.url
    assert spanish("%(name)s, you have a seat.", name="Rosa Méndez") in page.content()
    screenshot(page, "manage-es-360")
    assert_accessible(page)

    # Someone else finds the dialogue full and joins the waitlist.
    second = chromium.new_context(locale="es-US")
    other = second.new_page()
    register(
        other,
        daphne_server,
        dialogue.pk,
        name="Luis Ortega",
        email="luis@example.org",
        button=spanish("Join the waitlist"),
    )
    other.get_by_role("button", name=spanish("Skip this step")).click()
    other.wait_for_url(re.compile(r"/es/registrations/[^/]+/$"))
    waiting = (
        "You are number %(position)s on the waitlist. If a seat frees up, we will tell you at once."
    )
    assert spanish(waiting, position=1) in other.content()
    second.close()

    # Rosa cannot come: she cancels through her manage link.
    page.goto(manage_url)
    page.get_by_role("link", name=spanish("Cancel my registration")).click()
    assert_accessible(page)
    page.get_by_role("button", name=spanish("Yes, cancel my registration")).click()
    page.wait_for_url(manage_url)
    assert spanish("This registration is cancelled.") in page.content()
    first.close()

    rosa = Registration.objects.get(email="rosa@example.org")
    luis = Registration.objects.get(email="luis@example.org")
    assert (rosa.status, rosa.transit_help, luis.status) == ("cancelled", True, "confirmed")
    assert rosa.demographics.race_ethnicity == ["hispanic"]
    assert rosa.demographics.consented_at is not None

    # Luis's promotion email went out from the server, in Spanish, with his calendar entry.
    promotion = Notification.objects.get(
        kind="dialogues.registration_promoted", email="luis@example.org"
    )
    assert promotion.status == Notification.Status.SENT
    message = build_email(promotion)
    title = spanish("Race dialogue in %(neighborhood)s", neighborhood="Roxbury")
    assert message.subject == spanish("A seat is yours: %(title)s", title=title)
    assert promotion.calendar.startswith("BEGIN:VCALENDAR")
