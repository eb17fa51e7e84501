"""Closing the loop: every resident who asked to hear back, and who took part in a dialogue
that fed a theme, hears what became of it once, in their language; nobody else does."""

import re
import threading
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from dialogues.models import Attendance, Registration
from feedback.committee import services
from feedback.committee.loop import DIGEST_GATHER, DIGEST_SPACING, outcome_digests_send_due
from feedback.models import OutcomeNews, SurveyReceipt, ThemeBrief
from notifications.kinds import Category, Channel
from notifications.models import Notification, NotificationOptOut
from notifications.services import notifications_tick
from tests.factories import DialogueFactory, UserFactory, user_with_role
from tests.feedback.summary_data import attendee, build_dataset
from tests.helpers import translated

pytestmark = pytest.mark.django_db

OUTCOMES = "feedback.outcomes"


def consenting(registration: Registration) -> Registration:
    registration.outcomes_consented_at = timezone.now()
    registration.save(update_fields=["outcomes_consented_at"])
    return registration


@pytest.fixture
def story():
    """Two dialogues that spoke about housing, and people who did and did not ask to hear."""
    data = build_dataset()
    roxbury, dorchester = (dialogue.sessions.get() for dialogue in data.dialogues)
    staff = data.coordinator_user
    people = {}

    def guest(session, key, language, *, consent=True, email=None):
        registration = attendee(
            session, staff, answers=None, name=f"Guest {key}", email=email or f"{key}@example.net"
        )
        registration.language = language
        registration.save(update_fields=["language"])
        people[key] = consenting(registration) if consent else registration
        return registration

    guest(roxbury, "ana", "es")
    guest(roxbury, "silent", "es", consent=False)
    # The same person at both dialogues, with the same address: told once.
    guest(roxbury, "twice", "ht", email="twice@example.net")
    guest(dorchester, "twice2", "ht", email="Twice@Example.net")
    # Registered and consented, but never came.
    absent = Registration.objects.create(
        dialogue=data.dialogues[0],
        name="Absent",
        email="absent@example.net",
        language="fr",
        status=Registration.Status.CONFIRMED,
    )
    people["absent"] = consenting(absent)
    # A resident with an account, who reads Vietnamese.
    vu = UserFactory(email="vu@example.net", preferred_language="vi", password=None)
    account_registration = attendee(dorchester, staff, answers=None, name="Vu", email=vu.email)
    account_registration.user = vu
    account_registration.save(update_fields=["user"])
    consenting(account_registration)
    people["vu"] = vu
    # Said yes on the survey, not at registration: a guest and a walk-in.
    survey_only = guest(dorchester, "amal", "ar", consent=False)
    SurveyReceipt.objects.create(
        session=dorchester,
        registration=survey_only,
        submitted_on=timezone.localdate(),
        language="ar",
        hear_back=True,
    )
    SurveyReceipt.objects.create(
        session=dorchester,
        walk_in_key="browser-1",
        submitted_on=timezone.localdate(),
        language="zh-hans",
        hear_back=True,
        hear_back_email="walkin@example.net",
    )
    SurveyReceipt.objects.create(
        session=dorchester,
        walk_in_key="browser-2",
        submitted_on=timezone.localdate(),
        language="zh-hans",
        hear_back=False,
        hear_back_email="",
    )
    # A consenting attendee of a dialogue that never spoke about housing.
    elsewhere = DialogueFactory(sessions__starts_at=timezone.now() - timedelta(days=15))
    consenting(
        attendee(
            elsewhere.sessions.get(),
            staff,
            answers=None,
            name="Elsewhere",
            email="elsewhere@example.net",
        )
    )
    # Later stopped outcome messages with the email's link.
    guest(roxbury, "stopped", "es")
    NotificationOptOut.objects.create(email="stopped@example.net", category=Category.OUTCOMES)
    coordinator = user_with_role(Role.COORDINATOR, password=None)
    member = user_with_role(Role.COMMITTEE_MEMBER, password=None)
    brief = services.brief_create(
        theme=data.housing,
        title={"en": "Rents and repairs", "es": "Alquileres y reparaciones"},
        public_summary={"en": "Rents rise and repairs wait.", "es": "Suben los alquileres."},
        proposed_ask={"en": "Enforce repair orders."},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    return {
        "data": data,
        "people": people,
        "brief": brief,
        "coordinator": coordinator,
        "member": member,
    }


EXPECTED = {
    "ana@example.net": "es",
    "twice@example.net": "ht",
    "vu@example.net": "vi",
    "amal@example.net": "ar",
    "walkin@example.net": "zh-hans",
    "stopped@example.net": "es",
}


def route_and_accept(story, *, at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        services.brief_route(brief_id=story["brief"].pk, by=story["coordinator"])
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=20)):
        services.brief_decide(
            brief_id=story["brief"].pk,
            status=ThemeBrief.Status.ACCEPTED,
            rationale={
                "en": "Repairs are a safety issue in both neighborhoods.",
                "es": "Las reparaciones son un asunto de seguridad en ambos barrios.",
            },
            by=story["member"],
        )


