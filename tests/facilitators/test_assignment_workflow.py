"""From a solved plan to people asked, their replies, and a re-solve after a decline."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse
from icalendar import Calendar

from accounts.roles import Role
from dialogues.messages import dialogue_title
from dialogues.models import Registration
from dialogues.services import Contact, Needs, registration_create
from facilitators.messages import assignment_for_token, response_token
from facilitators.models import (
    Assignment,
    AssignmentPlan,
    AvailabilityWindow,
    InterpreterProfile,
    PlanEntry,
)
from facilitators.services import (
    AlreadyAnswered,
    ConstraintsBroken,
    NotYours,
    PlanOutdated,
    assignment_plan_publish,
    assignment_plan_start,
    assignment_respond,
    interpreter_pairs_set,
    plan_entry_adjust,
)
from notifications.models import Notification
from tests.factories import DialogueFactory, evening, facilitator, language, user_with_role
from tests.helpers import translated

pytestmark = pytest.mark.django_db(transaction=True)


def solved_plan(coordinator, dialogues):
    days = [session.starts_at.date() for d in dialogues for session in d.sessions.all()]
    plan = assignment_plan_start(
        by=coordinator,
        first_day=min(days) - timedelta(days=1),
        last_day=max(days) + timedelta(days=1),
    )
    plan.refresh_from_db()
    return plan


def live(dialogue):
    return {
        assignment.person_id: assignment.role
        for assignment in Assignment.objects.filter(
            dialogue=dialogue, session__isnull=True, status__in=["invited", "accepted"]
        )
    }


@pytest.fixture
def coordinator():
    return user_with_role(Role.COORDINATOR)


def test_a_solved_plan_explains_each_team_and_each_gap(coordinator):
    people = [facilitator() for _ in range(2)]
    staffed = DialogueFactory(sessions__starts_at=evening(10))
    vietnamese = DialogueFactory(sessions__starts_at=evening(11), primary_language=language("vi"))
    plan = solved_plan(coordinator, [staffed, vietnamese])
    # The immediate task backend solved it after the commit.
    assert plan.status == AssignmentPlan.Status.DRAFT
    assert plan.solver_status in ("OPTIMAL", "FEASIBLE")
    assert plan.optimality_gap is not None
    entry = plan.entries.get(dialogue=staffed)
    assert sorted(entry.team) == sorted(person.pk for person in people)
    assert entry.possible >= entry.score
    gap = plan.entries.get(dialogue=vietnamese)
    assert gap.team == []
    assert gap.gap_code == "no_speaker"
    page = client_page(coordinator, plan)
    assert "No active facilitator can facilitate in Vietnamese." in page
    assert not Assignment.objects.exists()  # nobody is asked before publishing


def client_page(user, plan):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("facilitators:plan_detail", args=[plan.pk])).content.decode()


def test_publishing_asks_everyone_with_a_calendar_entry_and_a_reply_link(coordinator):
    lead, co = facilitator(display_name="Lena"), facilitator(display_name="Omar")
    dialogue = DialogueFactory(sessions__starts_at=evening(10), sessions=2)
    plan = solved_plan(coordinator, [dialogue])
    mail.outbox.clear()
    assignment_plan_publish(plan_id=plan.pk, by=coordinator)
    assert set(live(dialogue)) == {lead.pk, co.pk}
    assert sorted(live(dialogue).values()) == ["co_facilitator", "lead"]
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == [lead.email])
    assignment = Assignment.objects.get(person=lead)
    token = re.search(r"/assignments/([^/\s]+)/", message.body).group(1)
    assert assignment_for_token(token) == assignment
    (attachment,) = [p for p in message.attachments if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert Notification.objects.filter(recipient=lead, channel="in_app").count() == 1
    plan.refresh_from_db()
    assert plan.status == AssignmentPlan.Status.PUBLISHED
    with pytest.raises(Exception):  # noqa: B017 - PlanNotDraft, but any refusal will do
        assignment_plan_publish(plan_id=plan.pk, by=coordinator)


def test_a_decline_re_solves_only_that_dialogue_and_keeps_the_rest(coordinator):
    people = [facilitator() for _ in range(5)]
    first = DialogueFactory(sessions__starts_at=evening(10))
    second = DialogueFactory(sessions__starts_at=evening(12))
    plan = solved_plan(coordinator, [first, second])
    assignment_plan_publish(plan_id=plan.pk, by=coordinator)
    before_second = live(second)
    declined = Assignment.objects.filter(dialogue=first, role="co_facilitator").get()
    stays = Assignment.objects.filter(dialogue=first, role="lead").get()
    assignment_respond(assignment_id=stays.pk, person=stays.person, accept=True)
    mail.outbox.clear()
    assignment_respond(
        assignment_id=declined.pk, person=declined.person, accept=False, note="Family event"
    )
    after_first = live(first)
    assert stays.person_id in after_first
    assert declined.person_id not in after_first
    assert len(after_first) == 2
    assert live(second) == before_second
    replacement = next(p for p in after_first if p != stays.person_id)
    assert replacement in {p.pk for p in people}
    restaff = AssignmentPlan.objects.get(scope=AssignmentPlan.Scope.RESTAFF)
    assert list(restaff.entries.values_list("dialogue_id", flat=True)) == [first.pk]
    coordinator_mail = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(coordinator_mail) == 1 and "Family event" in coordinator_mail[0].body
    declined.refresh_from_db()
    assert declined.status == Assignment.Status.DECLINED
    assert declined.changes.last().note == "Family event"


def test_a_decline_with_nobody_to_replace_says_why_to_the_coordinators(coordinator):
    lead, co = facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    assignment_plan_publish(plan_id=solved_plan(coordinator, [dialogue]).pk, by=coordinator)
    declined = Assignment.objects.get(person=co)
    mail.outbox.clear()
    assignment_respond(assignment_id=declined.pk, person=co, accept=False)
    assert set(live(dialogue)) == {lead.pk}
    (message,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "Still open:" in message.body
    assert "Only 1 of the 2 certified facilitators needed are free" in message.body


def test_only_the_person_asked_can_reply_and_a_closed_assignment_cannot_be_answered(coordinator):
    facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    assignment_plan_publish(plan_id=solved_plan(coordinator, [dialogue]).pk, by=coordinator)
    assignment = Assignment.objects.first()
    with pytest.raises(NotYours):
        assignment_respond(assignment_id=assignment.pk, person=coordinator, accept=True)
    assignment_respond(assignment_id=assignment.pk, person=assignment.person, accept=False)
    with pytest.raises(AlreadyAnswered):
        assignment_respond(assignment_id=assignment.pk, person=assignment.person, accept=True)


def test_the_reply_link_changes_nothing_until_a_button_is_pressed(client, coordinator):
    facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    assignment_plan_publish(plan_id=solved_plan(coordinator, [dialogue]).pk, by=coordinator)
    assignment = Assignment.objects.first()
    url = reverse("facilitators:assignment_respond", args=[response_token(assignment)])
    assert client.get(url).status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.INVITED
    client.post(url, {"answer": "accept"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    assert client.get(url + "x").status_code == 404


def test_the_database_refuses_two_leads_for_one_dialogue():
    dialogue = DialogueFactory()
    first, second = facilitator(), facilitator()
    Assignment.objects.create(dialogue=dialogue, person=first, role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(dialogue=dialogue, person=second, role="lead")


def test_a_hand_made_team_that_breaks_a_rule_needs_an_override_and_keeps_the_warning(
    coordinator,
):
    english = facilitator()
    busy = facilitator(always_free=False)
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    plan = solved_plan(coordinator, [dialogue])
    entry = plan.entries.get()
    with pytest.raises(ConstraintsBroken):
        plan_entry_adjust(entry_id=entry.pk, team=[english.pk, busy.pk], by=coordinator)
    entry = plan_entry_adjust(
        entry_id=entry.pk, team=[english.pk, busy.pk], by=coordinator, override=True
    )
    assert entry.warnings and entry.adjusted_by == coordinator
    assert any("available" in warning or "window" in warning for warning in entry.warnings)
    assert PlanEntry.objects.get(pk=entry.pk).team == [english.pk, busy.pk]


def test_live_warnings_for_a_team_change(client, coordinator):
    english = facilitator()
    busy = facilitator(always_free=False)
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    client.force_login(coordinator)
    url = reverse("facilitators:team_check", args=[dialogue.pk])
    fine = client.post(url, {"team": [english.pk, facilitator().pk]}).json()
    assert fine == {"warnings": []}
    broken = client.post(url, {"team": [english.pk, busy.pk]}).json()
    assert broken["warnings"]


def test_interpreters_are_planned_where_people_asked_and_see_their_rotation(client, coordinator):
    facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10), interpretation=["es"])
    registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Ana", email="ana@example.org", language="es"),
        needs=Needs(interpretation_language=language("es")),
    )
    interpreters = []
    for name in ("Inés", "Pablo"):
        person = user_with_role(Role.INTERPRETER, display_name=name)
        profile = InterpreterProfile.objects.create(user=person)
        interpreter_pairs_set(profile=profile, pairs=[(language("en"), language("es"))])
        for weekday in range(7):
            AvailabilityWindow.objects.create(
                user=person, weekday=weekday, starts="00:00", ends="23:59"
            )
        interpreters.append(person)
    plan = solved_plan(coordinator, [dialogue])
    row = plan.interpretation.get()
    # Two hours is a long session: two interpreters who rotate.
    assert row.needed == 2 and sorted(row.interpreters) == sorted(p.pk for p in interpreters)
    assignment_plan_publish(plan_id=plan.pk, by=coordinator)
    client.force_login(interpreters[0])
    page = client.get(reverse("facilitators:interpreter_home")).content.decode()
    assert "Rotation" in page and "Pablo" in page
    assert Registration.objects.count() == 1


def test_the_private_calendar_feed_lists_live_assignments(client, coordinator):
    lead, _co = facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10), sessions=3)
    assignment_plan_publish(plan_id=solved_plan(coordinator, [dialogue]).pk, by=coordinator)
    client.force_login(lead)
    home = client.get(reverse("facilitators:facilitator_home"))
    feed = home.context["feed"]
    client.logout()
    response = client.get(reverse("facilitators:assignment_calendar", args=[feed.token]))
    assert response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3


@pytest.mark.needs_postgres
def test_two_coordinators_publishing_two_plans_at_once_leave_one_lead(coordinator):
    """Two drafts for the same dialogue, published in the same instant: the dialogue's row
    lock makes the second publish see the first's assignments, so there is one team."""
    for _ in range(4):
        facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    plans = [solved_plan(coordinator, [dialogue]) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def publish(plan):
        try:
            barrier.wait(timeout=30)
            assignment_plan_publish(plan_id=plan.pk, by=coordinator)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=publish, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    team = live(dialogue)
    assert len(team) == 2
    assert sorted(team.values()) == ["co_facilitator", "lead"]


def test_a_plan_solved_before_other_assignments_were_published_is_not_published(coordinator):
    first, second = facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10))
    plan = solved_plan(coordinator, [dialogue])
    # Meanwhile, the same people were asked for another dialogue at the same hour.
    elsewhere = DialogueFactory(sessions__starts_at=evening(10))
    Assignment.objects.create(dialogue=elsewhere, person=first, role="lead", status="accepted")
    with pytest.raises(PlanOutdated):
        assignment_plan_publish(plan_id=plan.pk, by=coordinator)
    assert not Assignment.objects.filter(dialogue=dialogue).exists()
    plan.refresh_from_db()
    assert plan.status == AssignmentPlan.Status.DRAFT
    assert second.facilitator_profile.active


def test_an_interpreter_is_asked_to_interpret_in_their_own_language(coordinator):
    facilitator(), facilitator()
    dialogue = DialogueFactory(sessions__starts_at=evening(10), interpretation=["es"])
    registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Ana", email="ana@example.org", language="es"),
        needs=Needs(interpretation_language=language("es")),
    )
    person = user_with_role(Role.INTERPRETER, preferred_language="es")
    profile = InterpreterProfile.objects.create(user=person)
    interpreter_pairs_set(profile=profile, pairs=[(language("en"), language("es"))])
    AvailabilityWindow.objects.create(
        user=person, weekday=evening(10).weekday(), starts="00:00", ends="23:59"
    )
    mail.outbox.clear()
    assignment_plan_publish(plan_id=solved_plan(coordinator, [dialogue]).pk, by=coordinator)
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    title = dialogue_title(dialogue, "es")
    assert message.subject == translated("es", "Can you interpret? %(title)s", title=title)
    assert "español" in message.body.lower()
