"""A committee member decides on a brief from a phone, in Spanish; a resident who asked to hear
back gets the news by email, in Spanish, and follows it to the public page, which shows the
decision with its reason, and no one's name."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from feedback.committee import services
from feedback.models import ThemeBrief
from notifications.services import notifications_tick
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop, sign_in
from tests.factories import UserFactory
from tests.feedback.summary_data import attendee, build_dataset
from tests.helpers import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_brief_on_the_docket() -> ThemeBrief:
    data = build_dataset()
    lucia = attendee(
        data.dialogues[0].sessions.get(),
        data.coordinator_user,
        answers=None,
        name="Lucía Vecina",
        email="lucia@example.net",
    )
    lucia.language = "es"
    lucia.outcomes_consented_at = timezone.now()
    lucia.save(update_fields=["language", "outcomes_consented_at"])
    coordinator = UserFactory(
        email="carmen@example.org", display_name="Carmen Coordinator", roles=(Role.COORDINATOR,)
    )
    UserFactory(
        email="kwame@example.org",
        display_name="Kwame Member",
        preferred_language="es",
        roles=(Role.COMMITTEE_MEMBER,),
    )
    brief = services.brief_create(
        theme=data.housing,
        title={"en": "Rents and repairs", "es": "Rentas y reparaciones"},
        public_summary={
            "en": "Residents say rents rise and repairs wait.",
            "es": "Los vecinos dicen que las rentas suben y las reparaciones no llegan.",
        },
        proposed_ask={"en": "Enforce repair orders within 30 days."},
        quotes=list(data.housing.quotes.all()),
        action_ideas=[],
        by=coordinator,
    )
    return services.brief_route(brief_id=brief.pk, by=coordinator)


def send_due_digests():
    mail.outbox.clear()
    notifications_tick(now=timezone.now() + timedelta(hours=2))
    return [message for message in mail.outbox if "feedback.outcomes" in message.tags]


def test_a_committee_member_decides_in_spanish_and_the_public_reads_why(daphne_server, chromium):
    brief = outside_the_browsers_event_loop(a_brief_on_the_docket)
    with translation.override("es"):
        brief_path = reverse("feedback:committee_brief", args=[brief.pk])
        public_path = reverse("feedback:you_said_we_did")
    page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(page, daphne_server, "kwame@example.org")

    page.goto(daphne_server.url + brief_path)
    assert page.get_attribute("html", "lang") == "es"
    assert "<11" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "committee-brief-es-360")
    assert_accessible(page)

    accept = page.get_by_label(translated("es", "Accept for recommendation"))
    accept.check()
    page.get_by_role("button", name=translated("es", "Record the decision")).click()
    page.wait_for_load_state()
    error = translated("es", "Every decision needs a reason: write why the committee decided this.")
    assert error in page.locator("main").inner_text()
    assert ThemeBrief.objects.get(pk=brief.pk).status == ThemeBrief.Status.ON_DOCKET

    reason = "La evidencia es constante en dos vecindarios."
    page.get_by_label(translated("es", "Accept for recommendation")).check()
    page.locator('textarea[name^="rationale_"][lang="es"]').fill(reason)
    page.get_by_role("button", name=translated("es", "Record the decision")).click()
    page.wait_for_load_state()
    assert ThemeBrief.objects.get(pk=brief.pk).status == ThemeBrief.Status.ACCEPTED
    assert reason in page.locator("main").inner_text()
    assert_accessible(page)

    # The resident who asked to hear back gets one email, in Spanish, with both steps.
    emails = outside_the_browsers_event_loop(send_due_digests)
    assert [message.to for message in emails] == [["lucia@example.net"]]
    html = emails[0].alternatives[0][0]
    email_page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    email_page.set_content(html)
    assert email_page.get_attribute("html", "lang") == "es"
    text = email_page.locator("body").inner_text()
    assert "Rentas y reparaciones" in text and reason in text
    assert translated("es", "Accepted for recommendation") in text
    assert translated("es", "Under review by the committee") in text
    screenshot(email_page, "outcome-email-es-360")
    assert_accessible(email_page)
    read_more = email_page.get_by_role("link", name=translated("es", "Read more")).last
    href = read_more.get_attribute("href")
    assert href.startswith(settings.SITE_URL + public_path) and href.endswith(f"#brief-{brief.pk}")

    page.goto(daphne_server.url + href.removeprefix(settings.SITE_URL))
    main = page.locator("main").inner_text()
    assert "Rentas y reparaciones" in main
    assert reason in main
    assert page.locator(f"#brief-{brief.pk}").is_visible()
    for personal in ("Kwame", "Carmen", "Lucía", "@example.org", "@example.net", "Resident Person"):
        assert personal not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "you-said-we-did-es-360")
    assert_accessible(page)
