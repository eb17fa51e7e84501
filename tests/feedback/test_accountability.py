"""The accountability numbers of issue #8: how soon each dialogue's residents hear back, how
long a decision takes, and how many of the themes residents raise reach the committee's decision.

Sessions are held on known days before today; briefs are routed and decided at known moments
(timezone.now is patched around each service call, since status changes are stamped with it).
"""

import re
from datetime import date, datetime, time, timedelta
from html import unescape
from unittest import mock

import pytest
from babel import numbers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from commonground.formatting import city_time_zone
from commonground.languages import babel_locale
from dialogues.models import Dialogue, Session
from feedback.committee import services
from feedback.committee.accountability import (
    REPORT_BACK_AIM,
    DialogueReportBack,
    Share,
    accountability_figures,
    report_back_by_dialogue,
)
from feedback.models import FeedbackItem, SessionReport, Theme, ThemeBrief, ThemeTag
from tests.factories import DialogueFactory, NeighborhoodFactory, VenueFactory, user_with_role

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def days_ago(days: int, hour: int = 18, minute: int = 0) -> datetime:
    """A moment on a local day in the city, `days` days before today."""
    return datetime.combine(
        today() - timedelta(days=days), time(hour, minute), tzinfo=city_time_zone()
    )


def dialogue_in(neighborhood: str, *starts: datetime, cancelled=()) -> Dialogue:
    dialogue = DialogueFactory(
        venue=VenueFactory(neighborhood=NeighborhoodFactory(name=neighborhood)),
        sessions__starts_at=starts[0],
    )
    for number, starts_at in enumerate(starts[1:], start=2):
        Session.objects.create(
            dialogue=dialogue,
            number=number,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            status=Session.Status.CANCELLED if starts_at in cancelled else Session.Status.SCHEDULED,
        )
    return dialogue


def session_of(dialogue: Dialogue, number: int) -> Session:
    return dialogue.sessions.get(number=number)


def said(session: Session, theme: Theme, *, by, confirmed=True, report=None) -> FeedbackItem:
    item = FeedbackItem.objects.create(
        kind=FeedbackItem.Kind.QUOTE if report else FeedbackItem.Kind.CONTRIBUTION,
        text="Something a resident said.",
        language="en",
        session=session,
        dialogue=session.dialogue,
        neighborhood=session.dialogue.neighborhood,
        program=session.dialogue.program,
        occurred_on=timezone.localtime(session.starts_at).date(),
        report=report,
    )
    if confirmed:
        ThemeTag.objects.create(
            item=item,
            theme=theme,
            status=ThemeTag.Status.CONFIRMED,
            decided_by=by,
            decided_at=timezone.now(),
        )
    else:
        ThemeTag.objects.create(
            item=item, theme=theme, status=ThemeTag.Status.SUGGESTED, suggested_at=timezone.now()
        )
    return item


