"""Staffing in a real browser against daphne: a coordinator proposes and publishes a plan, one
facilitator accepts from the email's link, the other declines from the dashboard on a phone,
and the re-solve asks a third person."""

import re
from urllib.parse import urlsplit

import pytest

from accounts.roles import Role
from facilitators.models import Assignment, AvailabilityWindow, InterpreterProfile
from notifications.email import build_email
from notifications.models import Notification
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop, sign_in
from tests.factories import DialogueFactory, evening, facilitator, user_with_role
from tests.helpers import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def setup():
    coordinator = user_with_role(Role.COORDINATOR, email="carmen@example.org")
    people = [
        facilitator(email=f"{name.lower()}@example.org", display_name=name)
        for name in ("Grace", "Luis", "Sarah")
    ]
    dialogue = DialogueFactory(sessions__starts_at=evening(10), sessions=2)
    return coordinator, people, dialogue


def test_publish_accept_and_decline_with_a_re_solve(daphne_server, chromium):
    coordinator, people, dialogue = outside_the_browsers_event_loop(setup)
    day = evening(10).date()

    desk = chromium.new_context().new_page()
    sign_in(desk, daphne_server, coordinator.email)
    desk.goto(f"{daphne_server.url}/en/coordinator/staffing/")
    assert_accessible(desk)
    desk.get_by_label("From").fill(str(day.replace(day=1)))
    desk.get_by_label("Until").fill(str(day))
    desk.get_by_role("button", name="Propose a plan").click()
    desk.wait_for_url(re.compile(r"/en/coordinator/staffing/plans/\d+/$"))
    assert "Dialogues staffed" in desk.content()
    screenshot(desk, "plan-draft-en")
    assert_accessible(desk)
    assert not Assignment.objects.exists()
    desk.get_by_role("button", name="Publish and ask everyone").click()
    desk.wait_for_load_state()
    assert "The plan is published" in desk.content()

    invited = {a.person_id: a for a in Assignment.objects.filter(dialogue=dialogue)}
    assert len(invited) == 2
    first, second = (p for p in people if p.pk in invited)
    (spare,) = (p for p in people if p.pk not in invited)

    # The first accepts from the link in the email, without signing in.
    email = build_email(
        Notification.objects.get(
            kind="facilitators.assignment_invited", recipient=first, channel="email"
        )
    )
    link = re.search(r"https?://\S+/assignments/\S+/", email.body).group(0)
    reply = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    reply.goto(daphne_server.url + urlsplit(link).path)
    assert_accessible(reply)
    screenshot(reply, "assignment-reply-360")
    reply.get_by_role("button", name="Accept").click()
    reply.wait_for_load_state()
    assert "Thank you: you accepted." in reply.content()
    assert Assignment.objects.get(pk=invited[first.pk].pk).status == "accepted"

    # The second declines from the dashboard, on a phone.
    phone = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(phone, daphne_server, second.email)
    phone.goto(f"{daphne_server.url}/en/facilitator/")
    screenshot(phone, "facilitator-dashboard-360")
    assert_accessible(phone)
    phone.get_by_role("link", name="Decline…").click()
    phone.get_by_label("Anything the coordinators should know (optional)").fill("A family event")
    phone.get_by_role("button", name="Decline").click()
    phone.wait_for_load_state()
    assert "We will ask someone else." in phone.content()
    assert_accessible(phone)

    live = set(
        Assignment.objects.filter(
            dialogue=dialogue, status__in=["invited", "accepted"]
        ).values_list("person_id", flat=True)
    )
    assert live == {first.pk, spare.pk}
    assert Assignment.objects.get(pk=invited[second.pk].pk).status == "declined"


def interpreter_setup():
    person = user_with_role(Role.INTERPRETER, email="ines@example.org", display_name="Inés")
    InterpreterProfile.objects.create(user=person)
    return person


def test_facilitator_and_interpreter_pages_work_on_a_phone_in_their_language(
    daphne_server, chromium
):
    person = outside_the_browsers_event_loop(
        facilitator, email="linh@example.org", display_name="Linh", always_free=False
    )
    interpreter = outside_the_browsers_event_loop(interpreter_setup)
    phone = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(phone, daphne_server, person.email)

    phone.goto(f"{daphne_server.url}/vi/availability/")
    assert_accessible(phone)
    phone.get_by_label(translated("vi", "Day"), exact=True).select_option("1")
    phone.get_by_label(translated("vi", "From"), exact=True).fill("17:30")
    phone.get_by_label(translated("vi", "Until"), exact=True).fill("21:00")
    phone.get_by_role("button", name=translated("vi", "Add")).first.click()
    phone.wait_for_load_state()
    assert translated("vi", "Time added.") in phone.content()
    screenshot(phone, "availability-vi-360")
    assert_accessible(phone)
    assert AvailabilityWindow.objects.filter(user=person, weekday=1).exists()

    phone.goto(f"{daphne_server.url}/ar/facilitator/details/")
    assert phone.get_attribute("html", "dir") == "rtl"
    screenshot(phone, "facilitator-details-ar-360")
    assert_accessible(phone)

    other = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(other, daphne_server, interpreter.email)
    other.goto(f"{daphne_server.url}/es/interpreter/")
    screenshot(other, "interpreter-home-es-360")
    assert_accessible(other)


def test_the_training_matrix_is_accessible(daphne_server, chromium):
    coordinator = outside_the_browsers_event_loop(
        user_with_role, Role.COORDINATOR, email="carmen@example.org"
    )
    for name in ("Grace", "Luis"):
        outside_the_browsers_event_loop(facilitator, display_name=name)
    desk = chromium.new_context().new_page()
    sign_in(desk, daphne_server, coordinator.email)
    desk.goto(f"{daphne_server.url}/en/coordinator/training/")
    assert "Grace" in desk.content()
    screenshot(desk, "training-matrix-en")
    assert_accessible(desk)
