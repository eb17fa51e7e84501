"""`seed_demo`: a city with neighborhoods and one account per role, safe to run again."""

import html
from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.demo import DEMO_ACCOUNTS, DEMO_NEIGHBORHOODS, DEMO_PASSWORD
from commonground.demo_committee import DEPARTMENT
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
    BriefComment,
    BriefStatusChange,
    FeedbackItem,
    OutcomeNews,
    Recommendation,
    RecommendationUpdate,
    RepresentativeQuote,
    SessionReport,
    SurveyReceipt,
    SurveyResponse,
    Theme,
    ThemeBrief,
    ThemeTag,
)
from feedback.models.committee import DECISION_STATUSES
from feedback.reports.selectors import REPORT_DUE_AFTER
from feedback.summaries.selectors import default_period
from notifications.models import Notification

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
    ThemeBrief,
    BriefStatusChange,
    BriefComment,
    Recommendation,
    RecommendationUpdate,
    OutcomeNews,
]


def test_seed_demo_is_idempotent(capsys):
    seed(capsys)
    counts = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    populations = dict(Neighborhood.objects.values_list("name", "population"))
    consents = Registration.objects.filter(outcomes_consented_at__isnull=False).count()
    assert counts["ThemeBrief"] and counts["RecommendationUpdate"] and consents
    seed(capsys)
    assert {model.__name__: model.objects.count() for model in DEMO_MODELS} == counts
    assert dict(Neighborhood.objects.values_list("name", "population")) == populations
    assert Registration.objects.filter(outcomes_consented_at__isnull=False).count() == consents


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
    (registration,) = Registration.objects.filter(user=resident).exclude(
        dialogue__program__slug=PAST_PROGRAM_SLUG
    )
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
    assert 0.05 < receipts.filter(hear_back=True).count() / receipts.count() < 0.15

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


def test_seed_demo_tells_the_committee_story_with_real_dated_history(capsys):
    seed(capsys)
    now = timezone.now()
    briefs = {brief.status: brief for brief in ThemeBrief.objects.all()}
    assert set(briefs) == set(ThemeBrief.Status)
    assert ThemeBrief.objects.count() == len(ThemeBrief.Status)
    member = User.objects.get(email="committee@example.org")

    # Every decision has a reason, in English and in Spanish, and came after the routing.
    decisions = BriefStatusChange.objects.filter(status__in=DECISION_STATUSES)
    assert decisions.count() == len(DECISION_STATUSES)
    for decision in decisions:
        assert decision.rationale["en"].strip() and decision.rationale["es"].strip()
        assert decision.by == member
        assert decision.brief.title["es"] and decision.brief.public_summary["vi"]
        routed = decision.brief.history.get(status=ThemeBrief.Status.ON_DOCKET)
        assert routed.at < decision.at < now - timedelta(days=10)

    housing = briefs[ThemeBrief.Status.ACCEPTED]
    assert housing.theme.slug == "housing"
    assert set(housing.quotes.all()) == set(
        RepresentativeQuote.objects.filter(theme__slug="housing")
    )
    assert housing.action_ideas.count() == 2
    assert not housing.action_ideas.exclude(kind=FeedbackItem.Kind.ACTION_IDEA).exists()
    assert housing.evidence["items"] > 0
    routed, accepted = housing.history.order_by("at")
    assert 30 <= (now - routed.at).days <= 40 and 18 <= (now - accepted.at).days <= 25
    assert (accepted.votes_for, accepted.votes_against, accepted.abstentions) == (7, 1, 1)
    assert accepted.minutes
    comments = BriefComment.objects.filter(brief=housing)
    assert comments.count() >= 2 and {comment.author for comment in comments} == {member}

    (recommendation,) = housing.recommendations.all()
    assert recommendation.department == DEPARTMENT
    assert recommendation.status == Recommendation.Status.IN_PROGRESS
    assert 0 < recommendation.percent_complete < 100
    steps = list(recommendation.history.order_by("at", "id"))
    assert [step.status for step in steps] == [
        "drafted",
        "sent",
        "responded",
        "adopted",
        "in_progress",
        "in_progress",
    ]
    assert accepted.at < steps[0].at and steps[-1].at < now
    assert all(a.at < b.at for a, b in pairwise(steps))
    assert all(step.note.get("es") for step in steps[1:])

    # The committee asked for more input, and the coordinators planned an open dialogue for it.
    (follow_up,) = briefs[ThemeBrief.Status.MORE_INPUT].follow_up_dialogues.all()
    assert follow_up.status == Dialogue.Status.OPEN
    assert follow_up.sessions.get().starts_at > now
    # The one on the docket waits for the committee; the draft has not been routed.
    assert briefs[ThemeBrief.Status.ON_DOCKET].history.get().at < now
    assert not briefs[ThemeBrief.Status.DRAFT].history.exists()