def brief(theme: Theme, coordinator) -> ThemeBrief:
    return services.brief_create(
        theme=theme,
        title={"en": f"About {theme.slug}"},
        public_summary={"en": "What residents said, in plain words."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )


def route(theme_brief: ThemeBrief, coordinator, at: datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=at):
        services.brief_route(brief_id=theme_brief.pk, by=coordinator)


def decide(theme_brief: ThemeBrief, member, status: str, at: datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=at):
        services.brief_decide(
            brief_id=theme_brief.pk, status=status, rationale={"en": "Our reasons."}, by=member
        )


@pytest.fixture
def people():
    return {
        "coordinator": user_with_role(Role.COORDINATOR, password=None),
        "member": user_with_role(Role.COMMITTEE_MEMBER, password=None),
    }


@pytest.fixture
def themes():
    return {
        slug: Theme.objects.get(slug=slug)
        for slug in ("housing", "health", "policing", "climate-transportation", "education")
    }


@pytest.fixture
def record(people, themes):
    """Four dialogues, each telling one part of the story (days before today):

    Roxbury: sessions 85 and 82 days ago on housing; the housing brief went to the committee
    78 days ago (7 and 4 days later) and was accepted 70 days ago (15 and 12 days).
    Dorchester: 89 days ago on health, routed 77 days ago late in the evening (12 days: late),
    sent back for more input 65 days ago (24 days), routed again and not adopted; 30 and 6 days
    ago on policing, with no brief but a draft (waiting, and overdue for the first); 20 days ago
    only a suggested tag (nothing recorded); a cancelled session and one to come.
    Mattapan: 49 days ago on climate; the climate brief was routed before the session (its
    evidence period ends 54 days ago) and not adopted after it: it does not cover the session.
    East Boston: 3 days ago, a quote in a report still being written (nothing recorded).
    """
    coordinator, member = people["coordinator"], people["member"]
    roxbury = dialogue_in("Roxbury", days_ago(85), days_ago(82))
    dorchester = dialogue_in(
        "Dorchester",
        days_ago(89),
        days_ago(30),
        days_ago(6),
        days_ago(20),
        days_ago(40),
        days_ago(-5),
        cancelled=[days_ago(40)],
    )
    mattapan = dialogue_in("Mattapan", days_ago(49))
    east_boston = dialogue_in("East Boston", days_ago(3))

    said(session_of(roxbury, 1), themes["housing"], by=coordinator)
    said(session_of(roxbury, 1), themes["housing"], by=coordinator)
    said(session_of(roxbury, 2), themes["housing"], by=coordinator)
    said(session_of(dorchester, 1), themes["health"], by=coordinator)
    said(session_of(dorchester, 2), themes["policing"], by=coordinator)
    said(session_of(dorchester, 3), themes["policing"], by=coordinator)
    said(session_of(dorchester, 4), themes["policing"], by=coordinator, confirmed=False)
    said(session_of(dorchester, 5), themes["health"], by=coordinator)
    said(session_of(mattapan, 1), themes["climate-transportation"], by=coordinator)
    unfinished = SessionReport.objects.create(
        session=session_of(east_boston, 1), created_by=coordinator
    )
    said(session_of(east_boston, 1), themes["education"], by=coordinator, report=unfinished)

    housing = brief(themes["housing"], coordinator)
    route(housing, coordinator, days_ago(78, 10))
    decide(housing, member, ThemeBrief.Status.ACCEPTED, days_ago(70, 19))

    health = brief(themes["health"], coordinator)
    # 23:30 in the city is already the next day in UTC: days follow the city's calendar.
    route(health, coordinator, days_ago(77, 23, 30))
    decide(health, member, ThemeBrief.Status.MORE_INPUT, days_ago(65, 19))
    route(health, coordinator, days_ago(62, 10))
    decide(health, member, ThemeBrief.Status.NOT_ADOPTED, days_ago(58, 19))

    climate = brief(themes["climate-transportation"], coordinator)
    route(climate, coordinator, days_ago(54, 10))
    decide(climate, member, ThemeBrief.Status.NOT_ADOPTED, days_ago(44, 19))

    brief(themes["policing"], coordinator)  # a draft: nobody outside can see it
    return {"roxbury": roxbury, "dorchester": dorchester, "mattapan": mattapan}


def test_the_evidence_period_is_what_the_brief_was_routed_with(record):
    climate = ThemeBrief.objects.get(theme__slug="climate-transportation")
    assert climate.evidence["period"][1] == (today() - timedelta(days=54)).isoformat()
    health = ThemeBrief.objects.get(theme__slug="health")
    assert health.history.first().at == days_ago(77, 23, 30)


def test_report_back_per_dialogue_worst_first(record):
    rows = report_back_by_dialogue(now=timezone.now(), language="en")

    assert [row.neighborhood for row in rows] == [
        "Mattapan",
        "Dorchester",
        "East Boston",
        "Roxbury",
    ]
    by_place = {row.neighborhood: row for row in rows}
    assert by_place["Roxbury"] == DialogueReportBack(
        dialogue_id=record["roxbury"].pk,
        title="Race dialogue in Roxbury",
        neighborhood="Roxbury",
        held_with_feedback=2,
        within_aim=2,
        late=0,
        waiting=0,
        overdue=0,
        oldest_waiting_days=None,
        median_days=5.5,
        nothing_recorded=0,
    )
    dorchester = by_place["Dorchester"]
    # The health session was reported back 12 days later (late); the policing sessions wait,
    # one of them for 30 days; the cancelled session and the one to come do not count, and
    # the one with only a suggested theme has nothing recorded yet.
    assert (
        dorchester.held_with_feedback,
        dorchester.within_aim,
        dorchester.late,
        dorchester.waiting,
        dorchester.overdue,
        dorchester.oldest_waiting_days,
        dorchester.median_days,
        dorchester.nothing_recorded,
    ) == (3, 0, 1, 2, 1, 30, 12, 1)
    # A brief whose evidence period ends before the session does not report back on it.
    mattapan = by_place["Mattapan"]
    assert (mattapan.waiting, mattapan.overdue, mattapan.oldest_waiting_days) == (1, 1, 49)
    assert mattapan.median_days is None
    # A quote in a report still being written is not feedback yet.
    east_boston = by_place["East Boston"]
    assert (east_boston.held_with_feedback, east_boston.nothing_recorded) == (0, 1)


def test_the_aim_is_ten_days_inclusive_in_the_city_calendar(people, themes):
    coordinator = people["coordinator"]
    on_time = dialogue_in("Hyde Park", days_ago(40))
    late = dialogue_in("Roslindale", days_ago(41))
    said(session_of(on_time, 1), themes["housing"], by=coordinator)
    said(session_of(late, 1), themes["health"], by=coordinator)
    # 23:59 on the tenth day is within the aim, although it is the eleventh day in UTC;
    # 00:05 on the eleventh day is not.
    route(brief(themes["housing"], coordinator), coordinator, days_ago(30, 23, 59))
    route(brief(themes["health"], coordinator), coordinator, days_ago(30, 0, 5))

    rows = {row.neighborhood: row for row in report_back_by_dialogue(now=timezone.now())}
    assert timedelta(days=10) == REPORT_BACK_AIM
    assert (rows["Hyde Park"].within_aim, rows["Hyde Park"].median_days) == (1, 10)
    assert (rows["Roslindale"].late, rows["Roslindale"].median_days) == (1, 11)


def test_a_brief_routed_before_the_session_reports_back_only_after_it(people, themes):
    """A change before the session started says nothing about it, even when the brief's period
    covers the session's day; the next change after the session does."""
    coordinator, member = people["coordinator"], people["member"]
    morning = dialogue_in("Allston", days_ago(20, 18))
    said(session_of(morning, 1), themes["housing"], by=coordinator)
    housing = brief(themes["housing"], coordinator)
    # Routed the same day, two hours before the session: the period ends that day.
    route(housing, coordinator, days_ago(20, 16))
    [row] = report_back_by_dialogue(now=timezone.now())
    assert (row.waiting, row.overdue, row.oldest_waiting_days) == (1, 1, 20)

    decide(housing, member, ThemeBrief.Status.ACCEPTED, days_ago(17, 12))
    [row] = report_back_by_dialogue(now=timezone.now())
    assert (row.within_aim, row.waiting, row.median_days) == (1, 0, 3)
    assert accountability_figures(now=timezone.now()).median_days_to_decision == 3


def test_accountability_figures(record):
    figures = accountability_figures(now=timezone.now())

    assert {row.status: row.count for row in figures.briefs_by_status} == {
        "draft": 1,
        "on_docket": 0,
        "more_input": 0,
        "accepted": 1,
        "not_adopted": 2,
    }
    assert [row.status for row in figures.public_briefs_by_status] == [
        "on_docket",
        "more_input",
        "accepted",
        "not_adopted",
    ]
    # Roxbury 15 and 12 days to the acceptance; Dorchester's health session 24 days to the
    # request for more input, the first decision. Mattapan's was not covered by its decision.
    assert figures.median_days_to_decision == 15
    assert figures.sessions_decided == 3
    # Housing, health and climate have decisions; policing has only a draft. Education was
    # only in a report still being written, so it is not a theme residents raised yet.
    assert figures.themes_decided == Share(3, 4)
    assert figures.themes_decided.fraction == 0.75
    # Within 10 days: both Roxbury sessions. Out of those plus Dorchester's late one and the two
    # overdue ones; the policing session of 6 days ago has not missed its aim yet.
    assert figures.reported_within_aim == Share(2, 5)


def test_nothing_to_count(people):
    figures = accountability_figures(now=timezone.now())
    assert figures.median_days_to_decision is None
    assert figures.themes_decided == Share(0, 0)
    assert figures.themes_decided.fraction is None
    assert figures.reported_within_aim == Share(0, 0)
    assert report_back_by_dialogue(now=timezone.now()) == []


def test_the_same_queries_however_much_data(people, themes, record):
    now = timezone.now()
    with CaptureQueriesContext(connection) as rows_before:
        report_back_by_dialogue(now=now)
    with CaptureQueriesContext(connection) as figures_before:
        accountability_figures(now=now)

    coordinator, member = people["coordinator"], people["member"]
    for number in range(4):
        dialogue = dialogue_in(f"Elsewhere {number}", days_ago(35), days_ago(28), days_ago(14))
        for session in dialogue.sessions.all():
            said(session, themes["education"], by=coordinator)
            said(session, themes["policing"], by=coordinator)
    for slug in ("education", "policing"):
        extra = brief(themes[slug], coordinator)
        route(extra, coordinator, days_ago(10))
        decide(extra, member, ThemeBrief.Status.ACCEPTED, days_ago(5))

    with CaptureQueriesContext(connection) as rows_after:
        rows = report_back_by_dialogue(now=now)
    with CaptureQueriesContext(connection) as figures_after:
        figures = accountability_figures(now=now)
    assert len(rows) == 8
    assert figures.themes_decided == Share(5, 5)
    assert len(rows_after) == len(rows_before) == 5
    assert len(figures_after) == len(figures_before) == 4


# The coordinators' page


def test_coordinators_read_the_report_back_page(client, people, record):
    client.force_login(people["coordinator"])
    response = client.get(reverse("feedback:coordinator_report_back"))
    assert response.status_code == 200
    html = unescape(response.content.decode())

    table = html[html.index('id="report-back-caption"') :]
    positions = [table.index(f"Race dialogue in {place}") for place in ("Mattapan", "Dorchester")]
    assert positions == sorted(positions)
    # Overdue is said in words, not only in colour.
    assert re.search(r'class="report-back__overdue">\s*1 overdue', table)
    assert table.count("report-back__row--overdue") == 2
    # The figures on top, drafts included for coordinators.
    figures = html[html.index('id="accountability-title"') : html.index('id="report-back-title"')]
    assert "Being prepared" in figures
    assert "40%" in figures and "75%" in figures
    # Linked from the list of briefs.
    briefs = client.get(reverse("feedback:coordinator_briefs")).content.decode()
    assert reverse("feedback:coordinator_report_back") in briefs


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT])
def test_only_coordinators_reach_the_report_back_page(client, role):
    client.force_login(user_with_role(role, password=None))
    assert client.get(reverse("feedback:coordinator_report_back")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("feedback:coordinator_report_back"))
    assert response.status_code == 302
    assert "login" in response.url or "sign" in response.url


