"""Themes and tagging: the coordinators' theme editor, the tagging inbox, a theme's page and its
representative quotes. Only confirmed tags count, and each role may do only its part."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import User
from accounts.roles import Role
from commonground.formatting import format_date_local
from dialogues.models import Contribution, ContributionTag, LiveRoom, RoomParticipant, Session
from facilitators.models import Assignment
from feedback.models import FeedbackItem, RepresentativeQuote, SurveyResponse, Theme, ThemeTag
from feedback.services import feedback_item_create, feedback_items_from_live_room
from feedback.suggestions import theme_suggestions_create
from feedback.themes.selectors import confirmed_item_counts_by_theme, themes_overview
from feedback.themes.services import (
    NotAllowed,
    QuoteItemNotInTheme,
    QuoteNotConfirmed,
    TagAlreadyDecided,
    ThemeNameMissing,
    ThemeRetired,
    ThemeSlugInvalid,
    ThemeSlugTaken,
    representative_quote_choose,
    representative_quote_remove,
    theme_create,
    theme_move,
    theme_reactivate,
    theme_retire,
    theme_tag_add,
    theme_tag_confirm,
    theme_tag_reject,
    theme_tag_remove,
    theme_update,
)
from tests.factories import DialogueFactory, user_with_role

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class World:
    coordinator: User
    lead: User
    co_facilitator: User
    invited: User
    other_facilitator: User
    committee: User
    resident: User
    session: Session
    other_session: Session
    housing: Theme
    education: Theme
    health: Theme

    def user(self, role: str) -> User:
        return getattr(self, role)


def theme(slug: str, name: dict, keywords: dict) -> Theme:
    return Theme.objects.update_or_create(
        slug=slug, defaults={"name": name, "keywords": keywords, "is_active": True}
    )[0]


@pytest.fixture
def world() -> World:
    # The seeded themes stay, but only these three suggest anything.
    Theme.objects.update(keywords={})
    housing = theme(
        "housing",
        {"en": "Housing and built environment", "es": "Vivienda y entorno construido"},
        {"es": ["renta", "desalojo"], "en": ["rent"], "zh-hans": ["房租"], "ar": ["إيجار"]},
    )
    education = theme("education", {"en": "Education"}, {"en": ["school"], "es": ["escuela"]})
    health = theme("health", {"en": "Health and well-being"}, {"en": ["clinic"]})
    own, other = DialogueFactory(), DialogueFactory()
    account = {"password": None}
    lead = user_with_role(Role.FACILITATOR, **account)
    co_facilitator = user_with_role(Role.FACILITATOR, **account)
    invited = user_with_role(Role.FACILITATOR, **account)
    other_facilitator = user_with_role(Role.FACILITATOR, **account)
    for dialogue, person, role, status in [
        (own, lead, Assignment.Role.LEAD, Assignment.Status.ACCEPTED),
        (own, co_facilitator, Assignment.Role.CO_FACILITATOR, Assignment.Status.ACCEPTED),
        (own, invited, Assignment.Role.CO_FACILITATOR, Assignment.Status.INVITED),
        (other, other_facilitator, Assignment.Role.LEAD, Assignment.Status.ACCEPTED),
    ]:
        Assignment.objects.create(dialogue=dialogue, person=person, role=role, status=status)
    return World(
        coordinator=user_with_role(Role.COORDINATOR, **account),
        lead=lead,
        co_facilitator=co_facilitator,
        invited=invited,
        other_facilitator=other_facilitator,
        committee=user_with_role(Role.COMMITTEE_MEMBER, **account),
        resident=user_with_role(Role.RESIDENT, **account),
        session=own.sessions.get(),
        other_session=other.sessions.get(),
        housing=housing,
        education=education,
        health=health,
    )


def said(session: Session, text: str, language: str = "es", **kwargs) -> FeedbackItem:
    """An item recorded as the live room, survey or report would, with its suggestions."""
    item = feedback_item_create(
        session=session,
        kind=kwargs.pop("kind", FeedbackItem.Kind.CONTRIBUTION),
        text=text,
        language=language,
        **kwargs,
    )
    theme_suggestions_create(item_ids=[item.pk])
    return item


def confirmed_in(item: FeedbackItem, theme: Theme, by: User) -> ThemeTag:
    return ThemeTag.objects.create(
        item=item,
        theme=theme,
        status=ThemeTag.Status.CONFIRMED,
        decided_by=by,
        decided_at=timezone.now(),
    )


def state() -> tuple:
    """Everything tagging and the editor can change, to show that a refusal changed nothing."""
    return (
        sorted(
            ThemeTag.objects.values_list("item_id", "theme_id", "status", "decided_by_id", "reason")
        ),
        sorted(RepresentativeQuote.objects.values_list("theme_id", "item_id", "text")),
        sorted(
            Theme.objects.values_list("pk", "slug", "name", "keywords", "position", "is_active")
        ),
    )


def multilingual(field: str, texts: dict[str, str]) -> dict[str, str]:
    """Form data for a MultilingualFormField: one box per configured language."""
    return {f"{field}_{index}": texts.get(code, "") for index, code in enumerate(LANGUAGE_CODES)}


def theme_form_data(slug: str, name: dict, keywords: dict | None = None, **extra) -> dict:
    return {
        "slug": slug,
        **multilingual("name", name),
        **multilingual("description", extra.get("description", {})),
        **multilingual(
            "keywords", {code: "\n".join(words) for code, words in (keywords or {}).items()}
        ),
    }


# Suggestions and decisions


def test_confirming_a_suggestion_makes_it_count(world):
    item = said(world.session, "La renta sube y hay desalojos.")
    tag = item.tags.get()
    assert tag.status == ThemeTag.Status.SUGGESTED
    assert confirmed_item_counts_by_theme() == {}

    theme_tag_confirm(tag=tag, by=world.lead)

    tag.refresh_from_db()
    assert (tag.status, tag.decided_by) == (ThemeTag.Status.CONFIRMED, world.lead)
    assert tag.decided_at is not None
    assert confirmed_item_counts_by_theme() == {world.housing.pk: 1}
    assert tag.reason == {"keywords": {"es": ["desalojo", "renta"]}}


def test_a_rejected_suggestion_counts_nowhere_and_is_not_suggested_again(world, client):
    item = said(world.session, "La renta sube.")
    theme_tag_reject(tag=item.tags.get(), by=world.coordinator)
    assert theme_suggestions_create(item_ids=[item.pk]) == 0
    assert list(item.tags.values_list("status", flat=True)) == [ThemeTag.Status.REJECTED]
    assert confirmed_item_counts_by_theme() == {}
    client.force_login(world.coordinator)
    body = client.get(reverse("feedback:theme_detail", args=["housing"])).content.decode()
    assert "La renta sube." not in body


def test_an_unconfirmed_suggestion_counts_nowhere(world, client):
    said(world.session, "La renta sube.")
    client.force_login(world.coordinator)
    overview = next(o for o in themes_overview() if o.theme == world.housing)
    assert (overview.confirmed_items, overview.open_suggestions) == (0, 1)

    response = client.get(reverse("feedback:theme_detail", args=["housing"]))
    assert response.context["page"].paginator.count == 0
    assert "La renta sube." not in response.content.decode()
    assert "0 confirmed feedback items" in response.content.decode()
    listing = client.get(reverse("feedback:theme_list"))
    housing = next(o for o in listing.context["overviews"] if o.theme == world.housing)
    assert housing.confirmed_items == 0


def test_adding_a_theme_confirms_it_even_over_an_earlier_suggestion_or_rejection(world):
    item = said(world.session, "La renta sube.")
    theme_tag_add(item=item, theme=world.health, by=world.lead)
    theme_tag_add(item=item, theme=world.housing, by=world.lead)
    assert dict(item.tags.values_list("theme__slug", "status")) == {
        "health": ThemeTag.Status.CONFIRMED,
        "housing": ThemeTag.Status.CONFIRMED,
    }
    theme_tag_remove(tag=item.tags.get(theme=world.health), by=world.lead)
    theme_tag_add(item=item, theme=world.health, by=world.co_facilitator)
    tag = item.tags.get(theme=world.health)
    assert (tag.status, tag.decided_by) == (ThemeTag.Status.CONFIRMED, world.co_facilitator)
    assert confirmed_item_counts_by_theme() == {world.health.pk: 1, world.housing.pk: 1}


def test_removing_a_theme_keeps_the_decision_and_drops_its_quote(world):
    item = said(world.session, "La renta sube.")
    tag = theme_tag_add(item=item, theme=world.housing, by=world.coordinator)
    representative_quote_choose(
        theme=world.housing,
        item=item,
        text="La renta sube.",
        no_names_confirmed=True,
        by=world.coordinator,
    )
    theme_tag_remove(tag=tag, by=world.lead)
    tag.refresh_from_db()
    assert (tag.status, tag.decided_by) == (ThemeTag.Status.REJECTED, world.lead)
    assert not RepresentativeQuote.objects.exists()
    assert confirmed_item_counts_by_theme() == {}
    assert theme_suggestions_create(item_ids=[item.pk]) == 0


def test_a_decided_suggestion_is_not_decided_again_the_other_way(world):
    first = said(world.session, "La renta sube.").tags.get()
    theme_tag_confirm(tag=first, by=world.lead)
    theme_tag_confirm(tag=first, by=world.co_facilitator)  # a second click changes nothing
    with pytest.raises(TagAlreadyDecided):
        theme_tag_reject(tag=first, by=world.co_facilitator)
    second = said(world.session, "Un desalojo.").tags.get()
    theme_tag_reject(tag=second, by=world.lead)
    with pytest.raises(TagAlreadyDecided):
        theme_tag_confirm(tag=second, by=world.co_facilitator)
    assert ThemeTag.objects.get(pk=first.pk).decided_by == world.lead
    assert ThemeTag.objects.get(pk=second.pk).status == ThemeTag.Status.REJECTED


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_one_suggestion_at_once_leave_one_decision(world):
    tag = said(world.session, "La renta sube.").tags.get()
    barrier = threading.Barrier(2)

    def decide(action, by) -> str:
        try:
            barrier.wait()
            action(tag=tag, by=by)
            return "done"
        except TagAlreadyDecided:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as executor:
        outcomes = [
            executor.submit(decide, theme_tag_confirm, world.lead),
            executor.submit(decide, theme_tag_reject, world.co_facilitator),
        ]
        results = sorted(future.result() for future in outcomes)
    assert results == ["done", "refused"]
    tag.refresh_from_db()
    winner = world.lead if tag.status == ThemeTag.Status.CONFIRMED else world.co_facilitator
    assert tag.decided_by == winner


# Permissions in the services


TAG_ACTIONS = ["add", "confirm", "reject", "remove"]


def tag_action(name: str, world: World, item: FeedbackItem):
    suggestion = item.tags.get(theme=world.housing)
    confirmed = item.tags.get(theme=world.education)
    return {
        "add": lambda by: theme_tag_add(item=item, theme=world.health, by=by),
        "confirm": lambda by: theme_tag_confirm(tag=suggestion, by=by),
        "reject": lambda by: theme_tag_reject(tag=suggestion, by=by),
        "remove": lambda by: theme_tag_remove(tag=confirmed, by=by),
    }[name]


def item_with_tags(world: World, session: Session) -> FeedbackItem:
    item = said(session, "La renta sube.")
    confirmed_in(item, world.education, world.coordinator)
    return item


@pytest.mark.parametrize("action", TAG_ACTIONS)
@pytest.mark.parametrize("role", ["coordinator", "lead", "co_facilitator"])
def test_coordinators_and_the_sessions_facilitators_tag_its_feedback(world, action, role):
    item = item_with_tags(world, world.session)
    before = state()
    tag_action(action, world, item)(world.user(role))
    assert state() != before


@pytest.mark.parametrize("action", TAG_ACTIONS)
@pytest.mark.parametrize("role", ["invited", "other_facilitator", "committee", "resident"])
def test_everyone_else_is_refused_and_nothing_changes(world, action, role):
    item = item_with_tags(world, world.session)
    before = state()
    with pytest.raises(NotAllowed):
        tag_action(action, world, item)(world.user(role))
    assert state() == before


@pytest.mark.parametrize("action", TAG_ACTIONS)
def test_facilitators_may_not_tag_other_sessions_feedback(world, action):
    item = item_with_tags(world, world.other_session)
    before = state()
    with pytest.raises(NotAllowed):
        tag_action(action, world, item)(world.lead)
    assert state() == before
    tag_action(action, world, item)(world.other_facilitator)
    assert state() != before


def coordinator_action(name: str, world: World, item: FeedbackItem):
    quote = RepresentativeQuote.objects.get(item=item)
    return {
        "create": lambda by: theme_create(
            slug="youth", name={"en": "Youth"}, description={}, keywords={}, by=by
        ),
        "update": lambda by: theme_update(
            theme=world.health,
            slug="health",
            name={"en": "Health"},
            description={},
            keywords={"en": ["clinic", "doctor"]},
            by=by,
        ),
        "retire": lambda by: theme_retire(theme=world.health, by=by),
        "reactivate": lambda by: theme_reactivate(theme=world.health, by=by),
        "move": lambda by: theme_move(theme=world.health, offset=1, by=by),
        "quote": lambda by: representative_quote_choose(
            theme=world.education, item=item, text="Renta.", no_names_confirmed=True, by=by
        ),
        "unquote": lambda by: representative_quote_remove(quote=quote, by=by),
    }[name]


COORDINATOR_ACTIONS = ["create", "update", "retire", "reactivate", "move", "quote", "unquote"]


@pytest.mark.parametrize("action", COORDINATOR_ACTIONS)
@pytest.mark.parametrize("role", ["coordinator", "lead", "committee", "resident"])
def test_only_coordinators_edit_themes_and_choose_quotes(world, action, role):
    item = item_with_tags(world, world.session)
    RepresentativeQuote.objects.create(
        theme=world.education,
        item=item,
        text="La renta",
        no_names_confirmed=True,
        chosen_by=world.coordinator,
    )
    if action == "reactivate":
        Theme.objects.filter(pk=world.health.pk).update(is_active=False)
    perform = coordinator_action(action, world, item)
    before = state()
    if role == "coordinator":
        perform(world.coordinator)
        assert state() != before
    else:
        with pytest.raises(NotAllowed):
            perform(world.user(role))
        assert state() == before


# Pages: who gets in


def pages(world: World) -> dict[str, str]:
    return {
        "theme_list": reverse("feedback:theme_list"),
        "theme_create": reverse("feedback:theme_create"),
        "theme_edit": reverse("feedback:theme_edit", args=[world.housing.pk]),
        "inbox": reverse("feedback:inbox"),
        "theme_detail": reverse("feedback:theme_detail", args=["housing"]),
    }


COORDINATOR_PAGES = {"theme_list", "theme_create", "theme_edit"}


@pytest.mark.parametrize("role", ["coordinator", "lead", "committee", "resident"])
def test_pages_open_only_for_the_roles_that_use_them(world, client, role):
    client.force_login(world.user(role))
    for name, url in pages(world).items():
        status = client.get(url).status_code
        if role == "coordinator" or (role == "lead" and name not in COORDINATOR_PAGES):
            assert status == 200, (role, name)
        else:
            assert status == 403, (role, name)


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in pages(world).values():
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    item = item_with_tags(world, world.session)
    before = state()
    response = client.post(reverse("feedback:tag_confirm", args=[item.tags.first().pk]))
    assert response.status_code == 302 and state() == before


def test_facilitators_see_only_their_own_dialogues_feedback(world, client):
    own = said(world.session, "La renta en nuestro barrio.")
    other = said(world.other_session, "La renta en otro barrio.")
    theme_tag_confirm(tag=own.tags.get(), by=world.coordinator)
    theme_tag_confirm(tag=other.tags.get(), by=world.coordinator)
    for url in [reverse("feedback:inbox"), reverse("feedback:theme_detail", args=["housing"])]:
        client.force_login(world.lead)
        body = client.get(url).content.decode()
        assert own.text in body and other.text not in body
        client.force_login(world.coordinator)
        body = client.get(url).content.decode()
        assert own.text in body and other.text in body
    client.force_login(world.invited)
    assert own.text not in client.get(reverse("feedback:inbox")).content.decode()


def test_a_facilitator_posting_on_another_sessions_item_is_refused(world, client):
    item = item_with_tags(world, world.other_session)
    suggestion = item.tags.get(theme=world.housing)
    confirmed = item.tags.get(theme=world.education)
    client.force_login(world.lead)
    before = state()
    for url, data in [
        (reverse("feedback:tag_add", args=[item.pk]), {"theme": world.health.pk}),
        (reverse("feedback:tag_confirm", args=[suggestion.pk]), {}),
        (reverse("feedback:tag_reject", args=[suggestion.pk]), {}),
        (reverse("feedback:tag_remove", args=[confirmed.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert state() == before


def test_coordinator_only_posts_are_refused_to_facilitators(world, client):
    item = item_with_tags(world, world.session)
    quote = RepresentativeQuote.objects.create(
        theme=world.education,
        item=item,
        text="La renta",
        no_names_confirmed=True,
        chosen_by=world.coordinator,
    )
    client.force_login(world.lead)
    before = state()
    for url, data in [
        (reverse("feedback:theme_create"), theme_form_data("youth", {"en": "Youth"})),
        (reverse("feedback:theme_retire", args=[world.health.pk]), {}),
        (reverse("feedback:theme_reactivate", args=[world.health.pk]), {}),
        (reverse("feedback:theme_move", args=[world.health.pk]), {"direction": "up"}),
        (
            reverse("feedback:theme_detail", args=["education"]),
            {"item": item.pk, "text": "Renta", "no_names_confirmed": "on"},
        ),
        (reverse("feedback:quote_remove", args=["education", quote.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert state() == before


# The inbox


def test_the_inbox_shows_each_item_with_its_source_its_themes_and_why_a_theme_was_suggested(
    world, client
):
    item = said(world.session, "Subió la renta y hubo un desalojo.")
    confirmed_in(item, world.education, world.lead)
    client.force_login(world.coordinator)
    response = client.get(reverse("feedback:inbox"))
    body = response.content.decode()
    assert 'lang="es" dir="ltr"' in body
    assert "Contribution in a live session" in body
    assert escape(response.context["rows"][0].title) in body
    assert reverse("dialogues:dialogue_detail", args=[world.session.dialogue_id]) in body
    assert world.session.dialogue.neighborhood.name in body
    assert format_date_local(item.occurred_on, "medium", "en") in body
    assert "Matched “desalojo” and “renta” in Spanish." in body
    assert reverse("feedback:tag_confirm", args=[item.tags.get(theme=world.housing).pk]) in body
    assert reverse("feedback:tag_remove", args=[item.tags.get(theme=world.education).pk]) in body
    # Themes it already has or is suggested for are not offered again.
    offered = [theme for theme, _label in response.context["rows"][0].addable]
    assert world.health in offered and world.housing not in offered
    assert world.education not in offered

    with translation.override("es"):
        body = client.get(reverse("feedback:inbox")).content.decode()
    assert "“desalojo”" in body and "Español" in body


def test_right_to_left_and_chinese_feedback_keeps_its_language_and_direction(world, client):
    said(world.session, "الإيجار مرتفع جدا", "ar")
    said(world.session, "房租太贵了", "zh-hans")
    client.force_login(world.coordinator)
    body = client.get(reverse("feedback:inbox")).content.decode()
    assert 'lang="ar" dir="rtl"' in body
    assert 'lang="zh-Hans" dir="ltr"' in body


def test_inbox_filters(world, client):
    untagged = said(world.session, "La renta sube.")
    tagged = said(world.session, "Hay una escuela nueva.")
    theme_tag_confirm(tag=tagged.tags.get(), by=world.lead)
    quiet = said(world.other_session, "Nada que decir.")
    response = SurveyResponse.objects.create(
        session=world.other_session, language="es", submitted_on=timezone.localdate()
    )
    answer = said(
        world.other_session,
        "Más clínicas.",
        kind=FeedbackItem.Kind.SURVEY_ANSWER,
        survey_response=response,
    )
    client.force_login(world.coordinator)

    def shown(**query) -> set[int]:
        page = client.get(reverse("feedback:inbox"), query).context["page"]
        return {item.pk for item in page}

    assert shown() == {untagged.pk, tagged.pk, quiet.pk, answer.pk}
    assert shown(state="needs_theme") == {untagged.pk, quiet.pk, answer.pk}
    assert shown(state="suggested") == {untagged.pk}
    assert shown(theme="education") == {tagged.pk}
    assert shown(theme="housing") == set()
    assert shown(theme="housing", state="suggested") == {untagged.pk}
    assert shown(neighborhood=world.other_session.dialogue.neighborhood.slug) == {
        quiet.pk,
        answer.pk,
    }
    assert shown(kind="survey_answer") == {answer.pk}
    assert shown(session=world.session.pk) == {untagged.pk, tagged.pk}


def test_the_inbox_lists_newest_first_fifty_to_a_page(world, client):
    today = timezone.localdate()
    FeedbackItem.objects.bulk_create(
        FeedbackItem(
            kind=FeedbackItem.Kind.CONTRIBUTION,
            text=f"Item {number}",
            language="en",
            session=world.session,
            dialogue=world.session.dialogue,
            neighborhood=world.session.dialogue.neighborhood,
            occurred_on=today - timedelta(days=number),
        )
        for number in range(51)
    )
    client.force_login(world.coordinator)
    first = client.get(reverse("feedback:inbox"), {"state": "needs_theme"})
    assert [item.text for item in first.context["page"]][:2] == ["Item 0", "Item 1"]
    assert len(first.context["page"]) == 50
    body = first.content.decode()
    assert "?state=needs_theme&amp;page=2" in body
    second = client.get(reverse("feedback:inbox"), {"state": "needs_theme", "page": 2})
    assert [item.text for item in second.context["page"]] == ["Item 50"]


def test_pages_take_as_many_queries_for_many_items_as_for_few(world, client):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_items(count: int) -> None:
        for number in range(count):
            session = world.session if number % 2 else world.other_session
            item = said(session, f"La renta sube, y la escuela {number}.")
            theme_tag_confirm(tag=item.tags.get(theme=world.housing), by=world.coordinator)

    client.force_login(world.coordinator)
    urls = [reverse("feedback:inbox"), reverse("feedback:theme_detail", args=["housing"])]
    add_items(2)
    few = [queries(url) for url in urls]
    add_items(10)
    assert [queries(url) for url in urls] == few


def test_a_decision_returns_to_the_same_filtered_page_at_the_item(world, client):
    item = said(world.session, "La renta sube.")
    tag = item.tags.get()
    client.force_login(world.lead)
    back = reverse("feedback:inbox") + "?state=suggested&page=1"
    response = client.post(reverse("feedback:tag_confirm", args=[tag.pk]), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == f"{back}#item-{item.pk}"
    tag.refresh_from_db()
    assert tag.status == ThemeTag.Status.CONFIRMED

    response = client.post(
        reverse("feedback:tag_add", args=[item.pk]),
        {"theme": world.health.pk, "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == f"{reverse('feedback:inbox')}#item-{item.pk}"
    assert item.tags.get(theme=world.health).status == ThemeTag.Status.CONFIRMED


def test_a_suggestion_withdrawn_while_the_page_was_open_is_explained(world, client):
    tag = said(world.session, "La renta sube.").tags.get()
    tag_id = tag.pk
    tag.delete()
    client.force_login(world.lead)
    response = client.post(reverse("feedback:tag_confirm", args=[tag_id]), follow=True)
    assert "This suggestion was withdrawn" in response.content.decode()


# The theme editor


def test_a_coordinator_creates_a_theme_with_names_and_keywords_per_language(world, client):
    client.force_login(world.coordinator)
    data = theme_form_data(
        "youth",
        {"en": "Youth", "es": "Juventud"},
        {"en": ["youth", "teen"], "es": ["jóvenes", " adolescentes ", ""]},
        description={"en": "Young people and their futures."},
    )
    response = client.post(reverse("feedback:theme_create"), data)
    assert response.status_code == 302
    youth = Theme.objects.get(slug="youth")
    assert youth.name == {"en": "Youth", "es": "Juventud"}
    assert youth.keywords == {"en": ["youth", "teen"], "es": ["jóvenes", "adolescentes"]}
    assert youth.position == Theme.objects.exclude(pk=youth.pk).count()
    listing = client.get(reverse("feedback:theme_list")).content.decode()
    assert "Youth" in listing


def test_a_slug_must_be_unique_and_well_formed(world, client):
    client.force_login(world.coordinator)
    count = Theme.objects.count()
    response = client.post(
        reverse("feedback:theme_create"), theme_form_data("housing", {"en": "Homes"})
    )
    assert response.status_code == 200
    assert escape("Another theme already uses the slug “housing”.") in response.content.decode()
    response = client.post(
        reverse("feedback:theme_create"), theme_form_data("not a slug!", {"en": "Homes"})
    )
    assert response.status_code == 200 and response.context["form"].errors["slug"]
    assert Theme.objects.count() == count
    with pytest.raises(ThemeSlugTaken):
        theme_update(
            theme=world.health,
            slug="housing",
            name={"en": "Health"},
            description={},
            keywords={},
            by=world.coordinator,
        )
    with pytest.raises(ThemeSlugInvalid):
        theme_create(
            slug="Two words", name={"en": "X"}, description={}, keywords={}, by=world.coordinator
        )


def test_a_theme_needs_a_name_in_the_sites_language(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("feedback:theme_create"), theme_form_data("youth", {"es": "Juventud"})
    )
    assert response.status_code == 200
    assert "Give the theme a name in English at least." in response.content.decode()
    with pytest.raises(ThemeNameMissing):
        theme_create(
            slug="youth", name={"es": "Juventud"}, description={}, keywords={}, by=world.coordinator
        )
    assert not Theme.objects.filter(slug="youth").exists()


def test_the_edit_form_shows_one_keyword_per_line(world, client):
    client.force_login(world.coordinator)
    body = client.get(reverse("feedback:theme_edit", args=[world.housing.pk])).content.decode()
    assert "renta\ndesalojo</textarea>" in body


def test_changed_keywords_refresh_suggestions_and_keep_decisions(
    world, client, django_capture_on_commit_callbacks
):
    confirmed = said(world.session, "La renta sube.")
    theme_tag_confirm(tag=confirmed.tags.get(), by=world.lead)
    rejected = said(world.session, "Otra renta.")
    theme_tag_reject(tag=rejected.tags.get(), by=world.lead)
    withdrawn = said(world.session, "Un desalojo.")
    newly = said(world.session, "No hay vivienda.")
    assert not newly.tags.exists()
    Theme.objects.filter(pk=world.housing.pk).update(
        keywords={**world.housing.keywords, "ko": ["월세"]}
    )

    client.force_login(world.coordinator)
    data = theme_form_data(
        "housing",
        world.housing.name,
        {"es": ["renta", "vivienda"], "en": ["rent"]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:theme_edit", args=[world.housing.pk]), data)
    assert response.status_code == 302

    world.housing.refresh_from_db()
    # Korean is not offered here, so its list was not on the form; it is kept, not dropped.
    assert world.housing.keywords == {"es": ["renta", "vivienda"], "en": ["rent"], "ko": ["월세"]}
    assert confirmed.tags.get().status == ThemeTag.Status.CONFIRMED
    assert rejected.tags.get().status == ThemeTag.Status.REJECTED
    assert not withdrawn.tags.exists()
    assert newly.tags.get().reason == {"keywords": {"es": ["vivienda"]}}


def test_saving_without_changing_keywords_leaves_suggestions_alone(
    world, client, django_capture_on_commit_callbacks
):
    item = said(world.session, "La renta sube.")
    before = item.tags.get()
    client.force_login(world.coordinator)
    data = theme_form_data("housing", {"en": "Housing"}, world.housing.keywords)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("feedback:theme_edit", args=[world.housing.pk]), data)
    assert callbacks == []
    assert item.tags.get().pk == before.pk


def test_retiring_keeps_history_and_stops_new_tags(
    world, client, django_capture_on_commit_callbacks
):
    kept = said(world.session, "La renta sube.")
    theme_tag_confirm(tag=kept.tags.get(), by=world.lead)
    open_item = said(world.session, "Un desalojo.")
    client.force_login(world.coordinator)
    client.post(reverse("feedback:theme_retire", args=[world.housing.pk]))

    world.housing.refresh_from_db()
    assert not world.housing.is_active
    assert kept.tags.get().status == ThemeTag.Status.CONFIRMED
    assert confirmed_item_counts_by_theme() == {world.housing.pk: 1}
    assert not open_item.tags.exists()
    with pytest.raises(ThemeRetired):
        theme_tag_add(item=open_item, theme=world.housing, by=world.coordinator)
    response = client.get(reverse("feedback:inbox"))
    assert all(
        world.housing not in [theme for theme, _label in row.addable]
        for row in response.context["rows"]
    )
    assert "Retired" in client.get(reverse("feedback:theme_list")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:theme_reactivate", args=[world.housing.pk]))
    world.housing.refresh_from_db()
    assert world.housing.is_active
    assert open_item.tags.get().status == ThemeTag.Status.SUGGESTED


def test_reordering_moves_a_theme_up_or_down(world, client):
    client.force_login(world.coordinator)
    order = [overview.theme.pk for overview in themes_overview()]
    second = Theme.objects.get(pk=order[1])
    client.post(reverse("feedback:theme_move", args=[second.pk]), {"direction": "up"})
    assert [overview.theme.pk for overview in themes_overview()][:2] == [order[1], order[0]]
    client.post(reverse("feedback:theme_move", args=[second.pk]), {"direction": "down"})
    client.post(reverse("feedback:theme_move", args=[second.pk]), {"direction": "down"})
    now = [overview.theme.pk for overview in themes_overview()]
    assert now[:3] == [order[0], order[2], order[1]]
    positions = list(Theme.objects.order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(order)))
    response = client.post(reverse("feedback:theme_move", args=[second.pk]), {"direction": "x"})
    assert response.status_code == 400


def test_a_missing_translation_falls_back_visibly(world, client):
    client.force_login(world.coordinator)
    with translation.override("fr"):
        body = client.get(reverse("feedback:theme_list")).content.decode()
    assert '<span lang="en" dir="auto">Education</span>' in body
    assert '<span class="fallback-note">(Anglais)</span>' in body


# A theme's page and its quotes


def test_the_theme_page_links_each_item_to_where_it_was_said_and_filters(world, client):
    here = said(world.session, "La renta sube.")
    there = said(world.other_session, "Otra renta.")
    for item in (here, there):
        theme_tag_confirm(tag=item.tags.get(), by=world.coordinator)
    FeedbackItem.objects.filter(pk=there.pk).update(
        occurred_on=timezone.localdate() - timedelta(days=400)
    )
    client.force_login(world.coordinator)
    url = reverse("feedback:theme_detail", args=["housing"])
    body = client.get(url).content.decode()
    assert reverse("dialogues:dialogue_detail", args=[world.session.dialogue_id]) in body
    assert world.other_session.dialogue.neighborhood.name in body

    def shown(**query) -> set[int]:
        return {item.pk for item in client.get(url, query).context["page"]}

    assert shown() == {here.pk, there.pk}
    assert shown(neighborhood=world.session.dialogue.neighborhood.slug) == {here.pk}
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert shown(date_from=since) == {here.pk}
    assert shown(date_to=since) == {there.pk}


def test_a_quote_needs_the_confirmation_that_it_names_no_one(world, client):
    item = said(world.session, "Mi casero, el señor Pérez, subió la renta.")
    theme_tag_confirm(tag=item.tags.get(), by=world.lead)
    url = reverse("feedback:theme_detail", args=["housing"])
    client.force_login(world.coordinator)

    body = client.get(url).content.decode()
    assert "This quote names no one and cannot identify anyone" in body
    response = client.post(url, {"item": item.pk, "text": "Mi casero subió la renta."})
    assert response.status_code == 200
    assert "Confirm that the quote names no one and cannot identify anyone." in (
        response.content.decode()
    )
    assert not RepresentativeQuote.objects.exists()
    with pytest.raises(QuoteNotConfirmed):
        representative_quote_choose(
            theme=world.housing,
            item=item,
            text="Mi casero subió la renta.",
            no_names_confirmed=False,
            by=world.coordinator,
        )

    response = client.post(
        url, {"item": item.pk, "text": "Mi casero subió la renta.", "no_names_confirmed": "on"}
    )
    assert response.status_code == 302
    quote = RepresentativeQuote.objects.get()
    assert (quote.text, quote.chosen_by, quote.no_names_confirmed) == (
        "Mi casero subió la renta.",
        world.coordinator,
        True,
    )
    body = client.get(url).content.decode()
    assert "Mi casero subió la renta." in body
    assert reverse("feedback:quote_remove", args=["housing", quote.pk]) in body

    client.post(reverse("feedback:quote_remove", args=["housing", quote.pk]))
    assert not RepresentativeQuote.objects.exists()


def test_only_feedback_confirmed_in_the_theme_can_be_its_quote(world, client):
    item = said(world.session, "La renta sube.")
    with pytest.raises(QuoteItemNotInTheme):
        representative_quote_choose(
            theme=world.housing,
            item=item,
            text="La renta sube.",
            no_names_confirmed=True,
            by=world.coordinator,
        )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("feedback:theme_detail", args=["housing"]),
        {"item": item.pk, "text": "La renta sube.", "no_names_confirmed": "on"},
    )
    assert response.status_code == 404
    assert not RepresentativeQuote.objects.exists()


def test_facilitators_see_no_quote_forms(world, client):
    item = said(world.session, "La renta sube.")
    theme_tag_confirm(tag=item.tags.get(), by=world.lead)
    client.force_login(world.lead)
    body = client.get(reverse("feedback:theme_detail", args=["housing"])).content.decode()
    assert "La renta sube." in body
    assert "This quote names no one" not in body


# The live console's free tags


def test_a_console_tag_naming_a_theme_becomes_a_confirmed_tag(
    world, django_capture_on_commit_callbacks
):
    room = LiveRoom.objects.create(session=world.session)
    lead_seat = RoomParticipant.objects.create(
        room=room,
        role=RoomParticipant.Role.FACILITATOR,
        user=world.lead,
        display_name="Lena",
        language="en",
    )
    speaker = RoomParticipant.objects.create(
        room=room, role=RoomParticipant.Role.PARTICIPANT, display_name="Rosa", language="es"
    )

    def contribution(text: str, *tags: str, **fields) -> Contribution:
        made = Contribution.objects.create(
            room=room,
            participant=speaker,
            client_id=uuid.uuid4(),
            text=text,
            language="es",
            **fields,
        )
        for tag in tags:
            ContributionTag.objects.create(contribution=made, tag=tag, added_by=lead_seat)
        return made

    by_name = contribution("Los precios", "Vivienda y entorno construido", "urgente")
    by_slug = contribution("Las escuelas", "EDUCATION")
    untagged = contribution("La renta sube")
    contribution("Algo ofensivo", "housing", hidden_at=timezone.now(), hidden_reason="Ofensivo")

    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_items_from_live_room(session_id=world.session.pk) == 3

    def tags_of(made: Contribution) -> dict[str, tuple]:
        return {
            tag.theme.slug: (tag.status, tag.decided_by)
            for tag in FeedbackItem.objects.get(contribution=made).tags.select_related("theme")
        }

    assert tags_of(by_name) == {"housing": (ThemeTag.Status.CONFIRMED, world.lead)}
    assert tags_of(by_slug) == {"education": (ThemeTag.Status.CONFIRMED, world.lead)}
    assert tags_of(untagged) == {"housing": (ThemeTag.Status.SUGGESTED, None)}
    assert confirmed_item_counts_by_theme() == {world.housing.pk: 1, world.education.pk: 1}
    assert feedback_items_from_live_room(session_id=world.session.pk) == 0


# Every language


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_pages_render_in_every_language(world, client, language):
    item = said(world.session, "La renta sube y hay desalojos.")
    said(world.session, "الإيجار مرتفع", "ar")
    theme_tag_add(item=item, theme=world.education, by=world.coordinator)
    representative_quote_choose(
        theme=world.education,
        item=item,
        text="La renta sube.",
        no_names_confirmed=True,
        by=world.coordinator,
    )
    expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    visits = [(world.coordinator, name, url) for name, url in pages(world).items()] + [
        (world.coordinator, "education", reverse("feedback:theme_detail", args=["education"])),
        (world.lead, "inbox", reverse("feedback:inbox")),
        (world.lead, "theme_detail", reverse("feedback:theme_detail", args=["housing"])),
    ]
    for user, name, english_url in visits:
        client.force_login(user)
        with translation.override(language):
            url = english_url.replace("/en/", f"/{language}/", 1)
            response = client.get(url)
        assert response.status_code == 200, (language, name)
        body = response.content.decode()
        assert f'dir="{expected_dir}"' in body.split(">", 2)[1], (language, name)