def outcome_emails():
    return {message.to[0]: message for message in mail.outbox if OUTCOMES in message.tags}


def test_exactly_the_consenting_linked_residents_hear_once_each_in_their_language(
    story, django_capture_on_commit_callbacks
):
    start = timezone.now()
    route_and_accept(story, at=start)
    # Two changes for each of the six people, recorded once each.
    assert OutcomeNews.objects.count() == 2 * len(EXPECTED)

    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=start + DIGEST_GATHER + timedelta(minutes=30))

    emails = outcome_emails()
    # The opted-out address is suppressed by the outbox, like every optional message.
    delivered = {a: lang for a, lang in EXPECTED.items() if a != "stopped@example.net"}
    assert sorted(emails) == sorted(delivered)
    stopped = Notification.objects.get(kind=OUTCOMES, email="stopped@example.net")
    assert stopped.status == Notification.Status.SUPPRESSED
    for address, language in EXPECTED.items():
        row = Notification.objects.get(kind=OUTCOMES, channel=Channel.EMAIL, email=address)
        assert row.language == language
        # Both changes in one message: the routing and the decision.
        assert len(row.context["changes"]) == 2
    # Each piece of news names the digest that carried it.
    for news in OutcomeNews.objects.all():
        digest = Notification.objects.get(
            idempotency_key=news.notification_key, channel=Channel.EMAIL
        )
        assert digest.email == (news.email or news.recipient.email)
    # The account holder also finds it in the app.
    assert Notification.objects.filter(
        kind=OUTCOMES, channel=Channel.IN_APP, recipient=story["people"]["vu"]
    ).exists()

    spanish = emails["ana@example.net"]
    text = unescape(spanish.body)
    assert "Alquileres y reparaciones" in text
    assert "Las reparaciones son un asunto de seguridad" in text
    assert translated("es", "Accepted for recommendation") in text
    assert translated("es", "Why:") in text
    link = re.search(re.escape(settings.SITE_URL) + r"(/es/\S+#brief-\d+)", text)
    assert link, text
    assert "List-Unsubscribe" in spanish.extra_headers

    # Running the tick again, or later, sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=start + timedelta(days=3))
    assert len([m for m in mail.outbox if OUTCOMES in m.tags]) == len(delivered)


def test_nobody_else_is_told(story, django_capture_on_commit_callbacks):
    start = timezone.now()
    route_and_accept(story, at=start)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_tick(now=start + timedelta(hours=3))
    told = set(Notification.objects.filter(kind=OUTCOMES).values_list("email", flat=True))
    assert told == set(EXPECTED) | {""}  # the account's in-app row has no address
    for address in ("silent@example.net", "absent@example.net", "elsewhere@example.net"):
        assert address not in told
    # The dataset's other attendees never asked to hear back.
    assert not Notification.objects.filter(kind=OUTCOMES, email__startswith="resident").exists()
    # The same person through two dialogues is one contact.
    assert (
        Notification.objects.filter(
            kind=OUTCOMES, channel=Channel.EMAIL, email="twice@example.net"
        ).count()
        == 1
    )