# The public page


def public_figures(client, language: str) -> str:
    with translation.override(language):
        url = reverse("feedback:you_said_we_did")
    response = client.get(url)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    start = html.index('<section class="accountability"')
    return html[start : html.index("</section>", start)]


def test_the_public_page_shows_the_figures_without_drafts(client, record):
    section = public_figures(client, "en")
    assert "Accountability figures" in section
    for label in (
        "Under review by the committee",
        "More community input requested",
        "Accepted for recommendation",
        "Not adopted",
    ):
        assert label in section
    assert "Being prepared" not in section
    assert "40%" in section  # reported back within 10 days
    assert "2 of 5 sessions" in section
    assert "75%" in section  # themes that reached a decision
    assert "3 of 4 themes" in section
    assert re.search(r"Median days from dialogue to decision</dt>\s*<dd>15</dd>", section)


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_public_figures_in_the_readers_language(client, record, language):
    section = public_figures(client, language)
    locale = babel_locale(language)
    assert numbers.format_percent(0.4, locale=locale) in section
    assert numbers.format_percent(0.75, locale=locale) in section
    with translation.override(language):
        assert str(ThemeBrief.Status.ACCEPTED.label) in section
        assert str(ThemeBrief.Status.DRAFT.label) not in section


def test_the_public_figures_with_nothing_yet(client):
    section = public_figures(client, "en")
    assert "None yet" in section