def test_residents_of_the_demo_asked_to_hear_back_and_hear_about_housing(capsys):
    seed(capsys)
    attended = Registration.objects.filter(
        dialogue__program__slug=PAST_PROGRAM_SLUG, attendance__isnull=False
    ).distinct()
    consenting = attended.filter(outcomes_consented_at__isnull=False)
    assert 0.03 < consenting.count() / attended.count() < 0.08
    assert not consenting.filter(outcomes_consented_at__gt=timezone.now()).exists()

    # The Spanish demo resident came to past sessions where people spoke about housing.
    rosa = User.objects.get(email="resident@example.org")
    (registration,) = Registration.objects.filter(
        user=rosa, dialogue__program__slug=PAST_PROGRAM_SLUG
    )
    assert registration.language == "es" and registration.outcomes_consented_at
    sessions = Session.objects.filter(attendance__registration=registration)
    assert sessions.exists() and max(s.ends_at for s in sessions) < timezone.now()
    for session in sessions:
        assert ThemeTag.objects.filter(
            item__session=session, theme__slug="housing", status=ThemeTag.Status.CONFIRMED
        ).exists()
    # So the housing decision and the recommendation's steps are news for her.
    housing = ThemeBrief.objects.get(status=ThemeBrief.Status.ACCEPTED)
    news = OutcomeNews.objects.filter(recipient=rosa)
    assert news.filter(brief_change__brief=housing, brief_change__status="accepted").exists()
    assert news.filter(recommendation_update__recommendation__briefs=housing).count() == 6
    # The digests went out as the story unfolded: she reads them in the app, in Spanish, and
    # `make run` starts with no backlog to send.
    assert not OutcomeNews.objects.filter(sent_at__isnull=True).exists()
    digests = Notification.objects.filter(
        kind="feedback.outcomes", channel="in_app", recipient=rosa
    )
    assert digests.count() > 3 and {row.language for row in digests} == {"es"}
    assert sum(len(row.context["changes"]) for row in digests) == news.count()


def test_the_public_page_and_the_docket_show_the_demo_story(client, capsys):
    seed(capsys)
    page = html.unescape(client.get("/en/you-said-we-did/").content.decode())
    for brief in ThemeBrief.objects.exclude(status=ThemeBrief.Status.DRAFT):
        assert brief.title["en"] in page, brief.status
        for change in brief.history.filter(status__in=DECISION_STATUSES):
            assert change.rationale["en"] in page
    assert ThemeBrief.objects.get(status=ThemeBrief.Status.DRAFT).title["en"] not in page
    recommendation = Recommendation.objects.get()
    assert recommendation.title["en"] in page and DEPARTMENT in page
    assert f"{recommendation.percent_complete}%" in page
    # The meeting minutes name people: they stay off the public page.
    assert "Kwame" not in page

    spanish = html.unescape(client.get("/es/you-said-we-did/").content.decode())
    assert ThemeBrief.objects.get(theme__slug="housing").title["es"] in spanish

    client.force_login(User.objects.get(email="committee@example.org"))
    docket = html.unescape(client.get("/en/committee/").content.decode())
    for brief in ThemeBrief.objects.exclude(status=ThemeBrief.Status.DRAFT):
        assert brief.title["en"] in docket, brief.status