def test_news_waits_to_gather_and_then_comes_at_most_once_a_day(
    story, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        services.brief_route(brief_id=story["brief"].pk, by=story["coordinator"])

    assert outcome_digests_send_due(now=start + DIGEST_GATHER - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert outcome_digests_send_due(now=start + DIGEST_GATHER) == len(EXPECTED)

    decided_at = start + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=decided_at):
        services.brief_decide(
            brief_id=story["brief"].pk,
            status=ThemeBrief.Status.NOT_ADOPTED,
            rationale={"en": "The city already funds this through another program."},
            by=story["member"],
        )
    # The decision is news, but everyone heard from us less than a day ago: it waits.
    assert outcome_digests_send_due(now=decided_at + DIGEST_GATHER) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert outcome_digests_send_due(now=start + DIGEST_GATHER + DIGEST_SPACING) == len(EXPECTED)
    ana = Notification.objects.filter(
        kind=OUTCOMES, channel=Channel.EMAIL, email="ana@example.net"
    ).order_by("pk")
    assert [[change["status"] for change in row.context["changes"]] for row in ana] == [
        [translated("es", "Under review by the committee")],
        [translated("es", "Not adopted")],
    ]
    assert not OutcomeNews.objects.filter(sent_at__isnull=True).exists()


def test_recommendation_steps_reach_the_residents_of_every_brief_it_joins(
    story, django_capture_on_commit_callbacks
):
    start = timezone.now() - timedelta(days=5)
    route_and_accept(story, at=start)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(hours=1)):
        recommendation = services.recommendation_create(
            briefs=[ThemeBrief.objects.get(pk=story["brief"].pk)],
            title={"en": "Repair enforcement", "es": "Hacer cumplir las reparaciones"},
            department="Inspectional Services",
            by=story["member"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        outcome_digests_send_due(now=start + timedelta(hours=2))
    mail.outbox.clear()
    later = start + timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for status, percent in (("sent", 0), ("responded", 0), ("adopted", 0)):
            services.recommendation_update(
                recommendation_id=recommendation.pk,
                status=status,
                note={},
                by=story["coordinator"],
                percent_complete=percent,
            )
        services.recommendation_update(
            recommendation_id=recommendation.pk,
            status="in_progress",
            note={"es": "Se contrataron dos inspectores."},
            by=story["coordinator"],
            percent_complete=40,
        )
    with django_capture_on_commit_callbacks(execute=True):
        outcome_digests_send_due(now=later + DIGEST_GATHER)
    emails = outcome_emails()
    assert set(emails) == set(EXPECTED) - {"stopped@example.net"}
    # Four steps at once: one message that lists them all.
    spanish = unescape(emails["ana@example.net"].body)
    assert "Hacer cumplir las reparaciones" in spanish
    assert "Inspectional Services" in spanish
    assert "Se contrataron dos inspectores." in spanish
    assert "40" in spanish and "%" in spanish
    assert re.search(r"#recommendation-\d+", spanish)
    row = Notification.objects.filter(
        kind=OUTCOMES, channel=Channel.EMAIL, email="ana@example.net"
    ).latest("pk")
    assert len(row.context["changes"]) == 4


def test_a_change_is_recorded_once_per_person_even_if_recorded_twice(story):
    from feedback.committee.loop import outcome_news_record_brief_change

    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        services.brief_route(brief_id=story["brief"].pk, by=story["coordinator"])
    change = story["brief"].history.get()
    before = OutcomeNews.objects.count()
    outcome_news_record_brief_change(change)
    assert OutcomeNews.objects.count() == before == len(EXPECTED)


def test_without_consenting_participants_a_change_is_news_for_nobody(story):
    Attendance.objects.all().delete()
    SurveyReceipt.objects.all().delete()
    services.brief_route(brief_id=story["brief"].pk, by=story["coordinator"])
    assert not OutcomeNews.objects.exists()


def test_members_deciding_see_how_many_residents_will_hear(story, client):
    services.brief_route(brief_id=story["brief"].pk, by=story["coordinator"])
    client.force_login(story["member"])
    page = client.get(reverse("feedback:committee_brief", args=[story["brief"].pk]))
    text = unescape(page.content.decode())
    # Six people asked, one of whom has since stopped outcome emails: the count is of those
    # who consented; the outbox still honours the opt-out.
    assert "6 residents who took part and asked to hear back" in text


def test_the_public_page_tells_residents_how_to_hear_back(client):
    page = unescape(client.get(reverse("feedback:you_said_we_did")).content.decode())
    assert "Tell me what the city does with what residents say" in page


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ticks_running_at_once_send_each_person_one_digest(story):
    start = timezone.now() - timedelta(hours=3)
    route_and_accept(story, at=start)
    barrier = threading.Barrier(4)
    outcomes = []

    def tick():
        try:
            barrier.wait(timeout=30)
            outcomes.append(outcome_digests_send_due(now=timezone.now()))
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [0, 0, 0, len(EXPECTED)], outcomes
    emails = Notification.objects.filter(kind=OUTCOMES, channel=Channel.EMAIL)
    assert sorted(emails.values_list("email", flat=True)) == sorted(EXPECTED)
    assert all(len(row.context["changes"]) == 2 for row in emails)
