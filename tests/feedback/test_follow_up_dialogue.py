"""When the committee asks for more community input, a coordinator plans a follow-up dialogue
from the brief: made by the dialogue scheduler as a draft, linked to the brief, and shown on
"You said, we did" once it is open."""

import re
from datetime import date, datetime, time, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from commonground.formatting import city_time_zone, format_date_local
from dialogues.models import Dialogue, Neighborhood, Program, Session
from feedback.committee import services
from feedback.models import FeedbackItem, ThemeBrief, ThemeTag
from tests.factories import VenueFactory, language, user_with_role
from tests.feedback.summary_data import build_dataset

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def people():
    return {
        role: user_with_role(role, password=None, display_name=f"{role.label} Person")
        for role in (Role.COORDINATOR, Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT)
    }


@pytest.fixture
def data():
    dataset = build_dataset()
    # A third confirmed housing item in Roxbury: residents there said most about housing.
    dialogue = next(d for d in dataset.dialogues if d.neighborhood.name == "Roxbury")
    item = FeedbackItem.objects.create(
        kind=FeedbackItem.Kind.CONTRIBUTION,
        text="Three families on my street share one working stove.",
        language="en",
        session=dialogue.sessions.get(),
        dialogue=dialogue,
        neighborhood=dialogue.neighborhood,
        program=dialogue.program,
        occurred_on=timezone.localdate() - timedelta(days=20),
    )
    ThemeTag.objects.create(
        item=item,
        theme=dataset.housing,
        status=ThemeTag.Status.CONFIRMED,
        decided_by=dataset.coordinator_user,
        decided_at=timezone.now(),
    )
    return dataset


