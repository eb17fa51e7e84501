"""A resident answers the survey in Haitian Creole on a phone; a committee member then reads
the summary, with its charts, on a phone too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from feedback.models import FeedbackItem, SurveyResponse, ThemeTag
from feedback.survey.tokens import survey_token
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop, sign_in
from tests.factories import DialogueFactory, UserFactory, VenueFactory
from tests.feedback.summary_data import attendee, build_dataset
from tests.helpers import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_session_that_ended_this_evening():
    data = build_dataset()
    roxbury = data.dialogues[0].neighborhood
    dialogue = DialogueFactory(
        venue=VenueFactory(neighborhood=roxbury),
        sessions__starts_at=timezone.now() - timedelta(hours=4),
    )
    session = dialogue.sessions.get()
    registration = attendee(
        session,
        data.coordinator_user,
        answers=["black.haitian"],
        name="Jean Baptiste",
        email="jean@example.org",
    )
    registration.language = "ht"
    registration.save(update_fields=["language"])
    UserFactory(email="kwame@example.org", roles=(Role.COMMITTEE_MEMBER,))
    return session, registration


def choose(page, name: str, value: str) -> None:
    """Taps an answer's label, as a person does: the radio button itself is drawn by it."""
    option = page.locator(f'input[name="{name}"][value="{value}"]')
    page.locator(f'label[for="{option.get_attribute("id")}"]').click()
    assert option.is_checked()


def test_a_resident_answers_in_haitian_creole_and_the_committee_reads_the_summary(
    daphne_server, chromium
):
    session, registration = outside_the_browsers_event_loop(a_session_that_ended_this_evening)
    token = survey_token(registration_id=registration.pk, session_id=session.pk)
    with translation.override("ht"):
        survey_path = reverse("feedback:survey_link", args=[token])
        summary_path = reverse("feedback:summaries")
    phone = chromium.new_context(viewport={"width": 360, "height": 800})
    page = phone.new_page()

    page.goto(daphne_server.url + survey_path)
    assert page.get_attribute("html", "lang") == "ht"
    assert page.locator("h1").inner_text() == translated("ht", "How did it go?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "survey-ht-360")
    assert_accessible(page)

    for question, answer in [
        ("felt_heard", "5"),
        ("felt_safe", "4"),
        ("learned", "5"),
        ("come_again", "yes"),
    ]:
        choose(page, question, answer)
    page.get_by_label(translated("ht", "What should the city do?")).fill(
        "Lavil la dwe kontwole lwaye yo pou fanmi yo pa oblije kite katye a."
    )
    page.get_by_label(translated("ht", "Housing and built environment")).check()
    page.get_by_label(
        translated("ht", "Tell me what the city does with what residents said")
    ).check()
    page.get_by_role("button", name=translated("ht", "Send my answers")).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == translated("ht", "Thank you for taking part")
    screenshot(page, "survey-ht-thanks-360")
    assert_accessible(page)

    response = SurveyResponse.objects.get(session=session)
    assert (response.felt_heard, response.felt_safe, response.learned) == (5, 4, 5)
    assert (response.come_again, response.language) == ("yes", "ht")
    assert [theme.slug for theme in response.priority_themes.all()] == ["housing"]
    item = FeedbackItem.objects.get(survey_response=response)
    # "lwaye" is a Haitian Creole housing keyword: a suggestion, waiting for a person.
    assert ThemeTag.objects.get(item=item).status == ThemeTag.Status.SUGGESTED

    # The same link cannot be used twice.
    page.goto(daphne_server.url + survey_path)
    assert (
        "<form" not in page.locator("main").inner_html()
        or not page.locator('input[name="felt_heard"]').count()
    )

    committee = chromium.new_context(viewport={"width": 360, "height": 800})
    page = committee.new_page()
    sign_in(page, daphne_server, "kwame@example.org")
    page.goto(daphne_server.url + summary_path)
    main = page.locator("main")
    assert page.locator("h1").inner_text() == translated("ht", "Feedback summaries")
    assert page.locator("figure svg[role=img]").count() >= 6
    assert "<11" in main.inner_text()
    # The resident's survey answer counts: 3 + 3 from the dataset, 1 from this evening.
    figures = page.locator(".stat-grid").inner_text()
    assert "7" in figures
    assert "Jean Baptiste" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summary-ht-360")
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "summary-ht-1280")
    phone.close()
    committee.close()
