"""Coordinators prepare briefs from themes and send them to the committee, whose members are
told in their own language."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from feedback.committee import services
from feedback.models import FeedbackItem, SessionReport, ThemeBrief, ThemeTag
from notifications.kinds import Channel
from notifications.models import Notification
from tests.factories import user_with_role
from tests.feedback.summary_data import build_dataset

pytestmark = pytest.mark.django_db

SUMMARY = "Residents in two neighborhoods say rents rise and repairs wait."


@pytest.fixture
def data():
    return build_dataset()


@pytest.fixture
def coordinator():
    return user_with_role(Role.COORDINATOR, password=None)


@pytest.fixture
def action_idea(data):
    session = data.dialogues[0].sessions.get()
    report = SessionReport.objects.create(
        session=session,
        created_by=data.coordinator_user,
        status=SessionReport.Status.SUBMITTED,
        no_names_confirmed=True,
        submitted_by=data.coordinator_user,
        submitted_at=timezone.now(),
    )
    item = FeedbackItem.objects.create(
        kind=FeedbackItem.Kind.ACTION_IDEA,
        text="A tenant hotline that answers in Spanish.",
        language="en",
        session=session,
        dialogue=session.dialogue,
        neighborhood=session.dialogue.neighborhood,
        occurred_on=timezone.localdate(),
        report=report,
    )
    ThemeTag.objects.create(
        item=item,
        theme=data.housing,
        status=ThemeTag.Status.CONFIRMED,
        decided_by=data.coordinator_user,
        decided_at=timezone.now(),
    )
    return item


def multilingual(name: str, texts: dict) -> dict:
    """The POST fields of a MultilingualFormField: one box per configured language."""
    return {
        f"{name}_{index}": texts.get(code, "")
        for index, (code, _name) in enumerate(settings.LANGUAGES)
    }


def brief_post(*, title: dict, summary: dict, quotes=(), ideas=()) -> dict:
    return {
        **multilingual("title", title),
        **multilingual("public_summary", summary),
        **multilingual("proposed_ask", {"en": "Enforce repair orders within 30 days."}),
        "quotes": [quote.pk for quote in quotes],
        "action_ideas": [idea.pk for idea in ideas],
    }


def draft(data, coordinator, *, summary: dict | None = None) -> ThemeBrief:
    return services.brief_create(
        theme=data.housing,
        title={"en": "Rents and repairs", "es": "Alquileres y reparaciones"},
        public_summary={"en": SUMMARY} if summary is None else summary,
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )


# Who may


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT])
def test_only_coordinators_reach_the_pages(client, data, coordinator, role):
    brief = draft(data, coordinator)
    client.force_login(user_with_role(role, password=None))
    new_url = reverse("feedback:coordinator_brief_new") + "?theme=housing"
    edit_url = reverse("feedback:coordinator_brief_edit", args=[brief.pk])
    for url in (reverse("feedback:coordinator_briefs"), new_url, edit_url):
        assert client.get(url).status_code == 403
    post = brief_post(title={"en": "Changed"}, summary={"en": "Changed"})
    assert client.post(new_url, post).status_code == 403
    assert client.post(edit_url, post).status_code == 403
    send_url = reverse("feedback:coordinator_brief_send", args=[brief.pk])
    assert client.post(send_url).status_code == 403
    brief.refresh_from_db()
    assert (brief.title["en"], brief.status) == ("Rents and repairs", ThemeBrief.Status.DRAFT)
    assert ThemeBrief.objects.count() == 1
    assert not Notification.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("feedback:coordinator_briefs"))
    assert response.status_code == 302
    assert "login" in response.url or "sign" in response.url


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT])
def test_only_coordinators_update_or_send_a_brief(data, coordinator, role):
    brief = draft(data, coordinator)
    someone = user_with_role(role, password=None)
    with pytest.raises(services.NotAllowed):
        services.brief_update(
            brief_id=brief.pk,
            title={"en": "Changed"},
            public_summary={"en": "Changed"},
            proposed_ask={},
            quotes=[],
            action_ideas=[],
            by=someone,
        )
    with pytest.raises(services.NotAllowed):
        services.brief_send_to_committee(brief_id=brief.pk, by=someone)
    brief.refresh_from_db()
    assert (brief.title["en"], brief.status) == ("Rents and repairs", ThemeBrief.Status.DRAFT)
    assert not brief.history.exists()
    assert not Notification.objects.exists()


# Preparing a brief


def test_a_coordinator_creates_a_draft_with_quotes_and_action_ideas(
    client, data, coordinator, action_idea
):
    client.force_login(coordinator)
    url = reverse("feedback:coordinator_brief_new") + "?theme=housing"
    page = client.get(url)
    assert page.status_code == 200
    quote = data.housing.quotes.get()
    # The checkboxes list the theme's quotes and its confirmed action ideas.
    assert quote.text in page.text and action_idea.text in page.text
    # The evidence preview: 5 confirmed items (the idea too) from 2 dialogues, and the 3 MENA
    # attendees in Roxbury hidden.
    evidence = page.context["evidence"]
    assert evidence["items"] == "5"
    assert dict(evidence["neighborhoods"]) == {"Roxbury": "3", "Dorchester": "2"}
    sources = page.context["sources"]
    assert sorted((source.neighborhood, source.items) for source in sources) == [
        ("Dorchester", "2"),
        ("Roxbury", "3"),
    ]
    mena = next(row for row in evidence["who_came"]["rows"] if "Middle Eastern" in row["label"])
    assert mena["cells"][evidence["who_came"]["columns"].index("Roxbury")] == "<11"
    assert "&lt;11" in page.text

    response = client.post(
        url,
        brief_post(
            title={"en": "Rents and repairs"},
            summary={"en": SUMMARY},
            quotes=[quote],
            ideas=[action_idea],
        ),
    )
    brief = ThemeBrief.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:coordinator_brief_edit", args=[brief.pk])
    assert (brief.theme, brief.status, brief.created_by) == (
        data.housing,
        ThemeBrief.Status.DRAFT,
        coordinator,
    )
    assert brief.title == {"en": "Rents and repairs"}
    assert list(brief.quotes.all()) == [quote]
    assert list(brief.action_ideas.all()) == [action_idea]


@pytest.mark.parametrize("why", ["only suggested", "report not submitted"])
def test_an_action_idea_not_yet_feedback_is_not_offered(
    client, data, coordinator, action_idea, why
):
    if why == "only suggested":
        action_idea.tags.update(status=ThemeTag.Status.SUGGESTED, decided_at=None, decided_by=None)
    else:
        SessionReport.objects.filter(pk=action_idea.report_id).update(
            status=SessionReport.Status.DRAFT, submitted_by=None, submitted_at=None
        )
    client.force_login(coordinator)
    page = client.get(reverse("feedback:coordinator_brief_new") + "?theme=housing")
    assert action_idea.text not in page.text


def test_editing_a_draft_and_the_languages_still_missing(client, data, coordinator):
    brief = draft(data, coordinator)
    client.force_login(coordinator)
    url = reverse("feedback:coordinator_brief_edit", args=[brief.pk])
    page = client.get(url)
    missing = {str(label): codes for label, codes in page.context["missing"]}
    assert "es" not in missing["title"] and "fr" in missing["title"]
    assert "en" not in missing["summary in plain language"]
    assert "es" in missing["summary in plain language"]

    response = client.post(
        url,
        brief_post(
            title={"en": "Rents, repairs", "es": "Alquileres"},
            summary={"en": SUMMARY, "es": "Los alquileres suben."},
        ),
    )
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.title == {"en": "Rents, repairs", "es": "Alquileres"}
    assert brief.public_summary["es"] == "Los alquileres suben."
    missing = {str(label): codes for label, codes in client.get(url).context["missing"]}
    assert "es" not in missing["summary in plain language"]


def test_a_brief_needs_a_title(client, data, coordinator):
    client.force_login(coordinator)
    url = reverse("feedback:coordinator_brief_new") + "?theme=housing"
    response = client.post(url, brief_post(title={}, summary={"en": SUMMARY}))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not ThemeBrief.objects.exists()


def test_the_list_shows_briefs_by_status_with_a_visible_fallback(client, data, coordinator):
    routed = draft(data, coordinator)
    services.brief_route(brief_id=routed.pk, by=coordinator)
    services.brief_create(
        theme=data.policing,
        title={"en": "Stops and searches"},
        public_summary={},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    client.force_login(coordinator)
    with translation.override("es"):
        url = reverse("feedback:coordinator_briefs")
    page = client.get(url)
    groups = {group.status: group.briefs for group in page.context["groups"]}
    assert [brief.title["en"] for brief in groups["draft"]] == ["Stops and searches"]
    assert [brief.pk for brief in groups["on_docket"]] == [routed.pk]
    assert "Alquileres y reparaciones" in page.text
    # No Spanish title yet: the English one shows, marked with its language.
    assert '<span lang="en" dir="auto">Stops and searches</span>' in page.text
    assert reverse("feedback:coordinator_brief_new") in page.text


# Sending it to the committee


def test_a_missing_public_summary_is_refused_with_the_translated_message(client, data, coordinator):
    member = user_with_role(Role.COMMITTEE_MEMBER, password=None)
    brief = draft(data, coordinator, summary={"en": "  "})
    client.force_login(coordinator)
    response = client.post(reverse("feedback:coordinator_brief_send", args=[brief.pk]), follow=True)
    with translation.override("en"):
        assert str(services.SummaryMissing.message) in response.text
    brief.refresh_from_db()
    assert brief.status == ThemeBrief.Status.DRAFT
    assert not Notification.objects.filter(recipient=member).exists()


def test_routing_puts_the_brief_on_the_docket_and_tells_each_member_once_in_their_language(
    client, data, coordinator, django_capture_on_commit_callbacks
):
    spanish = user_with_role(Role.COMMITTEE_MEMBER, password=None, preferred_language="es")
    arabic = user_with_role(Role.COMMITTEE_MEMBER, password=None, preferred_language="ar")
    former = user_with_role(Role.COMMITTEE_MEMBER, password=None)
    former.is_active = False
    former.save(update_fields=["is_active"])
    user_with_role(Role.FACILITATOR, password=None)
    brief = draft(data, coordinator)
    client.force_login(coordinator)
    send_url = reverse("feedback:coordinator_brief_send", args=[brief.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url)
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == ThemeBrief.Status.ON_DOCKET
    assert brief.evidence["items"] == 4

    notes = Notification.objects.filter(kind="feedback.brief_routed")
    assert sorted(notes.values_list("recipient_id", "channel", "language")) == sorted(
        [
            (spanish.pk, Channel.EMAIL, "es"),
            (spanish.pk, Channel.IN_APP, "es"),
            (arabic.pk, Channel.EMAIL, "ar"),
            (arabic.pk, Channel.IN_APP, "ar"),
        ]
    )
    messages = {message.to[0]: message for message in mail.outbox}
    assert sorted(messages) == sorted([spanish.email, arabic.email])
    for member, title in ((spanish, "Alquileres y reparaciones"), (arabic, "Rents and repairs")):
        message = messages[member.email]
        language = member.preferred_language
        with translation.override(language):
            link = settings.SITE_URL + reverse("feedback:committee_brief", args=[brief.pk])
        assert f"/{language}/" in link
        assert link in message.body
        assert title in message.subject
        html, _mimetype = message.alternatives[0]
        assert f'lang="{language}"' in html
    assert '<html lang="ar" dir="rtl">' in messages[arabic.email].alternatives[0][0]

    # A second press of the button changes nothing and tells no one again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url)
    assert notes.count() == 4 and len(mail.outbox) == 2
    assert brief.history.count() == 1


def test_a_retry_of_the_same_routing_does_not_notify_again(data, coordinator):
    from feedback.committee.messages import BRIEF_ROUTED, brief_routed_message
    from notifications.services import notifications_enqueue_many

    member = user_with_role(Role.COMMITTEE_MEMBER, password=None)
    brief = services.brief_send_to_committee(brief_id=draft(data, coordinator).pk, by=coordinator)
    assert Notification.objects.filter(recipient=member).count() == 2
    again = notifications_enqueue_many(
        kind=BRIEF_ROUTED.key, outgoing=[brief_routed_message(brief, member, 1)]
    )
    assert again == []
    assert Notification.objects.filter(recipient=member).count() == 2


def test_a_brief_routed_again_after_more_input_notifies_again(data, coordinator):
    member = user_with_role(Role.COMMITTEE_MEMBER, password=None)
    brief = services.brief_send_to_committee(brief_id=draft(data, coordinator).pk, by=coordinator)
    services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.MORE_INPUT,
        rationale={"en": "We need to hear from East Boston."},
        by=member,
    )
    # Sent back for more input, the brief can be edited again.
    services.brief_update(
        brief_id=brief.pk,
        title={"en": "Rents and repairs, with East Boston"},
        public_summary={"en": SUMMARY},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    services.brief_send_to_committee(brief_id=brief.pk, by=coordinator)
    in_app = Notification.objects.filter(recipient=member, channel=Channel.IN_APP)
    assert in_app.count() == 2
    assert [note.context["routed_again"] for note in in_app.order_by("pk")] == [False, True]


def test_a_brief_on_the_docket_cannot_be_edited(client, data, coordinator):
    brief = draft(data, coordinator)
    services.brief_route(brief_id=brief.pk, by=coordinator)
    with pytest.raises(services.WrongStage):
        services.brief_update(
            brief_id=brief.pk,
            title={"en": "Changed"},
            public_summary={"en": "Changed"},
            proposed_ask={},
            quotes=[],
            action_ideas=[],
            by=coordinator,
        )
    client.force_login(coordinator)
    url = reverse("feedback:coordinator_brief_edit", args=[brief.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    assert 'name="title_0"' not in page.text
    assert page.context["is_snapshot"]
    client.post(url, brief_post(title={"en": "Changed"}, summary={"en": "Changed"}))
    brief.refresh_from_db()
    assert brief.title["en"] == "Rents and repairs"
    assert brief.public_summary == {"en": SUMMARY}


# Every language


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_pages_render_in_every_language(client, data, coordinator, language):
    editable = draft(data, coordinator)
    routed = draft(data, coordinator)
    services.brief_route(brief_id=routed.pk, by=coordinator)
    client.force_login(coordinator)
    with translation.override(language):
        urls = [
            reverse("feedback:coordinator_briefs"),
            reverse("feedback:coordinator_brief_new") + "?theme=housing",
            reverse("feedback:coordinator_brief_edit", args=[editable.pk]),
            reverse("feedback:coordinator_brief_edit", args=[routed.pk]),
        ]
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert re.search(rf'<html lang="[^"]+" dir="{direction}">', response.text), url


def test_arabic_pages_are_right_to_left(client, coordinator):
    client.force_login(coordinator)
    with translation.override("ar"):
        url = reverse("feedback:coordinator_briefs")
    assert '<html lang="ar" dir="rtl">' in client.get(url).text