def brief_in(data, people, status: str, title: str = "Rents and repairs") -> ThemeBrief:
    coordinator = people[Role.COORDINATOR]
    brief = services.brief_create(
        theme=data.housing,
        title={"en": title, "es": f"{title} (es)"},
        public_summary={"en": f"{title}: what residents said."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    if status != ThemeBrief.Status.DRAFT:
        services.brief_route(brief_id=brief.pk, by=coordinator)
    if status not in (ThemeBrief.Status.DRAFT, ThemeBrief.Status.ON_DOCKET):
        services.brief_decide(
            brief_id=brief.pk,
            status=status,
            rationale={"en": "We want to hear from renters in Roxbury first."},
            by=people[Role.COMMITTEE_MEMBER],
        )
    brief.refresh_from_db()
    return brief


def in_days(days: int) -> date:
    return timezone.localtime(timezone.now(), city_time_zone()).date() + timedelta(days=days)


def roxbury() -> Neighborhood:
    return Neighborhood.objects.get(name="Roxbury")


def plan(brief, people, **overrides):
    arguments = {
        "brief_id": brief.pk,
        "program": Program.objects.get(),
        "neighborhood": roxbury(),
        "primary_language": language("en"),
        "first_day": in_days(14),
        "starts": time(18, 0),
        "ends": time(20, 0),
        "by": people[Role.COORDINATOR],
        **overrides,
    }
    return services.brief_follow_up_dialogue_plan(**arguments)


def form_data(**overrides) -> dict:
    return {
        "program": Program.objects.get().pk,
        "neighborhood": roxbury().pk,
        "venue": "",
        "primary_language": language("en").pk,
        "first_day": in_days(14).isoformat(),
        "starts": "18:00",
        "ends": "20:00",
        "sessions": "",
        **overrides,
    }


def follow_up_url(brief) -> str:
    return reverse("feedback:coordinator_brief_follow_up", args=[brief.pk])


def html_of(response) -> str:
    return unescape(response.content.decode())


def public_page(client, language_code: str = "en") -> str:
    with translation.override(language_code):
        url = reverse("feedback:you_said_we_did")
    response = client.get(url)
    assert response.status_code == 200
    return html_of(response)


def brief_article(html: str, brief: ThemeBrief) -> str:
    return html.split(f'id="brief-{brief.pk}"')[1].split("</article>")[0]


def local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=city_time_zone())


def test_a_coordinator_plans_a_follow_up_circle_from_the_brief(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    venue = VenueFactory(neighborhood=roxbury(), name="Roxbury Branch Library")
    client.force_login(people[Role.COORDINATOR])

    listing = html_of(client.get(reverse("feedback:coordinator_briefs")))
    assert f'href="{follow_up_url(brief)}"' in listing
    editor = html_of(client.get(reverse("feedback:coordinator_brief_edit", args=[brief.pk])))
    assert f'href="{follow_up_url(brief)}"' in editor
    form_page = html_of(client.get(follow_up_url(brief)))
    # Roxbury gave most voices in the evidence, so it is suggested; the only program too.
    assert re.search(rf'<option value="{roxbury().pk}" selected>Roxbury</option>', form_page)
    assert re.search(rf'<option value="{Program.objects.get().pk}" selected>', form_page)

    first_day = in_days(10)
    response = client.post(
        follow_up_url(brief),
        form_data(venue=venue.pk, first_day=first_day.isoformat(), sessions="3"),
    )

    dialogue = Dialogue.objects.get(follow_up_of_briefs=brief)
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:registrations_overview", args=[dialogue.pk])
    assert dialogue.status == Dialogue.Status.DRAFT
    assert (dialogue.format, dialogue.mode) == (Dialogue.Format.CIRCLE, Dialogue.Mode.IN_PERSON)
    assert (dialogue.venue, dialogue.neighborhood) == (venue, roxbury())
    assert dialogue.primary_language.code == "en"
    # Titled in each language the brief has a title in.
    with translation.override("es"):
        spanish = translation.gettext("Follow-up dialogue: %(brief)s")
    assert dialogue.title == {
        "en": "Follow-up dialogue: Rents and repairs",
        "es": spanish % {"brief": "Rents and repairs (es)"},
    }
    sessions = list(dialogue.sessions.order_by("number"))
    assert [(s.starts_at, s.ends_at) for s in sessions] == [
        (
            local(first_day + timedelta(weeks=week), time(18)),
            local(first_day + timedelta(weeks=week), time(20)),
        )
        for week in range(3)
    ]
    assert list(brief.follow_up_dialogues.all()) == [dialogue]

    overview = html_of(client.get(response["Location"]))
    assert "Follow-up dialogue: Rents and repairs" in overview
    assert "Open for registration" in overview
    # The brief's pages list what was planned.
    editor = html_of(client.get(reverse("feedback:coordinator_brief_edit", args=[brief.pk])))
    overview_url = reverse("dialogues:registrations_overview", args=[dialogue.pk])
    assert (
        f'<a href="{overview_url}"><bdi>Follow-up dialogue: Rents and repairs</bdi></a>' in editor
    )
    listing = html_of(client.get(reverse("feedback:coordinator_briefs")))
    assert "1 follow-up dialogue planned" in listing


def test_one_session_without_a_venue_is_an_online_drop_in(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    client.force_login(people[Role.COORDINATOR])

    response = client.post(follow_up_url(brief), form_data())

    dialogue = brief.follow_up_dialogues.get()
    assert response.status_code == 302
    assert (dialogue.format, dialogue.mode, dialogue.venue) == (
        Dialogue.Format.DROP_IN,
        Dialogue.Mode.ONLINE,
        None,
    )
    session = dialogue.sessions.get()
    assert session.starts_at == local(in_days(14), time(18))
    assert session.kind == Session.Kind.MEETING


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT])
def test_only_coordinators_plan_follow_up_dialogues(client, data, people, role):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    client.force_login(people[role])

    assert client.get(follow_up_url(brief)).status_code == 403
    assert client.post(follow_up_url(brief), form_data()).status_code == 403
    with pytest.raises(services.NotAllowed):
        plan(brief, people, by=people[role])
    assert not Dialogue.objects.filter(follow_up_of_briefs__isnull=False).exists()
    assert Dialogue.objects.count() == 2  # the dataset's own


@pytest.mark.parametrize(
    "status",
    [
        ThemeBrief.Status.DRAFT,
        ThemeBrief.Status.ON_DOCKET,
        ThemeBrief.Status.ACCEPTED,
        ThemeBrief.Status.NOT_ADOPTED,
    ],
)
def test_only_a_brief_needing_more_input_gets_a_follow_up(client, data, people, status):
    brief = brief_in(data, people, status)
    client.force_login(people[Role.COORDINATOR])

    with pytest.raises(services.WrongStage):
        plan(brief, people)
    response = client.post(follow_up_url(brief), form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:coordinator_brief_edit", args=[brief.pk])
    assert Dialogue.objects.count() == 2
    assert not brief.follow_up_dialogues.exists()
    assert f'href="{follow_up_url(brief)}"' not in html_of(
        client.get(reverse("feedback:coordinator_briefs"))
    )
    assert f'href="{follow_up_url(brief)}"' not in html_of(
        client.get(reverse("feedback:coordinator_brief_edit", args=[brief.pk]))
    )


def test_the_public_page_shows_a_follow_up_only_once_it_is_open(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    dialogue, _warnings = plan(brief, people)
    detail = reverse("dialogues:dialogue_detail", args=[dialogue.pk])

    draft_page = brief_article(public_page(client), brief)
    assert "Follow-up dialogues" not in draft_page
    assert "Follow-up dialogue: Rents and repairs" not in draft_page
    assert detail not in draft_page

    client.force_login(people[Role.COORDINATOR])
    client.post(reverse("dialogues:dialogue_change", args=[dialogue.pk]), {"action": "open"})
    client.logout()
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.OPEN

    article = brief_article(public_page(client), brief)
    day = format_date_local(in_days(14), language="en")
    assert "<h4>Follow-up dialogues</h4>" in article
    assert re.search(
        rf'<a href="{detail}"><bdi>Follow-up dialogue: Rents and repairs</bdi></a>\s*'
        rf"· <bdi>Roxbury</bdi>\s*· <time datetime=\"[^\"]+\">First session on {day}</time>",
        article,
    )
    assert client.get(detail).status_code == 200

    # In Spanish, the Spanish title and a date written the Spanish way.
    spanish = brief_article(public_page(client, "es"), brief)
    with translation.override("es"):
        detail_es = reverse("dialogues:dialogue_detail", args=[dialogue.pk])
    assert f'<a href="{detail_es}"><bdi>{dialogue.title["es"]}</bdi></a>' in spanish
    assert format_date_local(in_days(14), language="es") in spanish


def test_the_committee_sees_follow_ups_on_the_brief_page(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    dialogue, _warnings = plan(brief, people)
    url = reverse("feedback:committee_brief", args=[brief.pk])
    overview = reverse("dialogues:registrations_overview", args=[dialogue.pk])
    detail = reverse("dialogues:dialogue_detail", args=[dialogue.pk])

    client.force_login(people[Role.COMMITTEE_MEMBER])
    member_view = html_of(client.get(url))
    assert "Follow-up dialogues" in member_view
    # A draft: named, with its state, but no page to visit yet.
    assert "<bdi>Follow-up dialogue: Rents and repairs</bdi>" in member_view
    assert '<span class="brief-status">Draft</span>' in member_view
    assert overview not in member_view and detail not in member_view

    client.force_login(people[Role.COORDINATOR])
    assert f'href="{overview}"' in html_of(client.get(url))

    Dialogue.objects.filter(pk=dialogue.pk).update(status=Dialogue.Status.OPEN)
    client.force_login(people[Role.COMMITTEE_MEMBER])
    assert f'href="{detail}"' in html_of(client.get(url))


def test_the_public_page_keeps_its_query_count_with_follow_ups(client, data, people):
    first = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    dialogue, _warnings = plan(first, people)
    Dialogue.objects.filter(pk=dialogue.pk).update(status=Dialogue.Status.OPEN)
    with CaptureQueriesContext(connection) as before:
        html = public_page(client)
    assert html.count("Follow-up dialogue: ") == 1

    second = brief_in(data, people, ThemeBrief.Status.MORE_INPUT, title="Heat in winter")
    for days in (20, 30):
        dialogue, _warnings = plan(second, people, first_day=in_days(days))
        Dialogue.objects.filter(pk=dialogue.pk).update(status=Dialogue.Status.OPEN)
    with CaptureQueriesContext(connection) as after:
        html = public_page(client)

    assert html.count("Follow-up dialogue: ") == 3
    assert len(after) == len(before)


def test_a_venue_elsewhere_or_a_slot_taken_is_refused(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    dorchester_venue = VenueFactory(neighborhood=Neighborhood.objects.get(name="Dorchester"))
    with pytest.raises(services.VenueElsewhere):
        plan(brief, people, venue=dorchester_venue)
    client.force_login(people[Role.COORDINATOR])
    refused = client.post(follow_up_url(brief), form_data(venue=dorchester_venue.pk))
    assert refused.status_code == 200
    assert "Choose a venue in the neighborhood, or none." in html_of(refused)
    assert not brief.follow_up_dialogues.exists()

    plan(brief, people)
    # The same program, place, day and time again: refused, and nothing more is created.
    again = client.post(follow_up_url(brief), form_data())
    assert again.status_code == 200
    assert str(services.DialogueAlreadyPlanned.message) in html_of(again)
    assert brief.follow_up_dialogues.count() == 1
    assert Dialogue.objects.count() == 3


def test_times_must_make_sense(client, data, people):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    with pytest.raises(services.SessionTimesInvalid):
        plan(brief, people, starts=time(20), ends=time(18))
    with pytest.raises(services.SessionTimesInvalid):
        plan(brief, people, first_day=in_days(-1))
    client.force_login(people[Role.COORDINATOR])
    response = client.post(
        follow_up_url(brief), form_data(first_day=in_days(-1).isoformat(), ends="17:00")
    )
    page = html_of(response)
    assert "Choose today or a day to come." in page
    assert "The end time must be after the start time." in page
    assert Dialogue.objects.count() == 2


@pytest.mark.parametrize("language_code", LANGUAGE_CODES)
def test_the_follow_up_page_in_every_language(client, data, people, language_code):
    brief = brief_in(data, people, ThemeBrief.Status.MORE_INPUT)
    plan(brief, people)
    client.force_login(people[Role.COORDINATOR])
    with translation.override(language_code):
        url = follow_up_url(brief)
    response = client.get(url)
    page = html_of(response)
    assert response.status_code == 200
    direction = "rtl" if language_code in settings.LANGUAGES_BIDI else "ltr"
    assert re.search(rf'<html lang="[^"]+" dir="{direction}">', page)
    # Every field has a label tied to it.
    for name in ("program", "neighborhood", "venue", "primary_language", "first_day", "starts"):
        assert f'<label for="id_{name}">' in page, name
