"""`seed_demo`: a city with neighborhoods and one account per role, safe to run again."""

import html
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.demo import DEMO_ACCOUNTS, DEMO_NEIGHBORHOODS, DEMO_PASSWORD
from commonground.demo_feedback import PAST_PROGRAM_SLUG
from dialogues.demographics import POPULATION_GROUPS
from dialogues.live.selectors import seat_claim
from dialogues.models import (
    Attendance,
    Dialogue,
    Neighborhood,
    Program,
    Registration,
    RegistrationDemographics,
    RoomParticipant,
    Session,
)
from dialogues.services import attendance_check_in
from feedback.models import (
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    SurveyReceipt,
    SurveyResponse,
    Theme,
    ThemeTag,
)
from feedback.reports.selectors import REPORT_DUE_AFTER
from feedback.summaries.selectors import default_period

pytestmark = pytest.mark.django_db


def seed(capsys) -> str:
    call_command("seed_demo", allow_without_debug=True)
    return capsys.readouterr().out


def test_seed_demo_creates_one_account_per_role_and_prints_their_password(capsys):
    output = seed(capsys)
    assert DEMO_PASSWORD in output
    for role in Role:
        (account,) = [account for account in DEMO_ACCOUNTS if account.role == role]
        assert account.email in output
        assert user_has_role(User.objects.get(email=account.email), role)
    assert Neighborhood.objects.count() == len(DEMO_NEIGHBORHOODS) >= 5


DEMO_MODELS = [
    User,
    Neighborhood,
    Program,
    Dialogue,
    Session,
    Registration,
    RegistrationDemographics,
    Attendance,
    FeedbackItem,
    ThemeTag,
    SurveyResponse,
    SurveyReceipt,
    SessionReport,
    RepresentativeQuote,
]


def test_seed_demo_is_idempotent(capsys):
    seed(capsys)
    counts = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    populations = dict(Neighborhood.objects.values_list("name", "population"))
    seed(capsys)
    assert {model.__name__: model.objects.count() for model in DEMO_MODELS} == counts
    assert dict(Neighborhood.objects.values_list("name", "population")) == populations


def test_demo_accounts_sign_in_with_the_printed_password(client, capsys):
    seed(capsys)
    for account in DEMO_ACCOUNTS:
        response = client.post(
            reverse("account_login"), {"login": account.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.email
        client.logout()


def test_seed_demo_refuses_to_run_in_production():
    # pytest runs with DEBUG off, as production does.
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_resident_can_meet_the_demo_facilitator_in_a_live_room(capsys):
    seed(capsys)
    seed(capsys)
    facilitator = User.objects.get(email="facilitator@example.org")
    resident = User.objects.get(email="resident@example.org")
    (registration,) = Registration.objects.filter(user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    session = registration.dialogue.sessions.order_by("starts_at").first()
    assert seat_claim(session=session, user=facilitator).role == RoomParticipant.Role.FACILITATOR
    # The resident takes part once the facilitator checks them in on the roster.
    assert seat_claim(session=session, user=resident) is None
    attendance_check_in(session_id=session.pk, registration_id=registration.pk, by=facilitator)
    assert seat_claim(session=session, user=resident).role == RoomParticipant.Role.PARTICIPANT


def test_seed_demo_gives_a_year_of_feedback_to_summarize(capsys):
    seed(capsys)
    today = timezone.localdate()
    program = Program.objects.get(slug=PAST_PROGRAM_SLUG)
    sessions = Session.objects.filter(dialogue__program=program)
    assert sessions.count() == len(DEMO_NEIGHBORHOODS) * 12
    assert set(sessions.values_list("dialogue__status", flat=True)) == {Dialogue.Status.COMPLETED}
    items = FeedbackItem.objects.filter(program=program)
    # A year of monthly sessions, all in the summary's default period and all in the past.
    months = {(day.year, day.month) for day in items.values_list("occurred_on", flat=True)}
    assert len(months) >= 12
    assert min(items.values_list("occurred_on", flat=True)) >= default_period(today)[0]
    assert max(sessions.values_list("ends_at", flat=True)) < timezone.now() - timedelta(days=3)
    per_session = Counter(items.values_list("session_id", flat=True))
    assert len(per_session) == sessions.count()
    assert all(4 <= count <= 8 for count in per_session.values())
    kinds = Counter(items.values_list("kind", flat=True))
    assert set(kinds) == set(FeedbackItem.Kind)
    assert kinds.most_common(1)[0][0] == FeedbackItem.Kind.CONTRIBUTION
    languages = Counter(items.values_list("language", flat=True))
    assert languages.most_common(1)[0][0] == "en" and len(languages) >= 8
    assert items.values("text").distinct().count() >= 40

    confirmed = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.CONFIRMED)
    suggested = ThemeTag.objects.filter(item=OuterRef("pk"), status=ThemeTag.Status.SUGGESTED)
    waiting = items.filter(~Exists(confirmed))
    assert 25 <= waiting.count() <= 35
    assert waiting.filter(Exists(suggested)).count() == waiting.count()
    for tag in ThemeTag.objects.filter(status=ThemeTag.Status.SUGGESTED):
        assert any(tag.reason["keywords"].values()), tag.reason
    tags = ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED)
    assert tags.values("item").distinct().count() == items.count() - waiting.count()
    assert not tags.filter(decided_by__isnull=True).exists()
    assert not tags.filter(decided_at__gt=timezone.now()).exists()
    # Housing comes up more and more over the year.
    housing = sorted(tags.filter(theme__slug="housing").values_list("item__occurred_on", flat=True))
    first_day = min(items.values_list("occurred_on", flat=True))
    early = sum(day < first_day + timedelta(days=120) for day in housing)
    late = sum(day >= today - timedelta(days=120) for day in housing)
    assert late > 1.4 * early

    responses = SurveyResponse.objects.filter(session__in=sessions)
    per_session = Counter(responses.values_list("session_id", flat=True))
    assert all(5 <= count <= 12 for count in per_session.values())
    assert len(per_session) == sessions.count()
    scores = Counter(responses.values_list("felt_heard", flat=True))
    assert set(scores) <= {1, 2, 3, 4, 5} and scores[5] + scores[4] > 0.6 * responses.count()
    assert responses.exclude(city_should="").count() == items.filter(kind="survey_answer").count()
    receipts = SurveyReceipt.objects.filter(session__in=sessions)
    assert receipts.count() == responses.count()
    assert 0.3 < receipts.filter(hear_back=True).count() / receipts.count() < 0.7

    reports = SessionReport.objects.filter(session__in=sessions)
    assert reports.filter(status=SessionReport.Status.SUBMITTED).count() == sessions.count() - 1
    latest = sessions.order_by("-starts_at").first()
    assert not reports.filter(session=latest).exists()
    # Its report is overdue, and one report's well-being concern waits for a coordinator.
    assert latest.ends_at + REPORT_DUE_AFTER < timezone.now()
    concerns = reports.filter(wellbeing_concern=True, wellbeing_acknowledged_at__isnull=True)
    assert concerns.count() == 1
    assert not items.filter(kind__in=["quote", "action_idea"], report__isnull=True).exists()

    for theme in Theme.objects.all():
        quotes = RepresentativeQuote.objects.filter(theme=theme)
        assert quotes.count() == 2, theme.slug
        for quote in quotes:
            assert quote.text == quote.item.text and quote.no_names_confirmed
            assert quote.item.tags.filter(theme=theme, status=ThemeTag.Status.CONFIRMED).exists()


def test_seed_demo_gives_the_neighborhoods_census_populations(capsys):
    seed(capsys)
    groups = {code for code, _label in POPULATION_GROUPS}
    largest = {}
    for neighborhood in Neighborhood.objects.all():
        assert set(neighborhood.population) == groups, neighborhood.name
        assert 10_000 <= sum(neighborhood.population.values()) <= 90_000
        largest[neighborhood.name] = max(neighborhood.population, key=neighborhood.population.get)
    assert largest["Roxbury"] == "black"
    assert largest["Chinatown"] == "asian"
    assert largest["East Boston"] == "hispanic"


def test_the_summary_page_shows_the_demo_year_with_small_counts_hidden(client, capsys):
    seed(capsys)
    client.force_login(User.objects.get(email="coordinator@example.org"))
    response = client.get(reverse("feedback:summaries"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<11" in page
    assert RepresentativeQuote.objects.order_by("-chosen_at", "-pk").first().text in page
